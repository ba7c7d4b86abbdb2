"""analysis.stats.bootstrap: resampled medians come from the samples and
the seed alone; the percentile interval takes the right order statistics."""
import math

import numpy as np
import pytest

from analysis.stats.bootstrap import percentile_interval, resampled_medians


def test_percentile_interval_takes_the_order_statistics_leaving_the_tails():
    values = np.arange(1000.0)[::-1]
    # 2.5% of 1000 below: the 26th smallest; 2.5% above: the 975th.
    assert percentile_interval(values, 0.95) == (25.0, 974.0)
    assert percentile_interval(values, 0.90) == (50.0, 949.0)


def test_an_infinite_value_stays_infinite():
    values = np.array([1.0] * 90 + [math.inf] * 10)
    assert percentile_interval(values, 0.95) == (1.0, math.inf)


def test_resampled_medians_have_a_row_per_resample_and_a_column_per_sample():
    medians = resampled_medians([[1.0, 2.0, 3.0], [10.0, 20.0]], 50, np.random.default_rng(1))
    assert medians.shape == (50, 2)


def test_each_median_is_one_a_draw_of_its_sample_can_have():
    sample = [1.0, 2.0, 4.0]
    medians = resampled_medians([sample], 200, np.random.default_rng(2))[:, 0]
    # A median of three draws is one of the values.
    assert set(medians) <= set(sample)
    assert len(set(medians)) == 3


def test_a_sample_of_one_value_always_gives_it():
    medians = resampled_medians([[7.0], [3.0, 3.0, 3.0]], 20, np.random.default_rng(3))
    assert (medians == [7.0, 3.0]).all()


def test_the_same_seed_gives_the_same_draws():
    samples = [[1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 4.0, 8.0, 16.0, 32.0]]
    first = resampled_medians(samples, 100, np.random.default_rng(20240601))
    again = resampled_medians(samples, 100, np.random.default_rng(20240601))
    assert (first == again).all()
    assert not (first == resampled_medians(samples, 100, np.random.default_rng(1))).all()


@pytest.mark.parametrize("confidence", [0.8, 0.95])
def test_the_bootstrap_of_a_median_covers_the_sample_median(confidence):
    sample = np.random.default_rng(4).lognormal(0.0, 0.2, 15)
    medians = resampled_medians([sample], 1000, np.random.default_rng(5))[:, 0]
    low, high = percentile_interval(medians, confidence)
    assert low < np.median(sample) < high
