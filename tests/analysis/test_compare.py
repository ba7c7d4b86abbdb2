"""What the comparing scripts read, on small results files made here: two
runs share a benchmark when a row of one is named as a row of the other; a
benchmark's finished repetitions come out as its real time in us and the
counters asked for, in the order they ran."""
import json

from analysis import compare


def row(name, real_time, run_type="iteration", unit="ns", **counters):
    return {"name": name, "run_name": name, "run_type": run_type, "real_time": real_time, "cpu_time": real_time,
            "time_unit": unit, **counters}


def results_file(tmp_path, rows, file="bench.json"):
    path = tmp_path / file
    path.write_text(json.dumps({"context": {}, "benchmarks": rows}))
    return str(path)


def test_two_runs_share_a_benchmark_by_a_row_of_the_same_name():
    old = {"benchmarks": [row("a", 1), row("b_mean", 1, run_type="aggregate")]}
    assert compare.share_a_benchmark(old, {"benchmarks": [row("c", 1), row("b_mean", 2, run_type="aggregate")]})
    assert not compare.share_a_benchmark(old, {"benchmarks": [row("c", 1)]})
    assert not compare.share_a_benchmark(old, {"benchmarks": []})


def test_no_benchmark_in_common_fails_naming_both_files(tmp_path, capsys):
    old, new = results_file(tmp_path, [row("a", 1)], "old.json"), results_file(tmp_path, [row("b", 1)], "new.json")
    assert compare.main(["compare", "common", old, new]) == 1
    assert capsys.readouterr().err == f"compare: OLD and NEW have no benchmark in common ({old}, {new})\n"
    assert compare.main(["compare", "common", old, old]) == 0


def test_an_unreadable_file_is_refused_in_one_line(tmp_path, capsys):
    old = results_file(tmp_path, [row("a", 1)])
    assert compare.main(["compare", "common", old, str(tmp_path / "none.json")]) == 1
    assert capsys.readouterr().err == f"compare: {tmp_path / 'none.json'} cannot be read (No such file or directory)\n"


def test_repetitions_in_us_with_their_counters_in_run_order(tmp_path, capsys):
    path = results_file(tmp_path, [
        row("p/same_pu/real_time", 13899.5, caller_pu=0.0, partner_pu=0.0),
        row("p/cross_pu/real_time", 21.75, unit="us", caller_pu=0.0, partner_pu=1.0),
        row("p/cross_pu/real_time", 22000, caller_pu=0.0, partner_pu=1.0),
        row("p/cross_pu_mean", 22, run_type="aggregate"),
        row("p/cross_pu_other/real_time", 1, caller_pu=0.0, partner_pu=1.0),
    ])
    assert compare.main(["compare", "repetitions", path, "p/cross_pu", "caller_pu", "partner_pu", "other"]) == 0
    assert capsys.readouterr().out == "21.75 0 1 -\n22 0 1 -\n"


def test_a_benchmark_not_measured_has_no_lines(tmp_path, capsys):
    path = results_file(tmp_path, [row("p/same_pu", 1)])
    assert compare.main(["compare", "repetitions", path, "p/cross_pu"]) == 0
    assert capsys.readouterr().out == ""


def test_a_bad_call_gets_the_usage():
    assert compare.main(["compare"]) == 2
    assert compare.main(["compare", "common", "a.json"]) == 2
    assert compare.main(["compare", "repetitions", "a.json"]) == 2
    assert compare.main(["compare", "rows", "a.json"]) == 2


def aggregates(name, real_time):
    return [row(f"{name}_{statistic}", real_time, run_type="aggregate", run_name=name)
            for statistic in ("mean", "median", "stddev", "cv")]


def test_aggregates_stand_for_benchmarks_only_when_every_shared_one_has_them():
    repeated = {"benchmarks": [row("a", 1), row("a", 2), *aggregates("a", 1.5), row("b", 1), row("b", 2),
                               *aggregates("b", 1.5)]}
    assert compare.rows_to_show(repeated, repeated) == ("aggregates", 0)
    only_a = {"benchmarks": [row("a", 1), row("a", 2), *aggregates("a", 1.5)]}
    assert compare.rows_to_show(repeated, only_a) == ("aggregates", 0)
    once = {"benchmarks": [row("a", 1), row("b", 1)]}
    assert compare.rows_to_show(once, once) == ("every", 2)
    assert compare.rows_to_show(repeated, once) == ("every", 2)
    b_once = {"benchmarks": [row("a", 1), row("a", 2), *aggregates("a", 1.5), row("b", 1)]}
    assert compare.rows_to_show(repeated, b_once) == ("every", 1)
    unaggregated = {"benchmarks": [row("a", 1), row("a", 2)]}
    assert compare.rows_to_show(unaggregated, unaggregated) == ("every", 0)


def test_rows_prints_the_choice_and_counts_the_benchmarks_run_once(tmp_path, capsys):
    once = results_file(tmp_path, [row("a", 1), row("b", 1)], "once.json")
    assert compare.main(["compare", "rows", once, once]) == 0
    out, err = capsys.readouterr()
    assert out == "every\n"
    assert err == ("compare: 2 benchmarks ran once in OLD or NEW: their rows compare single runs, "
                   "with no U test (--benchmark_repetitions=9 gives one)\n")
    repeated = results_file(tmp_path, [row("a", 1), row("a", 2), *aggregates("a", 1.5)], "repeated.json")
    assert compare.main(["compare", "rows", repeated, repeated]) == 0
    assert capsys.readouterr() == ("aggregates\n", "")
