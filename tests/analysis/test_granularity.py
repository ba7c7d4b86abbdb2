import pytest

from analysis import granularity, results
from documents import document, row


def rows(workload, model, task_us, rates):
    name = f"granularity/{workload}/{model}/task_us:{task_us}/real_time"
    return [row(name, repetition=i, items_per_second=r, task_us=task_us) for i, r in enumerate(rates)]


def series_of(*groups):
    return granularity.series(results.table(document([r for g in groups for r in g])))


SEQ = [*rows("cpu_int", "seq", 10, [100.0, 110.0, 90.0]), *rows("cpu_int", "seq", 100, [10.0, 10.0, 10.0])]


def test_each_repetition_is_its_rate_over_seqs_median_at_the_same_duration():
    (made,) = series_of(SEQ, rows("cpu_int", "thread", 100, [20.0, 15.0, 25.0]), rows("cpu_int", "thread", 10, [50.0]))
    assert (made.workload, made.model) == ("cpu_int", "thread")
    assert [p.task_us for p in made.points] == [10, 100]
    assert made.points[0].speedups == (0.5,)
    assert made.points[1].speedups == (2.0, 1.5, 2.5)
    assert made.points[1].speedup_interval.median == pytest.approx(2.0)


def test_the_break_even_is_read_off_the_medians():
    (made,) = series_of(SEQ, rows("cpu_int", "process", 10, [50.0]), rows("cpu_int", "process", 100, [20.0]))
    assert 10 < made.break_even["break_even_us"] < 100


def test_a_duration_seq_did_not_run_is_left_out_and_seq_is_no_series():
    made = series_of(SEQ, rows("cpu_int", "pool", 1000, [5.0]))
    assert made == []


def test_a_series_whose_speedups_cannot_give_a_break_even_has_none():
    seq = rows("timer", "seq", 10, [10.0])
    (made,) = series_of(seq, rows("timer", "gil", 10, [0.0]))
    assert made.break_even is None


def test_a_row_not_named_workload_model_duration_is_no_point():
    # granularity/<workload>/<model>/task_us:<n> only: a name with a part
    # missing or one too many would otherwise be read as another model's.
    odd = [row("granularity/cpu_int/task_us:10/real_time", items_per_second=50.0, task_us=10),
           row("granularity/cpu_int/thread/extra/task_us:10/real_time", items_per_second=50.0, task_us=10)]
    (made,) = series_of(SEQ, odd, rows("cpu_int", "thread", 100, [20.0]))
    assert (made.model, [p.task_us for p in made.points]) == ("thread", [100])
