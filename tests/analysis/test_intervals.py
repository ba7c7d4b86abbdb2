"""analysis.stats.intervals: medians, their order-statistic intervals checked
against published tables and the exact binomial, ratio intervals, and where
an interval lies against a bar."""
from fractions import Fraction

import pytest
from scipy.stats import binom

from analysis.stats.intervals import (CONFIDENCE, FEW, MIN_REPETITIONS, NO, NOISY, YES, Interval, above,
                                      at_least, at_most, below, median, median_interval, miss_probability,
                                      order_statistic_rank, ratio_interval)

# The rank k of the distribution-free 95% interval [x(k), x(n+1-k)] for the
# median, n = 6..30, from the table of ranks in Campbell MJ, Gardner MJ,
# "Calculating confidence intervals for some non-parametric analyses", BMJ
# 1988;296:1454-6 (also in Altman et al., Statistics with Confidence).
# Below 6 no such interval reaches 95%.
RANKS_95 = {6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2, 12: 3, 13: 3, 14: 3, 15: 4, 16: 4, 17: 5, 18: 5,
            19: 5, 20: 6, 21: 6, 22: 6, 23: 7, 24: 7, 25: 8, 26: 8, 27: 8, 28: 9, 29: 9, 30: 10}

# The same for 90%, n = 5..30: the largest k whose exact binomial level is
# 90% or more, as Conover's confidence interval for a quantile reads it off
# the binomial table (Practical Nonparametric Statistics, 3rd ed.).
RANKS_90 = {5: 1, 6: 1, 7: 1, 8: 2, 9: 2, 10: 2, 11: 3, 12: 3, 13: 4, 14: 4, 15: 4, 16: 5, 17: 5,
            18: 6, 19: 6, 20: 6, 21: 7, 22: 7, 23: 8, 24: 8, 25: 8, 26: 9, 27: 9, 28: 10, 29: 10, 30: 11}

# Exact levels of [x(k), x(n+1-k)], in percent to one decimal, as printed in
# the standard table of confidence intervals for the population median
# (n, k, level).
PUBLISHED_LEVELS = [
    (4, 1, 87.5), (5, 1, 93.8), (6, 1, 96.9), (6, 2, 78.1), (7, 1, 98.4), (7, 2, 87.5),
    (8, 1, 99.2), (8, 2, 93.0), (9, 2, 96.1), (9, 3, 82.0), (10, 2, 97.9), (10, 3, 89.1),
    (11, 3, 93.5), (12, 3, 96.1), (12, 4, 85.4), (13, 4, 90.8), (14, 4, 94.3), (14, 5, 82.0),
    (15, 4, 96.5), (15, 5, 88.2), (16, 5, 92.3), (16, 6, 79.0), (17, 5, 95.1), (17, 6, 85.7),
    (18, 5, 96.9), (18, 6, 90.4), (19, 6, 93.6), (19, 7, 83.3), (20, 6, 95.9), (20, 7, 88.5),
]


def coverage(n, k):
    """The level of [x(k), x(n+1-k)] from scipy's binomial, not the module's sum."""
    return 1 - 2 * binom.cdf(k - 1, n, 0.5)


# ---- median ---------------------------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    ([3.0], 3.0),
    ([5.0, 1.0, 3.0], 3.0),
    ([4.0, 1.0, 3.0, 2.0], 2.5),
    ([], None),
])
def test_median_is_the_middle_value_or_the_mean_of_the_middle_two(values, expected):
    assert median(values) == expected


# ---- order-statistic ranks --------------------------------------------------------------------

@pytest.mark.parametrize("n, k, level", PUBLISHED_LEVELS)
def test_levels_match_the_published_table(n, k, level):
    assert round(100 * (1 - miss_probability(n, k)), 1) == level


@pytest.mark.parametrize("n, k, exact", [(4, 1, Fraction(1, 8)), (5, 1, Fraction(1, 16)),
                                         (8, 2, Fraction(18, 256)), (9, 2, Fraction(20, 512))])
def test_miss_probability_is_twice_the_binomial_tail(n, k, exact):
    assert miss_probability(n, k) == pytest.approx(float(exact), abs=1e-15)


def test_miss_probability_agrees_with_scipy_for_every_rank():
    for n in range(1, 41):
        for k in range(1, (n + 1) // 2 + 1):
            assert 1 - miss_probability(n, k) == pytest.approx(coverage(n, k), abs=1e-12), (n, k)


@pytest.mark.parametrize("n", sorted(RANKS_95))
def test_ranks_at_95_percent_match_campbell_and_gardner(n):
    assert order_statistic_rank(n, 0.95) == RANKS_95[n]


def test_no_interval_reaches_95_percent_below_six():
    assert [order_statistic_rank(n, 0.95) for n in range(1, 6)] == [0] * 5


@pytest.mark.parametrize("n", sorted(RANKS_90))
def test_ranks_at_90_percent_match_the_table(n):
    assert order_statistic_rank(n, 0.90) == RANKS_90[n]


@pytest.mark.parametrize("confidence", [0.80, 0.90, 0.95, 0.99])
def test_each_rank_is_the_largest_that_keeps_its_coverage(confidence):
    for n in range(1, 61):
        k = order_statistic_rank(n, confidence)
        if k > 0:
            assert coverage(n, k) >= confidence, (n, k)
        if k < (n + 1) // 2:
            assert coverage(n, k + 1) < confidence, (n, k)


@pytest.mark.parametrize("n, level", [(4, 0.875), (5, 0.9375), (8, 0.9921875)])
def test_a_level_exactly_at_the_confidence_is_enough(n, level):
    assert order_statistic_rank(n, level) == 1
    assert order_statistic_rank(n, level + 1e-9) == 0


def test_the_default_confidence_needs_five_repetitions():
    assert CONFIDENCE == 0.9
    assert order_statistic_rank(MIN_REPETITIONS - 1) == 0
    assert order_statistic_rank(MIN_REPETITIONS) == 1


# ---- median intervals -------------------------------------------------------------------------

def test_five_to_seven_repetitions_give_min_and_max():
    for n in range(5, 8):
        values = [float(v) for v in range(n, 0, -1)]
        assert median_interval(values) == Interval(median(values), 1.0, float(n), n)


def test_eight_repetitions_give_the_second_lowest_and_highest():
    values = [9.0, 1.0, 8.0, 2.0, 7.0, 3.0, 6.0, 4.0]
    assert median_interval(values) == Interval(5.0, 2.0, 8.0, 8)


def test_thirty_repetitions_use_the_tabled_rank():
    values = [float(v) for v in range(1, 31)]
    k = RANKS_90[30]
    assert median_interval(values) == Interval(15.5, float(k), float(31 - k), 30)


def test_too_few_repetitions_keep_the_median_but_no_interval():
    figure = median_interval([4.0, 1.0, 3.0, 2.0])
    assert figure == Interval(2.5, None, None, 4)
    assert not figure.decided
    assert figure.to_json() == {"median": 2.5, "lo": None, "hi": None, "n": 4}


# ---- ratio intervals --------------------------------------------------------------------------

def test_a_ratio_is_bounded_by_the_worst_pairing_of_ends():
    a = Interval(2.0, 1.5, 3.0, 7)
    b = Interval(1.0, 0.5, 2.0, 5)
    assert ratio_interval(a, b) == Interval(2.0, 1.5 / 2.0, 3.0 / 0.5, 5)


def test_a_ratio_interval_holds_every_quotient_of_values_inside_the_ends():
    a, b = Interval(4.0, 3.0, 6.0, 5), Interval(2.0, 1.0, 4.0, 5)
    ratio = ratio_interval(a, b)
    quotients = [x / y for x in (3.0, 4.0, 6.0) for y in (1.0, 2.0, 4.0)]
    assert ratio.lo == min(quotients) and ratio.hi == max(quotients)


def test_a_ratio_of_a_figure_without_interval_has_none():
    ratio = ratio_interval(Interval(2.0, None, None, 3), Interval(1.0, 0.5, 2.0, 5))
    assert (ratio.median, ratio.lo, ratio.hi, ratio.n) == (2.0, None, None, 3)
    assert at_least(ratio, 1.0) == FEW


def test_a_divisor_reaching_zero_leaves_the_upper_end_open():
    ratio = ratio_interval(Interval(2.0, 1.0, 3.0, 5), Interval(1.0, 0.0, 2.0, 5))
    assert ratio.lo == 0.5 and ratio.hi is None


# ---- against a bar ----------------------------------------------------------------------------

BAR = 1.2
WHOLLY_ABOVE = Interval(1.5, 1.3, 1.7, 5)
WHOLLY_BELOW = Interval(1.0, 0.9, 1.1, 5)
STRADDLING = Interval(1.2, 1.1, 1.3, 5)
LOW_END_ON_BAR = Interval(1.3, BAR, 1.4, 5)
HIGH_END_ON_BAR = Interval(1.1, 1.0, BAR, 5)
ON_BAR = Interval(BAR, BAR, BAR, 5)


@pytest.mark.parametrize("check, figure, answer", [
    (at_least, WHOLLY_ABOVE, YES), (at_least, WHOLLY_BELOW, NO), (at_least, STRADDLING, NOISY),
    (at_least, LOW_END_ON_BAR, YES), (at_least, HIGH_END_ON_BAR, NOISY), (at_least, ON_BAR, YES),
    (above, WHOLLY_ABOVE, YES), (above, WHOLLY_BELOW, NO), (above, STRADDLING, NOISY),
    (above, LOW_END_ON_BAR, NOISY), (above, HIGH_END_ON_BAR, NO), (above, ON_BAR, NO),
    (at_most, WHOLLY_ABOVE, NO), (at_most, WHOLLY_BELOW, YES), (at_most, STRADDLING, NOISY),
    (at_most, LOW_END_ON_BAR, NOISY), (at_most, HIGH_END_ON_BAR, YES), (at_most, ON_BAR, YES),
    (below, WHOLLY_ABOVE, NO), (below, WHOLLY_BELOW, YES), (below, STRADDLING, NOISY),
    (below, LOW_END_ON_BAR, NO), (below, HIGH_END_ON_BAR, NOISY), (below, ON_BAR, NO),
])
def test_where_an_interval_lies_against_a_bar(check, figure, answer):
    assert check(figure, BAR) == answer


@pytest.mark.parametrize("check", [at_least, above, at_most, below])
@pytest.mark.parametrize("figure", [Interval(1.5, None, 1.7, 4), Interval(1.5, 1.3, None, 4),
                                    Interval(1.5, None, None, 4)])
def test_a_missing_end_is_too_few(check, figure):
    assert check(figure, BAR) == FEW
