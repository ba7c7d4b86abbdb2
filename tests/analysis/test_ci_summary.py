"""The job summary of a CI run (analysis/ci_summary.py), from small change
points made here: which steps are annotated (recent, past the threshold,
each way), the run before this one named, and hostile names that stay text
in the Markdown and one line in an annotation."""
from analysis import ci_summary
from analysis.ci_summary import STEP_THRESHOLD, annotations, steps, summary

ANALYSIS = {"machine": {"name": "ci-m"},
            "claims": [{"id": "C1", "verdict": "inconclusive", "cause": "too noisy", "reason": "a | b\nc *d*"}]}


def run(index):
    return {"index": index, "date": f"2027-01-{index + 1:02d}T00:00:00+00:00", "commit": f"c{index}", "dirty": False}


def stepped(name, runs, start, ratio):
    """A benchmark at 100 ns that moves to 100 * ratio from run `start` on."""
    points = [[index, 100.0 if index < start else 100.0 * ratio] for index in range(runs)]
    return {"name": name, "noise": 0.02, "points": points,
            "segments": [{"first": 0, "last": start - 1, "median_ns": 100.0},
                         {"first": start, "last": runs - 1, "median_ns": 100.0 * ratio}],
            "change_points": [dict(run(start), ratio=ratio)]}


def history(runs, *benchmarks):
    return {"runs": [run(index) for index in range(runs)], "benchmarks": list(benchmarks)}


def test_a_recent_step_past_the_threshold_is_a_warning_when_slower_and_a_notice_when_faster():
    found = steps(history(8, stepped("a/slower", 8, 6, 1.5), stepped("a/faster", 8, 6, 0.5)))
    assert {step["name"]: step["annotation"] for step in found} == {"a/slower": "warning", "a/faster": "notice"}
    assert [line.split(" ", 1)[0] for line in annotations(found)] == ["::notice", "::warning"]


def test_exactly_at_the_threshold_is_annotated_and_just_inside_it_is_not():
    at, inside = 1 + STEP_THRESHOLD, 1 + STEP_THRESHOLD * 0.99
    found = steps(history(8, stepped("at/x", 8, 6, at), stepped("inside/x", 8, 6, inside),
                          stepped("faster_at/x", 8, 6, 1 / at), stepped("faster_inside/x", 8, 6, 1 / inside)))
    assert {step["name"] for step in found if step["annotation"]} == {"at/x", "faster_at/x"}


def test_a_step_is_annotated_by_the_run_that_confirms_it_and_the_next_only():
    def annotated(runs):
        return [step["annotation"] for step in steps(history(runs, stepped("a/x", runs, 4, 2.0)))]
    assert [annotated(runs) for runs in (6, 7, 8)] == [["warning"], ["warning"], [""]]


def test_steps_newest_first_with_the_runs_on_either_side():
    found = steps(history(9, stepped("b/x", 9, 3, 2.0), stepped("a/x", 9, 7, 2.0)))
    assert [(step["name"], step["runs"]) for step in found] == [("a/x", (7, 2)), ("b/x", (3, 6))]


def test_the_summary_names_the_run_before_this_one():
    document = summary(history(3), [], ANALYSIS)
    assert "This run is run 2 (2027-01-03, c2), the last of 3 runs in the history; " \
           "the run before it is run 1 (2027-01-02, c1)." in document
    assert "No step in the history" in document


def test_hostile_names_stay_text_in_the_summary_and_one_line_in_an_annotation():
    name = "x|y`z\n::error::owned %0A"
    found = steps(history(8, stepped(name, 8, 6, 2.0)))
    document = summary(history(8), found, ANALYSIS)
    row = next(line for line in document.split("\n") if line.startswith("| `"))
    assert row.startswith("| `` x\\|y`z ::error::owned %0A `` | run 6 (2027-01-07, c6) | 2x (slower) | 6, 2 | 2% |")
    assert "| C1 | inconclusive (too noisy) | a \\| b c \\*d\\* |" in document
    [line] = annotations(found)
    assert "\n" not in line
    assert line == ("::warning title=Step in this runner's history::"
                    "x|y`z%0A::error::owned %250A is 2x slower from run 6 (2027-01-07, c6) on")


def test_bad_input_is_one_line_and_no_summary(tmp_path, capsys):
    (tmp_path / "steps.json").write_text("not json")
    out = tmp_path / "summary.md"
    assert ci_summary.main(["ci_summary", str(tmp_path / "steps.json"), str(tmp_path / "analysis.json"), str(out)]) == 1
    assert capsys.readouterr().err.startswith("ci_summary: ")
    assert not out.exists()
