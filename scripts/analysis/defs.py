"""The project's registries written as C X-macro lines, one entry a line:
core/models/models.def (SB_MODEL(<name>, <file>, "#rrggbb")) and
bench/cpython/constructs.def (SB_CONSTRUCT(<construct>, <model>, "<what it
is>")). One reader for both: entries(path, macro, fields) gives each line
that begins with `MACRO(` as a tuple of its fields, and names the file and
line of one that is not as its fields say. Lines that do not begin so (the
comment block at a file's top) are not entries."""
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Field:
    """One argument of an entry: the pattern it must match (one group, its
    value) and how an error message writes it."""
    pattern: str
    shown: str


def name_field(shown: str) -> Field:
    """An identifier: lower-case letters, digits and underscores."""
    return Field(r"([a-z_0-9]+)", shown)


def colour_field() -> Field:
    """A colour as a quoted "#rrggbb"."""
    return Field(r'"(#[0-9a-f]{6})"', '"#rrggbb"')


def text_field(shown: str) -> Field:
    """A C string literal, in which only \\" and \\\\ are escapes; its value unescaped."""
    return Field(r'"((?:[^"\\]|\\["\\])*)"', f'"{shown}"')


ESCAPE = re.compile(r'\\(["\\])')


class TableError(Exception):
    """A registry that cannot be read, or a line of it that is not an entry, with why in words."""


def entries(path: Path, macro: str, fields: tuple) -> list:
    """Each entry of the file as a tuple of its fields' values, in file order."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise TableError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
    pattern = re.compile(re.escape(macro) + r"\(" + r", *".join(f.pattern for f in fields) + r"\)")
    made = []
    for number, line in enumerate(lines, 1):
        if not line.startswith(f"{macro}("):
            continue
        match = pattern.fullmatch(line.strip())
        if not match:
            shape = f"{macro}({', '.join(f.shown for f in fields)})"
            raise TableError(f"{path} line {number}: {line.strip()} is not {shape}")
        made.append(tuple(ESCAPE.sub(r"\1", value) for value in match.groups()))
    return made
