"""Steps in a series of times: the runs where a benchmark's time moved to a
new level and stayed there, each with the ratio of the new level to the old.

The method: a penalised piecewise-constant fit of log time, found exactly
by optimal partitioning (the dynamic programme that PELT prunes; histories
are short enough to need no pruning). Log time, because a step is a ratio
and run-to-run noise is proportional to the time. Each segment costs the
squared deviations from its mean, each change point a penalty of
PENALTY_PER_LOG_RUN * noise^2 * log(runs), a BIC-like penalty made strict
enough that pure noise almost never pays for a step. The noise is the
median absolute successive difference, scaled to a standard deviation:
a step moves one difference and an odd run two, so neither inflates it, as
they would a plain standard deviation. Two more guards against odd runs:
the fit reads each run through a running median of three, which removes a
lone outlier and keeps a step where it is, and a segment needs at least
MIN_SEGMENT runs, so a step is reported once a second run confirms it. The
noise is never taken below NOISE_FLOOR: no wall time repeats that closely,
and on identical figures any change would otherwise be a step.
"""
import math
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy

PENALTY_PER_LOG_RUN = 6.0
MIN_SEGMENT = 2
NOISE_FLOOR = 0.01  # in log time: one percent
MAD_TO_SIGMA = 1.4826  # a normal distribution's standard deviation per MAD


@dataclass(frozen=True)
class Segment:
    """Runs first to last (places in the series, both included) at one level."""
    first: int
    last: int
    median: float


@dataclass(frozen=True)
class Steps:
    """A series' fit: its noise in log time and its segments, in order."""
    noise: float
    segments: List[Segment]

    @property
    def change_points(self) -> List[Tuple[int, float]]:
        """Each step as (the first run of the new level, new median over old)."""
        return [(after.first, after.median / before.median)
                for before, after in zip(self.segments, self.segments[1:])]


def noise_scale(log_times) -> float:
    """The standard deviation of the noise around each level, from the
    median absolute difference of successive runs (a difference of two
    runs has sqrt(2) times the noise of one)."""
    if len(log_times) < 2:
        return NOISE_FLOOR
    mad = float(numpy.median(numpy.abs(numpy.diff(log_times))))
    return max(MAD_TO_SIGMA * mad / math.sqrt(2.0), NOISE_FLOOR)


def penalty(noise: float, runs: int) -> float:
    """What a change point costs in a fit of `runs` runs with this noise."""
    return PENALTY_PER_LOG_RUN * noise ** 2 * math.log(runs)


def running_median_of_three(values):
    """Each value replaced by the median of itself and its neighbours; the
    first and last, which have one neighbour, by that neighbour, so that one
    run at either end, alone, never makes a step: a second must confirm it."""
    smoothed = values.copy()
    if len(values) >= 3:
        smoothed[1:-1] = numpy.median(numpy.stack([values[:-2], values[1:-1], values[2:]]), axis=0)
        smoothed[0], smoothed[-1] = values[1], values[-2]
    return smoothed


def segment_starts(values, change_cost: float) -> List[int]:
    """The starts of the segments of the least-squares piecewise-constant
    fit of values with change_cost per change point, each segment at least
    MIN_SEGMENT long: optimal partitioning, O(n^2)."""
    n = len(values)
    sums = numpy.concatenate([[0.0], numpy.cumsum(values)])
    squares = numpy.concatenate([[0.0], numpy.cumsum(values ** 2)])
    # best[t]: the cost of the best fit of values[:t]; start[t]: where its
    # last segment starts.
    best = numpy.full(n + 1, numpy.inf)
    best[0] = -change_cost
    start = numpy.zeros(n + 1, dtype=int)
    for end in range(MIN_SEGMENT, n + 1):
        begins = numpy.arange(0, end - MIN_SEGMENT + 1)
        lengths = end - begins
        cost = (squares[end] - squares[begins]) - (sums[end] - sums[begins]) ** 2 / lengths
        total = best[begins] + numpy.maximum(cost, 0.0) + change_cost
        choice = int(numpy.argmin(total))
        best[end], start[end] = total[choice], begins[choice]
    starts, end = [], n
    while end > 0:
        end = start[end]
        starts.append(end)
    return sorted(starts)


def find_steps(times: Sequence[float]) -> Steps:
    """The levels of a series of times (each above 0), in the order run."""
    times = numpy.asarray(times, dtype=float)
    log_times = numpy.log(times)
    noise = noise_scale(log_times)
    starts = [0]
    if len(times) >= 2 * MIN_SEGMENT:
        starts = segment_starts(running_median_of_three(log_times), penalty(noise, len(times)))
    bounds = zip(starts, starts[1:] + [len(times)])
    return Steps(noise, [Segment(int(a), int(b) - 1, float(numpy.median(times[a:b]))) for a, b in bounds])
