"""knee: where a scaling curve's efficiency falls below one half, and the
speedup its costs allow, on curves worked out by hand."""
import pytest

from analysis.knees import HALF_EFFICIENCY, bound_speedup, knee

TASK_US = 1000
PUS = 2


def point(workers, speedup, cpu=1000.0, caller=10.0, fixed=0.01):
    return {"workers": workers, "speedup": speedup, "cpu_us_per_task": cpu,
            "caller_cpu_us_per_task": caller, "fixed_cost_share": fixed}


def test_the_knee_is_the_first_count_below_half_efficiency():
    # Efficiencies 1, 0.95, 0.45 (the knee), 0.3.
    curve = [point(1, 1.0), point(2, 1.9, cpu=1100, caller=20, fixed=0.02),
             point(4, 1.8, cpu=1250, caller=40, fixed=0.04), point(8, 2.4, cpu=1300, caller=60, fixed=0.08)]
    assert knee(curve, TASK_US, PUS) == {
        "knee_workers": 4, "peak_speedup": 2.4, "peak_workers": 8, "largest_workers": 8,
        "cpu_us_per_task": 1250, "caller_cpu_us_per_task": 40, "fixed_cost_share": 0.04,
        "bound_speedup": pytest.approx(PUS * TASK_US / 1250), "task_us": TASK_US, "pus": PUS}


def test_half_efficiency_exactly_is_not_past_the_knee():
    found = knee([point(1, 1.0), point(4, 4 * HALF_EFFICIENCY), point(8, 8 * HALF_EFFICIENCY * 0.99)], TASK_US, PUS)
    assert found["knee_workers"] == 8


def test_without_a_knee_the_costs_are_those_of_the_largest_count():
    curve = [point(1, 1.0, cpu=900), point(2, 1.9, cpu=950), point(4, 3.5, cpu=990, caller=5, fixed=0.03)]
    found = knee(curve, TASK_US, 4)
    assert found["knee_workers"] == 0
    assert (found["largest_workers"], found["peak_workers"], found["peak_speedup"]) == (4, 4, 3.5)
    assert (found["cpu_us_per_task"], found["caller_cpu_us_per_task"], found["fixed_cost_share"]) == (990, 5, 0.03)


def test_the_peak_may_lie_past_the_knee():
    # Below half at 4 workers, yet faster still at 16: the knee stays at 4.
    curve = [point(1, 0.9), point(2, 1.2), point(4, 1.5), point(16, 2.5), point(32, 2.0)]
    found = knee(curve, TASK_US, PUS)
    assert (found["knee_workers"], found["peak_workers"], found["peak_speedup"]) == (4, 16, 2.5)
    assert found["largest_workers"] == 32


def test_the_first_of_equal_peaks_is_the_peak():
    found = knee([point(1, 1.0), point(2, 1.5), point(4, 1.5)], TASK_US, PUS)
    assert found["peak_workers"] == 2


def test_the_bound_is_the_pus_time_over_a_tasks_cpu_when_that_is_less():
    # 2 PUs x 1000 us / 1250 us = 1.6, below the caller's 1000 / 100 = 10.
    assert bound_speedup(TASK_US, PUS, 1250, 100) == pytest.approx(1.6)


def test_the_bound_is_the_callers_time_over_its_share_when_that_is_less():
    # The caller's 1000 us / 250 us = 4, below 16 PUs x 1000 us / 1100 us.
    assert bound_speedup(TASK_US, 16, 1100, 250) == pytest.approx(4)
    curve = [point(1, 1.0), point(16, 3.0, cpu=1100, caller=250)]
    assert knee(curve, TASK_US, 16)["bound_speedup"] == pytest.approx(4)


def test_a_cost_unknown_or_nought_bounds_nothing():
    assert bound_speedup(TASK_US, PUS, None, 100) == pytest.approx(10)
    assert bound_speedup(TASK_US, PUS, 0, 100) == pytest.approx(10)
    assert bound_speedup(TASK_US, PUS, 1250, None) == pytest.approx(1.6)
    assert bound_speedup(TASK_US, None, 1250, None) is None
    assert bound_speedup(TASK_US, PUS, None, 0) is None


def test_missing_costs_give_no_costs_and_no_bound():
    bare = [{"workers": 1, "speedup": 1.0}, {"workers": 4, "speedup": 1.2}]
    found = knee(bare, TASK_US, PUS)
    assert found["knee_workers"] == 4
    assert (found["cpu_us_per_task"], found["caller_cpu_us_per_task"], found["fixed_cost_share"]) == (None, None, None)
    assert found["bound_speedup"] is None


def test_points_without_a_speedup_are_left_out():
    curve = [point(1, 1.0), point(2, 1.8), point(4, None)]
    found = knee(curve, TASK_US, PUS)
    assert (found["largest_workers"], found["knee_workers"]) == (2, 0)
    assert knee([point(1, None)], TASK_US, PUS) is None
    assert knee([], TASK_US, PUS) is None


def test_an_unknown_task_duration_bounds_nothing():
    assert bound_speedup(None, 2, 100.0, 10.0) is None
    assert bound_speedup(0, 2, 100.0, 10.0) is None
