import json

import pytest

from analysis import results
from documents import document, row, scaling_rows


def test_finished_repetitions_become_rows_in_nanoseconds():
    table = results.table(document([row("overhead/thread", real_time=2.0, time_unit="us", items_per_second=5.0)]))
    (only,) = table.rows
    assert only.real_time_ns == 2000 and only.counter("items_per_second") == 5.0
    assert table.family("overhead") == [only] and table.family("switch") == []


def test_a_benchmark_with_one_failed_repetition_is_a_failure_and_no_row():
    rows = [row("sync/lock/threads:1", repetition=0),
            row("sync/lock/threads:1", repetition=1, error_occurred=True, error_message="boom"),
            row("sync/lock/threads:2")]
    table = results.table(document(rows))
    assert [r.name.short for r in table.rows] == ["sync/lock/threads:2"]
    assert [(f.name.short, f.message) for f in table.failures] == [("sync/lock/threads:1", "boom")]
    assert [f.name.short for f in table.failed("^sync/lock/")] == ["sync/lock/threads:1"]
    assert table.failed("^ipc/") == []


def test_a_skipped_repetition_is_a_failure_with_its_message_or_skipped():
    table = results.table(document([row("a/b", skipped=True)]))
    assert table.failures[0].message == "skipped"


def test_older_runs_knee_and_break_even_rows_are_not_measurements():
    rows = [row("scaling/cpu_int/thread/none/knee/iterations:1/real_time", knee_workers=4),
            row("granularity/cpu_int/thread/break_even/iterations:1", break_even_us=100),
            *scaling_rows("cpu_int", "thread", "none", 1, [10.0])]
    table = results.table(document(rows))
    assert [r.name.short for r in table.rows] == ["scaling/cpu_int/thread/none/workers:1"]


def test_aggregates_are_not_repetitions():
    aggregate = {**row("a/b"), "run_type": "aggregate", "aggregate_name": "mean"}
    assert results.table(document([aggregate])).rows == []


def test_context_gives_pus_and_workload_kinds():
    table = results.table(document([], hwloc_pus="16", slicebench_workloads="a=cpu,b=io,broken"))
    assert table.pus == 16 and table.workload_kinds() == {"a": "cpu", "b": "io"}


@pytest.mark.parametrize("change, why", [
    (lambda d: d.pop("context"), "it has no context object"),
    (lambda d: d.update(benchmarks={}), "it has no list of benchmarks"),
    (lambda d: d["context"].update(hwloc_pus="two"), 'context.hwloc_pus is "two", not a whole number'),
    (lambda d: d["context"].update(slicebench_machine=3), "context.slicebench_machine is 3, not a string"),
    (lambda d: d["benchmarks"][0].update(real_time=-1), 'benchmark 1 ("a/b"): real_time is -1, not a time'),
    (lambda d: d["benchmarks"][0].update(time_unit="h"), 'benchmark 1 ("a/b"): time_unit "h" is not ns, us, ms or s'),
    (lambda d: d["benchmarks"][0].update(run_type="x"), 'benchmark 1 ("a/b"): run_type "x" is neither iteration nor aggregate'),
    (lambda d: d["benchmarks"][0].update(speed="fast"), 'benchmark 1 ("a/b"): its counter "speed" is "fast", not a number'),
    (lambda d: d["benchmarks"][0].update(error_occurred="no"), 'benchmark 1 ("a/b"): error_occurred is not true or false'),
    (lambda d: d["benchmarks"].append(7), "benchmark 2: it is number, not an object"),
])
def test_a_file_that_will_not_do_says_why(change, why):
    bad = document([row("a/b")])
    change(bad)
    assert results.results_problem(bad) == why


def test_a_scaling_point_needs_a_rate_and_a_whole_name():
    no_rate = document([row("scaling/w/m/p/workers:2/real_time")])
    assert results.results_problem(no_rate).endswith("it has no items_per_second above 0")
    odd = document([row("scaling/w/m/p/workers:2x", items_per_second=1.0)])
    assert "is not scaling/WORKLOAD/MODEL/PLACEMENT/workers:N" in results.results_problem(odd)
    stray = document([row("scaling/w/m", items_per_second=1.0)])
    assert "is neither scaling/WORKLOAD/MODEL/PLACEMENT/workers:N nor a curve's row" in results.results_problem(stray)


def test_a_long_value_is_cut_short_in_a_message():
    assert results.quoted("x" * 100) == '"' + "x" * 56 + "..."
    assert results.quoted(float("nan")) == "NaN"


@pytest.mark.parametrize("text, why", [("", "it holds 0 JSON values, not one"), ("{", "it is not JSON"),
                                       ("{} {}", "it holds 2 JSON values, not one"), ("[]", None)])
def test_reading_a_file_counts_its_values(tmp_path, text, why):
    path = tmp_path / "r.json"
    path.write_text(text)
    if why is None:
        assert results.read_json(str(path)) == []
    else:
        with pytest.raises(results.InputError, match=why):
            results.read_json(str(path))


def test_load_names_what_is_wrong(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"context": {}, "benchmarks": [{"name": ""}]}))
    with pytest.raises(results.InputError, match='^is not a Google Benchmark JSON report: benchmark 1'):
        results.load(str(path))
    with pytest.raises(results.InputError, match="is not a Google Benchmark JSON report: cannot be read"):
        results.load(str(tmp_path / "missing.json"))
