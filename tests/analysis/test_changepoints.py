"""analysis.stats.changepoints: steps of known size at known runs are found
there, noise alone gives none, the noise estimate and the penalty do what
they say."""
import math

import numpy as np
import pytest

from analysis.stats.changepoints import (MAD_TO_SIGMA, MIN_SEGMENT, NOISE_FLOOR, PENALTY_PER_LOG_RUN, Segment,
                                         find_steps, noise_scale, penalty, running_median_of_three,
                                         segment_starts)


def noisy(levels, sigma, seed):
    """levels (times in ns), each times exp(noise), the noise normal in log
    time with standard deviation sigma, from a fixed seed."""
    rng = np.random.default_rng(seed)
    return list(np.asarray(levels, dtype=float) * np.exp(rng.normal(0.0, sigma, len(levels))))


# ---- steps ------------------------------------------------------------------------------------

def test_a_clean_step_is_found_at_its_run_with_its_ratio():
    steps = find_steps([1000.0] * 20 + [1500.0] * 10)
    assert steps.segments == [Segment(0, 19, 1000.0), Segment(20, 29, 1500.0)]
    assert steps.change_points == [(20, 1.5)]
    assert steps.noise == NOISE_FLOOR


@pytest.mark.parametrize("seed", range(5))
def test_a_step_under_noise_is_found_at_its_run_with_about_its_ratio(seed):
    steps = find_steps(noisy([1000.0] * 20 + [1500.0] * 10, 0.03, seed))
    [(first, ratio)] = steps.change_points
    assert first == 20
    assert ratio == pytest.approx(1.5, rel=0.05)


def test_a_faster_step_has_a_ratio_below_one():
    [(first, ratio)] = find_steps(noisy([2000.0] * 12 + [1000.0] * 12, 0.02, seed=1)).change_points
    assert first == 12 and ratio == pytest.approx(0.5, rel=0.05)


def test_two_steps_are_both_found():
    steps = find_steps(noisy([1000.0] * 10 + [1300.0] * 10 + [900.0] * 10, 0.02, seed=2))
    assert [first for first, _ in steps.change_points] == [10, 20]


@pytest.mark.parametrize("seed", range(20))
def test_noise_alone_has_no_step(seed):
    steps = find_steps(noisy([1000.0] * 30, 0.03, seed))
    assert steps.change_points == []
    assert steps.segments == [Segment(0, 29, steps.segments[0].median)]


def test_the_same_series_gives_the_same_fit():
    series = noisy([1000.0] * 15 + [1200.0] * 15, 0.05, seed=4)
    assert find_steps(series) == find_steps(list(series))


def test_a_lone_outlier_is_no_step():
    series = noisy([1000.0] * 30, 0.02, seed=5)
    series[12] *= 3
    assert find_steps(series).change_points == []


def test_a_step_confirmed_by_a_second_run_is_found():
    assert find_steps([1000.0] * 20 + [1500.0] * MIN_SEGMENT).change_points == [(20, 1.5)]


def test_a_lone_last_or_first_run_is_no_step():
    assert find_steps([1000.0] * 20 + [1500.0]).change_points == []
    assert find_steps([1500.0] + [1000.0] * 20).change_points == []


def test_a_step_that_a_second_run_confirms_is_found_where_it_starts():
    (start, ratio), = find_steps([1000.0] * 20 + [1500.0, 1500.0]).change_points
    assert start == 20 and ratio == pytest.approx(1.5)


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_too_short_a_series_is_one_segment(count):
    steps = find_steps([1000.0, 3000.0, 1000.0][:count] or [1000.0])
    assert len(steps.segments) == 1 and steps.change_points == []


def test_a_segment_gives_the_median_of_its_raw_times():
    steps = find_steps([1.0, 3.0, 2.0, 100.0, 80.0, 90.0])
    assert steps.segments == [Segment(0, 2, 2.0), Segment(3, 5, 90.0)]


# ---- the noise ----------------------------------------------------------------------------------

def test_noise_is_the_median_successive_difference_scaled_to_a_standard_deviation():
    log_times = np.array([0.0, 0.1, 0.0, 0.1, 0.0, 0.3, 0.2, 0.3])
    # Differences 0.1 0.1 0.1 0.1 0.3 0.1 0.1: their median is 0.1.
    assert noise_scale(log_times) == pytest.approx(MAD_TO_SIGMA * 0.1 / math.sqrt(2))


def test_two_runs_have_the_noise_of_their_one_difference():
    assert noise_scale(np.array([0.0, 0.1])) == pytest.approx(MAD_TO_SIGMA * 0.1 / math.sqrt(2))


def test_a_step_moves_the_noise_no_more_than_one_difference():
    flat = np.array([0.0, 0.1] * 10)
    stepped = flat + np.where(np.arange(20) >= 10, 1.0, 0.0)
    assert noise_scale(stepped) == pytest.approx(noise_scale(flat))


def test_noise_recovers_the_standard_deviation_of_normal_noise():
    log_times = np.random.default_rng(0).normal(0.0, 0.05, 20000)
    assert noise_scale(log_times) == pytest.approx(0.05, rel=0.03)


@pytest.mark.parametrize("log_times", [[], [0.5], [0.5, 0.5, 0.5], [0.0, 0.001, 0.0, 0.001]])
def test_noise_is_never_below_the_floor(log_times):
    assert noise_scale(np.array(log_times)) == NOISE_FLOOR


@pytest.mark.parametrize("moved, steps", [(1.018, []), (1.025, [(10, 1.025)])])
def test_on_identical_runs_the_floor_keeps_a_move_under_two_percent_from_being_a_step(moved, steps):
    """Twenty runs, ten at one time and ten at another, each ten identical:
    only the floor stands for their noise (one percent in log time), and
    at that noise a step needs a move of about two percent."""
    assert find_steps([100.0] * 10 + [100.0 * moved] * 10).change_points == steps


# ---- the penalty --------------------------------------------------------------------------------

def test_the_penalty_grows_with_the_noise_squared_and_the_log_of_the_runs():
    assert penalty(0.03, 30) == pytest.approx(PENALTY_PER_LOG_RUN * 0.03 ** 2 * math.log(30))
    assert penalty(0.06, 30) == pytest.approx(4 * penalty(0.03, 30))


def test_no_penalty_cuts_noise_into_many_segments_and_a_large_one_into_none():
    values = np.log(noisy([1000.0] * 30, 0.03, seed=6))
    assert len(segment_starts(values, 0.0)) > 5
    assert segment_starts(values, 1e6) == [0]


def test_a_step_near_the_noise_is_found_only_under_a_lenient_enough_penalty():
    values = np.log(noisy([1000.0] * 15 + [1060.0] * 15, 0.02, seed=7))
    noise = noise_scale(values)
    assert segment_starts(running_median_of_three(values), penalty(noise, 30)) == [0, 15]
    assert segment_starts(running_median_of_three(values), 20 * penalty(noise, 30)) == [0]


def test_a_lone_run_is_never_a_segment_of_its_own():
    values = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    starts = segment_starts(values, 1e-3)
    assert starts != [0, 4, 5]
    assert all(b - a >= 2 for a, b in zip(starts, starts[1:] + [len(values)]))


def test_every_segment_is_at_least_the_minimum_long():
    values = np.log(noisy([1000.0] * 25, 0.05, seed=8))
    starts = segment_starts(values, 0.0)
    assert all(b - a >= MIN_SEGMENT for a, b in zip(starts, starts[1:] + [len(values)]))


def test_the_running_median_removes_a_lone_outlier_and_keeps_a_step():
    values = np.array([1.0, 1.0, 9.0, 1.0, 1.0, 5.0, 5.0, 5.0])
    assert list(running_median_of_three(values)) == [1.0, 1.0, 1.0, 1.0, 1.0, 5.0, 5.0, 5.0]


def test_three_runs_are_smoothed_too():
    # the middle one by the median of the three, each end by the middle one
    assert list(running_median_of_three(np.array([1.0, 5.0, 3.0]))) == [5.0, 3.0, 5.0]
