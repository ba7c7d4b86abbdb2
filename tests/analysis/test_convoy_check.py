"""The convoy check (scripts/convoy_fidelity's judgement) on small results:
which rounds it sets against which, each figure against its own bar, the
control's halves, what it writes and what it refuses."""
import json
import os

import pytest

from analysis import convoy_check, fidelity, results
from analysis.fidelity import AGREES, CANNOT_TELL, DIFFERS
from documents import convoy_rows, document


def checked(*groups):
    return convoy_check.check(results.table(document([r for group in groups for r in group])))


TEN = [10000.0] * 10


def test_a_model_like_cpython_agrees_on_every_figure_and_so_does_cpython_with_itself():
    made = checked(convoy_rows("gil", 2, TEN, long_wait_share=0.6),
                   convoy_rows("cpython", 2, TEN, long_wait_share=0.6))
    (point,) = made["points"]
    assert point["cpu_threads"] == 2 and point["rounds"] == {"model": 10, "cpython": 10}
    assert point["wakeups"] == {"model": 400, "cpython": 400}
    for side in ("model_vs_cpython", "cpython_vs_itself"):
        assert [point[side][c]["verdict"] for c in (convoy_check.P50, convoy_check.P99, convoy_check.SHARE)] == \
            [AGREES] * 3


def test_the_p50_is_held_to_the_analysis_tolerance_and_the_p99_to_a_factor_of_two():
    # Both 1.6 times CPython's: past 1.25, within 2.
    made = checked(convoy_rows("gil", 4, [16000.0] * 10, p99=64000.0), convoy_rows("cpython", 4, TEN, p99=40000.0))
    mine = made["points"][0]["model_vs_cpython"]
    assert mine[convoy_check.P50]["verdict"] == DIFFERS
    assert mine[convoy_check.P50]["why"] == fidelity.NOT_EXPLAINED
    assert mine[convoy_check.P99]["verdict"] == AGREES
    assert made["tolerances"] == {convoy_check.P50: fidelity.TOLERANCE, convoy_check.P99: 2.0}


def test_cpythons_halves_are_its_even_and_its_odd_rounds():
    # CPython alternates between one interval and three: its halves differ
    # from each other, while the model, in the middle, cannot be told apart.
    cpython = convoy_rows("cpython", 2, [5000.0, 15000.0] * 5)
    made = checked(convoy_rows("gil", 2, [5000.0, 15000.0] * 5), cpython)
    itself = made["points"][0]["cpython_vs_itself"][convoy_check.P50]
    assert (itself["model"]["median"], itself["cpython"]["median"], itself["model"]["n"]) == (5000.0, 15000.0, 5)
    assert itself["verdict"] == DIFFERS
    assert made["points"][0]["model_vs_cpython"][convoy_check.P50]["verdict"] == CANNOT_TELL


def test_rounds_are_taken_in_the_order_they_were_repeated_not_as_listed():
    cpython = convoy_rows("cpython", 1, [5000.0, 15000.0] * 5)
    made = checked(convoy_rows("gil", 1, TEN), list(reversed(cpython)))
    assert made["points"][0]["cpython_vs_itself"][convoy_check.P50]["model"]["median"] == 5000.0


def test_only_counts_both_series_ran_are_checked_and_other_series_are_left_out():
    made = checked(convoy_rows("gil", 1, TEN), convoy_rows("gil", 2, TEN), convoy_rows("no_gil", 4, TEN),
                   convoy_rows("cpython", 2, TEN), convoy_rows("cpython", 4, TEN))
    assert [point["cpu_threads"] for point in made["points"]] == [2]


def test_the_share_is_compared_only_where_every_round_has_it_and_then_on_both_sides():
    made = checked(convoy_rows("gil", 1, TEN), convoy_rows("cpython", 1, TEN, long_wait_share=0.0))
    point = made["points"][0]
    assert convoy_check.SHARE not in point["model_vs_cpython"] and convoy_check.SHARE not in point["cpython_vs_itself"]
    text = convoy_check.markdown(made)
    assert "The model against CPython: 2 agrees, 0 differs, 0 cannot tell. " \
           "CPython against itself: 2 agrees, 0 differs, 0 cannot tell." in text


def test_a_round_whose_figure_is_not_finite_is_left_out_of_that_figure():
    model = convoy_rows("gil", 2, TEN)
    model[0]["lateness_p99_us"] = float("inf")
    made = checked(model, convoy_rows("cpython", 2, TEN))
    p99 = made["points"][0]["model_vs_cpython"][convoy_check.P99]
    assert p99["model"]["n"] == 9 and p99["model"]["median"] == 40000.0
    assert made["points"][0]["model_vs_cpython"][convoy_check.P50]["model"]["n"] == 10
    convoy_check.markdown(made)


def test_counts_only_one_side_ran_are_named():
    made = checked(convoy_rows("gil", 1, TEN), convoy_rows("gil", 2, TEN), convoy_rows("cpython", 2, TEN),
                   convoy_rows("cpython", 4, TEN))
    assert made["one_side"] == {"model": [1], "cpython": [4]}
    text = convoy_check.markdown(made)
    assert "Only the gil model ran at k = 1: nothing to set it against there." in text
    assert "Only CPython ran at k = 4: nothing to set it against there." in text


def test_results_without_both_series_are_refused_by_name():
    with pytest.raises(results.InputError, match="no convoy/gil and convoy/cpython rows"):
        checked(convoy_rows("gil", 2, TEN), convoy_rows("cpython", 4, TEN))


def test_the_refusal_quotes_why_the_program_skipped_cpython(tmp_path, capsys):
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(document(convoy_rows("gil", 2, TEN),
                                        convoy_cpython_skipped="cannot run /usr/bin/python3\x1b[2J: missing")))
    assert convoy_check.main([str(path), str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "the cpython series was skipped: cannot run /usr/bin/python3 [2J: missing" in err
    assert "\x1b" not in err


def test_the_markdown_shows_each_side_the_control_and_the_tallies():
    text = convoy_check.markdown(checked(convoy_rows("gil", 2, TEN, long_wait_share=0.6),
                                        convoy_rows("cpython", 2, TEN, long_wait_share=0.6)))
    assert "| 2 | p50 | 10 ms (10 ms to 10 ms) | 10 ms (10 ms to 10 ms) | 1x (1x to 1x) | agrees |" in text
    assert "The model against CPython: 3 agrees, 0 differs, 0 cannot tell." in text
    assert "CPython against itself: 3 agrees, 0 differs, 0 cannot tell." in text
    assert "the machine's load was not recorded" in text


def write_results(tmp_path, rows):
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(document(rows)))
    return str(path)


def test_main_writes_both_files_whole_and_prints_the_markdown(tmp_path, capsys):
    source = write_results(tmp_path, convoy_rows("gil", 2, TEN) + convoy_rows("cpython", 2, TEN))
    assert convoy_check.main([source, str(tmp_path / "out")]) == 0
    written = json.loads((tmp_path / "out" / "convoy_check.json").read_text())
    assert written["points"][0]["cpu_threads"] == 2
    assert (tmp_path / "out" / "convoy_check.md").read_text() == capsys.readouterr().out
    assert sorted(os.listdir(tmp_path / "out")) == ["convoy_check.json", "convoy_check.md"]


def test_main_says_why_results_will_not_do_and_writes_nothing(tmp_path, capsys):
    source = write_results(tmp_path, convoy_rows("gil", 2, TEN))
    assert convoy_check.main([source, str(tmp_path / "out")]) == 1
    assert "convoy_check: " in capsys.readouterr().err and not (tmp_path / "out").exists()
    (tmp_path / "broken.json").write_text("{")
    assert convoy_check.main([str(tmp_path / "broken.json"), str(tmp_path / "out")]) == 1
    assert "is not a Google Benchmark JSON report" in capsys.readouterr().err


def test_main_refuses_a_link_where_it_would_write(tmp_path, capsys):
    source = write_results(tmp_path, convoy_rows("gil", 2, TEN) + convoy_rows("cpython", 2, TEN))
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").write_text("kept")
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "convoy_check.json")
    assert convoy_check.main([source, str(tmp_path / "out")]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert (tmp_path / "elsewhere").read_text() == "kept"


def test_a_bad_call_is_usage():
    assert convoy_check.main(["only-one"]) == 2
