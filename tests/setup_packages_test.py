"""scripts/setup names every Debian package whose Python modules the
project imports, so that a machine it has set up runs them all.

A module that the scripts, the CPython peers and the tests import, from
outside the standard library and the project's own files, comes from
Debian's python3-<module> (its policy for naming them), which must be one
of scripts/setup's packages. Run alone:

    /usr/bin/python3 -m pytest tests/setup_packages_test.py
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where the project's Python lives: every .py file under these folders, and
# every script under scripts/ whose first line runs python.
PYTHON_FOLDERS = ("bench", "scripts", "tests", "examples")


def setup_packages(text):
    """The names in scripts/setup's `packages=( ... )` list, one a line."""
    found = re.search(r"^packages=\($(.*?)^\)$", text, re.M | re.S)
    assert found, "scripts/setup has no packages=( ... ) list"
    return {line.split()[0] for line in found.group(1).splitlines() if line.split()}


def python_files():
    for folder in PYTHON_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file():
                continue
            if path.suffix == ".py":
                yield path
            elif folder == "scripts" and path.suffix == "":
                with path.open("rb") as file:
                    if b"python" in file.readline():
                        yield path


def imported_modules(source):
    """The top-level names of the absolute imports in `source`."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def own_modules(files):
    """The names the project's own files and packages import under."""
    names = set()
    for path in files:
        names.add(path.stem)
        names.update(parent.name for parent in path.parents if (parent / "__init__.py").exists())
    return names


def third_party_imports(files):
    """Each module imported from outside the standard library and the
    project, with a file that imports it."""
    ours = own_modules(files)
    imports = {}
    for path in files:
        for name in imported_modules(path.read_text()):
            if name not in sys.stdlib_module_names and name not in ours:
                imports.setdefault(name, path.relative_to(ROOT))
    return imports


def test_setup_installs_every_imported_module():
    packages = setup_packages((ROOT / "scripts" / "setup").read_text())
    missing = {
        f"python3-{name.lower()}": str(where)
        for name, where in third_party_imports(list(python_files())).items()
        if f"python3-{name.lower()}" not in packages
    }
    assert not missing, f"scripts/setup does not install what these import: {missing}"


def test_the_check_reads_every_python_file():
    files = set(python_files())
    # Python scripts without a suffix, and the CPython peers.
    assert {ROOT / "scripts" / "mutants", ROOT / "scripts" / "claims_doc",
            ROOT / "bench" / "cpython" / "workloads.py"} <= files
    assert ROOT / "scripts" / "bench" not in files  # bash
    # gevent and requests are imported inside functions, where they run.
    imports = third_party_imports(list(files))
    assert {"gevent", "requests", "scipy", "pytest"} <= imports.keys()


def test_setup_packages_reads_the_list_alone():
    text = "x=(\n  a\n)\npackages=(\n    gcc   # a compiler\n\n    python3-x\n)\nmore=(\n  b\n)\n"
    assert setup_packages(text) == {"gcc", "python3-x"}


def test_imported_modules_takes_absolute_imports_at_any_depth():
    source = "import a.b, c\nfrom d.e import f\nfrom . import g\ndef h():\n    import i\n"
    assert imported_modules(source) == {"a", "c", "d", "i"}
