"""scripts/mutants, the mutation sampler: the sites each operator finds in
small snippets of C, Python and docs/claims.json (none in comments or
strings, no two making one mutant), that every site of the covered Python
files and of the bars still parses, the seeded draw, and a draw on a toy
tree in a temporary folder whose tests kill one mutant and miss another,
then kill that one too when its survivors run again."""
import ast
import importlib.machinery
import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "mutants"


def _load():
    loader = importlib.machinery.SourceFileLoader("mutants", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("mutants", loader))
    loader.exec_module(module)
    return module


mutants = _load()


def changes(text, language, operator=None):
    """Each site as the text it makes, for one operator or all."""
    return [text[:c.start] + c.replacement + text[c.end:]
            for c in mutants.changes_in(text, language) if operator in (None, c.operator)]


def in_function(body):
    return "int f(int a, int b)\n{\n" + body + "}\n"


# --- Each operator --------------------------------------------------------

def test_a_comparison_is_flipped_and_its_strictness_changed():
    text = in_function("    if (a < b)\n        return 1;\n")
    assert in_function("    if (a > b)\n        return 1;\n") in changes(text, "c", "comparison flipped")
    assert changes(text, "c", "strictness changed") == [in_function("    if (a <= b)\n        return 1;\n")]
    assert changes("x = a == b\n", "python", "comparison flipped") == ["x = a != b\n"]
    assert changes("x = a == b\n", "python", "strictness changed") == []


def test_arrows_shifts_and_includes_are_not_comparisons():
    text = '#include <stdio.h>\nint g(struct s *p) { return p->x >> 2 << 1; }\n'
    assert changes(text, "c", "comparison flipped") == []
    assert changes("def f() -> int:\n    return 1\n", "python", "comparison flipped") == []


@pytest.mark.parametrize("literal, scaled", [
    ("4096", "8192"), ("0", "1"), ("0.5", "0.4"), ("1e3", "800.0"), ("1.0f", "0.8f"), ("10ULL", "20ULL"),
    ("1_000", "2000"), ("0.0", "1.0"),
])
def test_a_constant_is_scaled(literal, scaled):
    assert mutants.scaled(literal) == scaled


def test_constants_are_numbers_alone():
    assert changes("int64_t p99 = 0x10;\n", "c", "constant scaled") == []
    assert changes("BAR = 0.5\n", "python", "constant scaled") == ["BAR = 0.4\n"]


def test_an_array_size_in_a_declaration_is_no_site_but_an_index_is():
    assert changes(in_function("    int ends[2];\n"), "c", "constant scaled") == []
    assert changes(in_function("    a = b[2];\n"), "c", "constant scaled") == [in_function("    a = b[4];\n")]


def test_an_allocation_made_only_larger_is_no_site():
    # a whole argument, a factor, an addend or a choice: doubled, the size only grows
    for body in ("    p = calloc(1, sizeof *p);\n", "    q = realloc(q, (n ? n : 1) * sizeof *q);\n",
                 "    q = malloc(n * 2 + 8);\n"):
        assert changes(in_function(body), "c", "constant scaled") == []
    # what is subtracted or divided by, or what another call is given, may shrink it
    assert changes(in_function("    q = malloc(n - 1);\n"), "c", "constant scaled") == [
        in_function("    q = malloc(n - 2);\n")]
    assert changes(in_function("    q = malloc(n / (2 * k));\n"), "c", "constant scaled") == [
        in_function("    q = malloc(n / (4 * k));\n")]
    assert changes(in_function("    q = malloc(g(2) * n);\n"), "c", "constant scaled") == [
        in_function("    q = malloc(g(4) * n);\n")]


def test_a_plus_or_minus_one_is_dropped():
    assert changes(in_function("    sum += running - 1;\n"), "c", "+1/-1 dropped") == [
        in_function("    sum += running;\n")]
    assert changes("y = kept[-1] + 1\n", "python", "+1/-1 dropped") == ["y = kept[-1]\n"]


def test_a_sign_or_an_exponent_is_not_a_plus_or_minus_one():
    assert changes(in_function("    return -1;\n"), "c", "+1/-1 dropped") == []
    assert changes("x = f(-1) * 1e-1\n", "python", "+1/-1 dropped") == []


def test_either_operand_of_a_boolean_operator_is_dropped():
    text = "    if (pool->seats[w].pid > 0 && !failure[0])\n        stop();\n"
    assert set(changes(in_function(text), "c", "operand dropped")) == {
        in_function("    if (pool->seats[w].pid > 0)\n        stop();\n"),
        in_function("    if (!failure[0])\n        stop();\n")}
    assert set(changes("x = a or b\n", "python", "operand dropped")) == {"x = a\n", "x = b\n"}


def test_an_operand_follows_precedence_and_brackets():
    assert set(changes("r = a || b && c;\n", "c", "operand dropped")) == {
        "r = a;\n", "r = b && c;\n", "r = a || b;\n", "r = a || c;\n"}
    assert set(changes("if f(a, b and c) or d:\n    pass\n", "python", "operand dropped")) == {
        "if f(a, b) or d:\n    pass\n", "if f(a, c) or d:\n    pass\n",
        "if f(a, b and c):\n    pass\n", "if d:\n    pass\n"}


def test_two_changes_that_make_one_mutant_make_one_site():
    assert sorted(changes("r = a || b || c;\n", "c", "operand dropped")) == [
        "r = a || b;\n", "r = a || c;\n", "r = b || c;\n"]


def test_a_literal_is_part_of_an_operand():
    text = 'ys = [x for x in xs if "k" in x and x.n == "v"]\n'
    assert set(changes(text, "python", "operand dropped")) == {
        'ys = [x for x in xs if x.n == "v"]\n', 'ys = [x for x in xs if "k" in x]\n'}
    assert set(changes(in_function("    r = a == 'x' || b == 'y';\n"), "c", "operand dropped")) == {
        in_function("    r = a == 'x';\n"), in_function("    r = b == 'y';\n")}


def test_a_line_continued_by_a_backslash_does_not_end_an_operand():
    text = "busy = a > 1 or b > 2 \\\n    or c > 3\n"
    assert set(changes(text, "python", "operand dropped")) == {
        "busy = b > 2 \\\n    or c > 3\n", "busy = a > 1 \\\n    or c > 3\n",
        "busy = a > 1 or c > 3\n", "busy = a > 1 or b > 2\n"}


def test_every_site_of_every_covered_python_file_and_the_bars_still_parses():
    files = mutants.covered_files(ROOT, [])
    texts = mutants.read_texts(ROOT, [name for name in files if mutants.language_of(name) != "c"])
    broken = []
    for mutant in mutants.all_mutants(texts):
        text = mutants._replaced(texts[mutant.file], mutant)
        try:
            ast.parse(text) if mutants.language_of(mutant.file) == "python" else json.loads(text)
        except (SyntaxError, ValueError) as error:
            broken.append(f"{mutant.describe()}: {error}")
    assert broken == []


def test_a_key_is_renamed():
    assert changes('why = row["cause"]\n', "python", "key renamed") == ['why = row["cause_renamed"]\n']
    assert changes('d = {"lo": 1}\n', "python", "key renamed") == ['d = {"lo_renamed": 1}\n']
    assert changes("v = row.get('n')\n", "python", "key renamed") == []  # one letter: no name
    assert changes("v = row.get('hi')\n", "python", "key renamed") == ["v = row.get('hi_renamed')\n"]
    text = in_function('    counter(state, "probe_p99_us", a);\n')
    assert changes(text, "c", "key renamed") == [in_function('    counter(state, "probe_p99_us_renamed", a);\n')]


def test_text_and_paths_are_not_keys():
    assert changes('print("cause")\nx = f"{a}"\n', "python", "key renamed") == []
    assert changes(in_function('    open("/proc/meminfo", "r");\n    say("RLIMIT_NICE");\n'),
                   "c", "key renamed") == []


def test_a_file_mode_is_no_key():
    text = in_function('    FILE *s = fopen(path, "re");\n    t = fdopen(fd, "we");\n    count(s, "re");\n')
    assert changes(text, "c", "key renamed") == [
        in_function('    FILE *s = fopen(path, "re");\n    t = fdopen(fd, "we");\n    count(s, "re_renamed");\n')]


def test_a_statement_is_removed():
    assert changes(in_function("    a++;\n    b = 2;\n"), "c", "statement removed") == [
        in_function("    ;\n    b = 2;\n"), in_function("    a++;\n    ;\n")]
    text = "def f(total, x):\n    total += x\n    check(total)\n    return total\n"
    assert changes(text, "python", "statement removed") == [
        "def f(total, x):\n    pass\n    check(total)\n    return total\n",
        "def f(total, x):\n    total += x\n    pass\n    return total\n"]


def test_declarations_definitions_jumps_and_lone_bodies_stay():
    text = ("enum { A = 1 };\nstruct s { int x; };\n"
            + in_function("    int x = 1;\n    if (a)\n        a--;\n    return x;\n"))
    assert changes(text, "c", "statement removed") == []
    text = "def f(a):\n    y = a\n    z: int\n    return g(y,\n             a)\n"
    assert changes(text, "python", "statement removed") == []


def test_a_call_that_only_frees_memory_or_destroys_a_pthread_object_stays():
    text = in_function("    free(a);\n    sb_placement_free(p);\n    pthread_cond_destroy(&c);\n    b = 2;\n")
    assert changes(text, "c", "statement removed") == [
        in_function("    free(a);\n    sb_placement_free(p);\n    pthread_cond_destroy(&c);\n    ;\n")]
    text = in_function("    pthread_mutex_unlock(&m);\n")
    assert changes(text, "c", "statement removed") == [in_function("    ;\n")]


def test_a_declaration_of_a_type_of_several_words_stays():
    text = in_function("    unsigned long long room = a > b ? a - b : 0;\n    long long x;\n    short s = 1;\n")
    assert changes(text, "c", "statement removed") == []


def test_min_and_max_are_swapped_where_called():
    assert changes("double c = fmin(a, b);\n", "c", "min/max swapped") == ["double c = fmax(a, b);\n"]
    assert changes("x = max(xs)\n", "python", "min/max swapped") == ["x = min(xs)\n"]
    assert changes("def max_by(xs):\n    max = 3\n", "python", "min/max swapped") == []


def test_the_bars_of_the_claims_are_scaled_and_renamed():
    text = '[{"id": "C5", "version": 2, "bars": {"per_worker": 0.5}}]\n'
    assert set(changes(text, "json")) == {
        '[{"id": "C5", "version": 2, "bars": {"per_worker": 0.4}}]\n',
        '[{"id": "C5", "version": 2, "bars": {"per_worker_renamed": 0.5}}]\n'}


def test_comments_and_strings_have_no_sites():
    c = in_function('    /* a < b && c - 1 */\n    // max(1, 2) > 0\n    say("x > 1 && y");\n    say(\'<\');\n')
    assert [m for m in mutants.changes_in(c, "c") if m.operator != "statement removed"] == []
    python = 'def f():\n    """a < 1 and b"""\n    # max(a) > 2\n    g("x < 1 or y", f"{a < 2}", r\'\\\' > 3\')\n'
    assert [m.operator for m in mutants.changes_in(python, "python")] == ["statement removed"]


def test_a_mutant_names_its_line_and_shows_the_change():
    [mutant] = [m for m in mutants.mutants_of("a.py", "x = 1\nif a < b:\n    pass\n")
                if m.operator == "strictness changed"]
    assert (mutant.line, mutant.before, mutant.after) == (2, "if a < b:", "if a <= b:")
    assert mutant.describe() == "a.py:2: strictness changed: `if a < b:` -> `if a <= b:`"


# --- The draw -----------------------------------------------------------

SITES = mutants.mutants_of("a.py", "".join(f"x{i} = y < {i}\n" for i in range(20)))


def test_a_seed_draws_the_same_mutants_again():
    assert mutants.draw(SITES, 5, "1a2b") == mutants.draw(SITES, 5, "1a2b")
    assert mutants.draw(SITES, 5, "1a2b") != mutants.draw(SITES, 5, "another")


def test_a_draw_is_in_file_order_and_at_most_every_site():
    drawn = mutants.draw(SITES, 5, "seed")
    assert len(drawn) == 5 and drawn == sorted(drawn, key=lambda m: m.start)
    assert len(mutants.draw(SITES, 10_000, "seed")) == len(SITES)


def test_every_covered_pattern_names_files_with_sites_and_tests_that_exist():
    for pattern, tests in mutants.COVERED:
        names = [path.relative_to(ROOT).as_posix() for path in ROOT.glob(pattern)]
        assert mutants.all_mutants(mutants.read_texts(ROOT, names)), pattern
        for test in tests:
            assert (test in mutants.PYTEST_SUITES or (ROOT / "tests" / f"test_{test}.c").exists()
                    or (ROOT / "tests" / f"{test}_test.sh").exists()), test


def run_script(*arguments):
    return subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True)


def test_the_list_names_each_site_of_the_files_asked_for():
    listed = run_script("--list", "--files", "core/base/histogram.c")
    lines = listed.stdout.splitlines()
    assert listed.returncode == 0
    assert all(line.startswith("core/base/histogram.c:") for line in lines[:-1])
    assert lines[-1] == f"mutants: {len(lines) - 1} sites in 1 file"


@pytest.mark.parametrize("arguments, message", [
    (["--count", "0"], "needs a whole number of mutants, 1 or more, got '0'"),
    (["--files", "nothing/*.rs", "--list"], "--files 'nothing/*.rs' matches none of the files sampled"),
    (["--again", "no/summary.json"], "--again: cannot read no/summary.json"),
    (["--again", str(ROOT / "docs" / "claims.json")], "not a draw's summary"),
    (["--again", "x.json", "--seed", "7"], "it takes no --seed, --files or --list"),
])
def test_a_bad_call_says_why_in_one_line(arguments, message):
    called = run_script(*arguments)
    assert called.returncode == 2 and called.stdout == ""
    assert len(called.stderr.splitlines()) == 1 and message in called.stderr


# --- A draw on a toy tree ------------------------------------------------

RULE = """BAR = 0.5


def holds(speedup, workers):
    return speedup >= BAR * workers


def shown(speedup):
    return round(speedup + 1, 2)
"""
RULE_TEST = """import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
import rule  # noqa: E402


def test_the_bar():
    assert rule.holds(1.5, 3) and not rule.holds(1.4, 3)
"""


def toy_tree(tmp_path, rule_test=RULE_TEST):
    tree = tmp_path / "tree"
    (tree / "scripts").mkdir(parents=True)
    (tree / "tests" / "analysis").mkdir(parents=True)
    (tree / "scripts" / "rule.py").write_text(RULE)
    (tree / "tests" / "analysis" / "test_rule.py").write_text(rule_test)
    return tree, mutants.Scratch(tree, tmp_path / "scratch", jobs=1)


def site(operator, line):
    [found] = [m for m in mutants.mutants_of("scripts/rule.py", RULE) if (m.operator, m.line) == (operator, line)]
    return found


def test_a_toy_draw_kills_the_mutant_its_test_sees_and_reports_the_other(tmp_path):
    tree, scratch = toy_tree(tmp_path)
    killable, harmless = site("comparison flipped", 5), site("+1/-1 dropped", 9)
    partial = []
    summary = mutants.run_draw(scratch, [killable, harmless], {"scripts/rule.py": RULE},
                               {"scripts/rule.py": (mutants.ANALYSIS,)}, "toy", say=lambda line: None,
                               so_far=partial.append)
    assert [(p["cut_short_at"], p["killed"], p["survived"], len(p["mutants"])) for p in partial] == [
        ("1 of 2", 1, 0, 1)]
    assert "cut_short_at" not in summary
    assert [(m["line"], m["operator"], m["outcome"]) for m in summary["mutants"]] == [
        (5, "comparison flipped", "killed"), (9, "+1/-1 dropped", "survived")]
    assert (summary["killed"], summary["survived"], summary["score"]) == (1, 1, 0.5)
    assert (tmp_path / "scratch" / "src" / "scripts" / "rule.py").read_text() == RULE
    report = []
    mutants.report(summary, tmp_path / "summary.json", scratch.log_path, say=report.append)
    assert report[0].startswith("mutants: score 50% (1 of 2 killed; 0 did not build); 1 survived:")
    assert report[1] == "  scripts/rule.py:9: +1/-1 dropped: `return round(speedup + 1, 2)` -> `return round(speedup, 2)`"


@pytest.mark.parametrize("failing, run", [
    ("gil", [("gil",)]),
    ("cli", [("gil",), ("cli", "busy_run")]),
    (None, [("gil",), ("cli", "busy_run")]),
])
def test_a_c_files_shell_tests_run_once_its_cmocka_tests_pass(tmp_path, failing, run):
    scratch = mutants.Scratch(tmp_path, tmp_path / "scratch", jobs=1)
    (scratch.src / "tests").mkdir(parents=True)
    (scratch.src / "tests" / "test_gil.c").write_text("")
    ran = []

    def ctest(command, cwd, timeout=None):
        tests = tuple(command[command.index("-R") + 1].strip("^()$").split("|"))
        ran.append(tests)
        return failing not in tests

    scratch.run = ctest
    assert scratch.passes(["cli", "gil", "busy_run"], None) == (failing is None)
    assert ran == run


def fake_builds(tmp_path, fails):
    """A scratch whose commands are recorded, not run: a ctest run fails
    in a build named in `fails` (with the text of the file it then holds)."""
    scratch = mutants.Scratch(tmp_path, tmp_path / "scratch", jobs=1)
    (scratch.src / "tests").mkdir(parents=True)
    (scratch.src / "tests" / "test_gil.c").write_text("")
    source = scratch.src / "gil.c"
    ran = []

    def run(command, cwd, timeout=None):
        build = pathlib.Path(command[command.index("-B") + 1] if "-B" in command
                             else command[2] if command[:2] == ["cmake", "--build"] else cwd).name
        ran.append((build, command[0] if command[0] != "cmake" else " ".join(command[:2]), source.read_text()))
        return (build, command[0], source.read_text()) not in fails

    scratch.run = run
    return scratch, source, ran


def test_a_c_mutant_the_release_tests_miss_is_tried_under_each_sanitizer(tmp_path):
    scratch, source, ran = fake_builds(tmp_path, {("build-asan", "ctest", "mutated")})
    source.write_text("mutated")
    assert scratch.caught_sanitized(["gil", "cli"], source, "original", "mutated") == "address,undefined"
    assert ran == [("build-asan", "cmake -S", "original"), ("build-asan", "cmake --build", "original"),
                   ("build-asan", "ctest", "original"), ("build-asan", "cmake --build", "mutated"),
                   ("build-asan", "ctest", "mutated")]
    assert source.read_text() == "mutated"
    # Next time the build under ASan is ready; the one under TSan is set up
    # when first needed, then misses the mutant too.
    ran.clear()
    scratch.run = lambda command, cwd, timeout=None: ran.append(" ".join(command[:2])) or True
    assert scratch.caught_sanitized(["gil"], source, "original", "mutated") is None
    assert ran == ["cmake --build", "ctest -R", "cmake -S", "cmake --build", "ctest -R", "cmake --build", "ctest -R"]


def test_a_sanitized_build_that_fails_unmutated_is_set_aside(tmp_path):
    scratch, source, ran = fake_builds(tmp_path, {("build-tsan", "ctest", "original"),
                                                  ("build-tsan", "ctest", "mutated")})
    source.write_text("mutated")
    assert scratch.caught_sanitized(["gil"], source, "original", "mutated") is None
    assert scratch.sanitized_passed == {"asan": {"gil"}, "tsan": None}
    ran.clear()
    assert scratch.caught_sanitized(["gil"], source, "original", "mutated") is None
    assert [r[0] for r in ran] == ["build-asan", "build-asan"]
    assert scratch.caught_sanitized(["cli"], source, "original", "mutated") is None


def test_a_toy_whose_tests_fail_unmutated_is_refused(tmp_path):
    tree, scratch = toy_tree(tmp_path, RULE_TEST + "    assert False\n")
    with pytest.raises(RuntimeError, match="the tests fail with no mutation: analysis"):
        mutants.run_draw(scratch, [site("comparison flipped", 5)], {"scripts/rule.py": RULE},
                         {"scripts/rule.py": (mutants.ANALYSIS,)}, "toy", say=lambda line: None)


def toy_draw(tmp_path):
    tree, scratch = toy_tree(tmp_path)
    drawn = [site("comparison flipped", 5), site("+1/-1 dropped", 9)]
    summary = mutants.run_draw(scratch, drawn, {"scripts/rule.py": RULE},
                               {"scripts/rule.py": (mutants.ANALYSIS,)}, "toy", say=lambda line: None)
    return tree, scratch, json.loads(json.dumps(summary))


def test_survivors_run_again_against_a_new_test_score_the_draw_anew(tmp_path):
    tree, scratch, earlier = toy_draw(tmp_path)
    (tree / "tests" / "analysis" / "test_shown.py").write_text(
        RULE_TEST.replace("import rule  # noqa: E402", "import rule  # noqa: E402\nimport pytest")
        .replace("def test_the_bar():\n    assert rule.holds(1.5, 3) and not rule.holds(1.4, 3)",
                 "def test_shown_as_the_factor():\n    assert rule.shown(0.5) == 1.5"))
    again = mutants.survivors_of(earlier, mutants.mutants_of("scripts/rule.py", RULE))
    assert [(m.line, m.operator) for m in again] == [(9, "+1/-1 dropped")]
    ran = mutants.run_draw(scratch, again, {"scripts/rule.py": RULE}, {"scripts/rule.py": (mutants.ANALYSIS,)},
                           "toy", say=lambda line: None)
    now = mutants.rerun(earlier, ran)
    assert [(m["line"], m["outcome"]) for m in now["mutants"]] == [(5, "killed"), (9, "killed")]
    assert (now["seed"], now["killed"], now["survived"], now["score"]) == ("toy", 2, 0, 1.0)
    assert now["earlier"] == {"killed": 1, "survived": 1, "did_not_build": 0, "score": 0.5,
                              "seconds": earlier["seconds"]}
    report = []
    mutants.report(now, tmp_path / "summary.json", scratch.log_path, say=report.append)
    assert report[0] == ("mutants: the draw of seed toy first scored 50% (1 of 2 killed); "
                         "its 1 survivor ran again against the tests as they are now")
    assert report[1].startswith("mutants: score 100% (2 of 2 killed; 0 did not build); 0 survived")


@pytest.mark.parametrize("changed", [RULE.replace("BAR = 0.5", "BAR = 0.5  # the bar"),
                                     RULE.replace("speedup + 1, 2)", "speedup + 1, 3)")],
                         ids=["the site moved", "the site's line changed"])
def test_survivors_of_a_file_changed_since_the_draw_are_refused(tmp_path, changed):
    tree, scratch, earlier = toy_draw(tmp_path)
    with pytest.raises(mutants.Usage, match=r"scripts/rule.py:9 \(\+1/-1 dropped\) is no longer a site"):
        mutants.survivors_of(earlier, mutants.mutants_of("scripts/rule.py", changed))


def test_a_draw_without_the_sanitizers_tries_none(tmp_path):
    scratch, source, ran = fake_builds(tmp_path, set())
    scratch.sanitized_builds = ()
    assert scratch.caught_sanitized(["gil"], source, "original", "mutated") is None and ran == []
    assert mutants.main(["--no-sanitizers", "--again", str(tmp_path / "none.json")]) == 2
