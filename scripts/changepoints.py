"""Finds the steps in a machine's history of runs: for each benchmark, the
runs where its median time moved to a new level and stayed there.

Reads, on stdin, a history as scripts/record_history appends it (JSON Lines,
one run per line, which scripts/check_input has accepted) and writes, on
stdout, one JSON object:

    {"runs": [{"index", "date", "commit", "dirty"}, ...],
     "benchmarks": [{"name", "noise", "points": [[index, ns], ...],
                     "segments": [{"first", "last", "median_ns"}, ...],
                     "change_points": [{"index", "date", "commit", "dirty",
                                        "ratio"}, ...]}, ...]}

An index is the run's place in the history, from 0. A benchmark's points
are the runs that have it; a change point is the first run of a new
segment, and its ratio is that segment's median time over the previous
one's (above 1: slower). noise is the robust scale of the run-to-run noise
in log time that the penalty was set from.

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

Run with /usr/bin/python3 (Debian's, which has numpy).
"""
import json
import math
import sys

import numpy

PENALTY_PER_LOG_RUN = 6.0
MIN_SEGMENT = 2
NOISE_FLOOR = 0.01  # in log time: one percent
MAD_TO_SIGMA = 1.4826  # a normal distribution's standard deviation per MAD


def noise_scale(log_times):
    """The standard deviation of the noise around each level, from the
    median absolute difference of successive runs (a difference of two
    runs has sqrt(2) times the noise of one)."""
    if len(log_times) < 2:
        return NOISE_FLOOR
    mad = float(numpy.median(numpy.abs(numpy.diff(log_times))))
    return max(MAD_TO_SIGMA * mad / math.sqrt(2.0), NOISE_FLOOR)


def running_median_of_three(values):
    """Each value replaced by the median of itself and its neighbours; the
    first and last stay as they are."""
    smoothed = values.copy()
    if len(values) >= 3:
        smoothed[1:-1] = numpy.median(numpy.stack([values[:-2], values[1:-1], values[2:]]), axis=0)
    return smoothed


def segment_starts(values, penalty):
    """The starts of the segments of the least-squares piecewise-constant
    fit of values with a penalty per change point, each segment at least
    MIN_SEGMENT long: optimal partitioning, O(n^2)."""
    n = len(values)
    sums = numpy.concatenate([[0.0], numpy.cumsum(values)])
    squares = numpy.concatenate([[0.0], numpy.cumsum(values ** 2)])
    # best[t]: the cost of the best fit of values[:t]; start[t]: where its
    # last segment starts.
    best = numpy.full(n + 1, numpy.inf)
    best[0] = -penalty
    start = numpy.zeros(n + 1, dtype=int)
    for end in range(MIN_SEGMENT, n + 1):
        begins = numpy.arange(0, end - MIN_SEGMENT + 1)
        lengths = end - begins
        cost = (squares[end] - squares[begins]) - (sums[end] - sums[begins]) ** 2 / lengths
        total = best[begins] + numpy.maximum(cost, 0.0) + penalty
        choice = int(numpy.argmin(total))
        best[end], start[end] = total[choice], begins[choice]
    starts, end = [], n
    while end > 0:
        end = start[end]
        starts.append(end)
    return sorted(starts)


def describe_run(run):
    return {"index": run["index"], "date": run["date"], "commit": run["commit"], "dirty": run["dirty"]}


def benchmark_steps(name, points, runs):
    indices = [index for index, _ in points]
    times = numpy.array([ns for _, ns in points], dtype=float)
    log_times = numpy.log(times)
    noise = noise_scale(log_times)
    starts = [0]
    if len(points) >= 2 * MIN_SEGMENT:
        penalty = PENALTY_PER_LOG_RUN * noise ** 2 * math.log(len(points))
        starts = segment_starts(running_median_of_three(log_times), penalty)
    bounds = list(zip(starts, starts[1:] + [len(points)]))
    segments = [{"first": indices[a], "last": indices[b - 1], "median_ns": float(numpy.median(times[a:b]))}
                for a, b in bounds]
    change_points = [dict(describe_run(runs[indices[a]]), ratio=after["median_ns"] / before["median_ns"])
                     for (a, _), before, after in zip(bounds[1:], segments, segments[1:])]
    return {"name": name, "noise": noise, "points": [[i, float(t)] for i, t in points],
            "segments": segments, "change_points": change_points}


def main():
    runs = []
    for line in sys.stdin:
        if line.strip():
            run = json.loads(line)
            runs.append({"index": len(runs), "date": run.get("date"), "commit": run["commit"],
                         "dirty": bool(run.get("dirty")), "real_time_ns": run["real_time_ns"]})
    names = sorted({name for run in runs for name in run["real_time_ns"]})
    benchmarks = []
    for name in names:
        # A time of 0 has no logarithm: such a figure measured nothing.
        points = [(run["index"], run["real_time_ns"][name]) for run in runs
                  if name in run["real_time_ns"] and run["real_time_ns"][name] > 0]
        if points:
            benchmarks.append(benchmark_steps(name, points, runs))
    json.dump({"runs": [describe_run(run) for run in runs], "benchmarks": benchmarks}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
