import pytest

from analysis import results, scaling
from documents import document, scaling_rows


def table(*groups, **context):
    return results.table(document([r for group in groups for r in group], **context))


SEQ = scaling_rows("cpu_int", "seq", "none", 1, [100.0, 90.0, 110.0, 95.0, 105.0])


def test_a_speedup_is_each_rate_over_seqs_median_and_its_interval_the_worst_pairing():
    thread = scaling_rows("cpu_int", "thread", "none", 2, [180.0, 200.0, 190.0, 210.0, 170.0])
    (point,) = scaling.points(table(SEQ, thread))
    assert point.speedups == (1.8, 2.0, 1.9, 2.1, 1.7)
    assert point.speedup_interval.median == pytest.approx(1.9)
    assert point.speedup_interval.lo == pytest.approx(170 / 110)
    assert point.speedup_interval.hi == pytest.approx(210 / 90)
    assert point.rate.n == 5


def test_without_seq_a_workload_has_no_points():
    assert scaling.points(table(scaling_rows("timer", "thread", "none", 2, [1.0]))) == []


def test_seq_itself_is_no_point_but_its_baseline_is_kept():
    t = table(SEQ)
    assert scaling.points(t) == [] and scaling.baselines(t)[("cpu_int", "seq")].median == 100.0


def test_curves_group_by_model_and_placement_in_run_order_sorted_by_workers():
    rows = (SEQ, scaling_rows("cpu_int", "pool", "none", 4, [300.0]), scaling_rows("cpu_int", "pool", "none", 1, [90.0]),
            scaling_rows("cpu_int", "gil", "compact", 2, [100.0]))
    made = scaling.curves(table(*rows))
    assert [(w, m, p, [pt.workers for pt in pts]) for w, m, p, pts in made] == [
        ("cpu_int", "pool", "none", [1, 4]), ("cpu_int", "gil", "compact", [2])]


def test_costs_are_the_medians_of_the_points_counters_or_none():
    thread = scaling_rows("cpu_int", "thread", "none", 2, [1.0, 1.0, 1.0], fixed_cost_share=0.1, cpu_us_per_task=5)
    (point,) = scaling.points(table(SEQ, thread))
    assert point.costs == {"fixed_cost_share": 0.1, "cpu_us_per_task": 5, "caller_cpu_us_per_task": None,
                           "task_us": None}
