import pytest

from analysis import fmt
from analysis.stats.intervals import Interval


@pytest.mark.parametrize("value, text", [(2.0, "2"), (0.5, "0.5"), (1.84, "1.84"), (-3.0, "-3"), (7, "7"),
                                         (1e17, "1e+17"), (0.1 + 0.2, "0.30000000000000004"), (-0.0, "-0"), (1e15, "1000000000000000"), (1e16, "1e+16"), (1e-5, "1e-05")])
def test_numbers_print_as_the_report_always_printed_them(value, text):
    assert fmt.number(value) == text


@pytest.mark.parametrize("value, rounded", [(1.2345, 1.23), (98765, 98800), (0.0012345, 0.00123), (0, 0),
                                            (-1.2355, -1.24), (2.5, 2.5), (1.005e-9, 1.01e-9)])
def test_sig3_keeps_three_significant_digits_rounding_half_away_from_zero(value, rounded):
    assert fmt.sig3(value) == pytest.approx(rounded, rel=1e-12)


def test_half_way_rounds_away_from_zero_not_to_even():
    assert fmt.sig3(0.1235) in (0.124, 0.123)  # binary 0.1235 lies just below the half
    assert fmt.sig3(12.5) == 12.5
    assert fmt.sig3(1.125) == 1.13 and fmt.sig3(-1.125) == -1.13


@pytest.mark.parametrize("ns, text", [(5, "5 ns"), (999, "999 ns"), (1000, "1 us"), (1.5e6, "1.5 ms"),
                                      (2.25e9, "2.25 s"), (123456, "123 us")])
def test_durations_take_the_unit_that_suits_them(ns, text):
    assert fmt.duration(ns) == text


def test_an_interval_reads_with_its_ends_and_repetitions():
    assert fmt.ratio_text(Interval(1.84, 1.71, 1.9, 5)) == "1.84x (1.71x to 1.9x, 5 repetitions)"


def test_an_interval_too_short_says_so():
    assert fmt.ratio_text(Interval(1.84, None, None, 3)) == "1.84x (3 repetitions, too few for an interval)"
    assert fmt.time_text(Interval(2e6, None, None, 1)) == "2 ms (1 repetition, too few for an interval)"


def test_a_missing_figure_shows_a_dash():
    assert fmt.shown(None, fmt.speed) == "-" and fmt.shown(2, fmt.speed) == "2x"
