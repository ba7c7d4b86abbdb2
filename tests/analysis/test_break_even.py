"""break_even: where a speedup curve crosses 1, against curves worked out by
hand: wholly above, wholly below, one crossing, two, and bad input."""
import math

import pytest

from analysis.break_even import break_even

# 10 us to 100 ms, a decade apart.
DURATIONS = [10, 100, 1000, 10000, 100000]


def test_faster_everywhere_breaks_even_below_the_range():
    assert break_even(DURATIONS, [1.2, 1.5, 1.9, 2.0, 2.0]) == {"below_range": True}


def test_a_speedup_of_exactly_one_pays():
    assert break_even(DURATIONS, [1.0] * 5) == {"below_range": True}


def test_slower_at_the_longest_breaks_even_above_the_range():
    assert break_even(DURATIONS, [0.01, 0.1, 0.5, 0.9, 0.99]) == {"above_range": True}


def test_slower_at_the_end_after_paying_is_above_the_range():
    # Faster at the shortest durations but not at the longest (a GIL's
    # CPU-bound tasks, say): it does not pay from any duration on.
    assert break_even(DURATIONS, [1.1, 1.05, 1.0, 0.98, 0.97]) == {"above_range": True}


def test_one_crossing_is_interpolated_in_log_duration_and_log_speedup():
    # 0.5 at 1000 and 2 at 10000: 1 lies halfway in log speedup, so halfway
    # in log duration, at sqrt(1000 * 10000).
    found = break_even(DURATIONS, [0.05, 0.2, 0.5, 2.0, 2.0])
    assert found.keys() == {"break_even_us"}
    assert found["break_even_us"] == pytest.approx(3162.2776601683795, abs=1e-9)


def test_an_uneven_crossing_lies_nearer_the_point_closer_to_one():
    # 0.9 at 100 and 0.9^-3 at 1000: 1 lies a quarter of the way in log speedup.
    found = break_even(DURATIONS, [0.5, 0.9, 1 / 0.9 ** 3, 1.5, 1.8])
    assert found["break_even_us"] == pytest.approx(100 * 10 ** 0.25, abs=1e-9)


def test_a_curve_crossing_twice_breaks_even_at_its_last_upward_crossing():
    # Above 1 at 10, below at 100 and 1000, above from 10000 on: the last
    # upward crossing counts, between 1000 and 10000.
    found = break_even(DURATIONS, [1.25, 0.8, 0.5, 2.0, 1.9])
    assert found["break_even_us"] == pytest.approx(3162.2776601683795, abs=1e-9)


def test_reaching_one_at_a_point_breaks_even_there():
    found = break_even(DURATIONS, [0.3, 0.6, 1.0, 1.4, 1.8])
    assert found["break_even_us"] == pytest.approx(1000, abs=1e-9)


def test_one_point_is_below_or_above_the_range():
    assert break_even([10], [1.5]) == {"below_range": True}
    assert break_even([10], [0.5]) == {"above_range": True}


SPEEDUPS = [0.5, 0.8, 1.2, 1.5, 1.8]


@pytest.mark.parametrize("durations, speedups", [
    ([], []),
    ([10, 1000, 100, 10000, 100000], SPEEDUPS),
    ([10, 100, 100, 10000, 100000], SPEEDUPS),
    (DURATIONS, [0.5, 0, 1.2, 1.5, 1.8]),
    (DURATIONS, [0.5, math.nan, 1.2, 1.5, 1.8]),
    (DURATIONS, [0.5, math.inf, 1.2, 1.5, 1.8]),
    ([-10, 100, 1000, 10000, 100000], SPEEDUPS),
    ([0, 100, 1000, 10000, 100000], SPEEDUPS),
    (DURATIONS, SPEEDUPS[:4]),
], ids=["none", "unordered", "repeated", "zero speedup", "nan speedup", "infinite speedup", "negative duration",
        "zero duration", "a speedup short"])
def test_bad_points_are_refused(durations, speedups):
    with pytest.raises(ValueError):
        break_even(durations, speedups)
