"""The granularity family's series: each model's speedup over seq against
the duration of a task, at workers = PUs, and the duration from which the
model pays for itself (break_even.py). A row is
granularity/<workload>/<model>/task_us:<d>; the cpython family's rows
cpython/<workload>/<construct>/task_us:<d> are series of the same shape,
a CPython construct in the model's place, over CPython's own seq.

The speedup of a duration comes, as the scaling family's does, in two
figures: each repetition's rate over seq's median rate at that duration
(what the plot draws), and the interval of the median rate over seq's (what
a rule would judge). The break-even is read off the medians."""
from dataclasses import dataclass
from typing import Optional

from . import break_even
from .scaling import baseline_of
from .stats.intervals import Interval, median_interval, ratio_interval

FAMILY = "granularity"


@dataclass(frozen=True)
class Point:
    task_us: int
    speedups: tuple             # each repetition's rate over seq's median
    speedup_interval: Interval  # the median rate's interval over seq's


@dataclass(frozen=True)
class Series:
    workload: str
    model: str                  # the model, or in the cpython family the construct
    points: list                # by rising duration
    break_even: Optional[dict]  # break_even.break_even's, or None where the points give none


def _rates(results, family: str) -> dict:
    """Each (workload, model, task_us)'s rates, in run order."""
    rates = {}
    for row in results.family(family):
        if "task_us" in row.name.arguments and len(row.name.segments) == 4:
            key = (row.name.segments[1], row.name.segments[2], row.name.arguments["task_us"])
            rates.setdefault(key, []).append(row.counter("items_per_second"))
    return rates


def _break_even(points) -> Optional[dict]:
    try:
        return break_even.break_even([p.task_us for p in points], [p.speedup_interval.median for p in points])
    except (ValueError, TypeError):
        return None


def series(results, family: str = FAMILY) -> list:
    """Every model other than seq, on the workloads seq ran, in run order:
    of the family named (granularity, or cpython's construct series)."""
    rates = _rates(results, family)
    made = {}
    for (workload, model, task_us), values in rates.items():
        seq = rates.get((workload, baseline_of(model), task_us))
        if model == baseline_of(model) or seq is None:
            continue
        seq_figure = median_interval(seq)
        point = Point(task_us, tuple(v / seq_figure.median for v in values),
                      ratio_interval(median_interval(values), seq_figure))
        made.setdefault((workload, model), []).append(point)
    ordered = {key: sorted(points, key=lambda p: p.task_us) for key, points in made.items()}
    return [Series(workload, model, points, _break_even(points)) for (workload, model), points in ordered.items()]
