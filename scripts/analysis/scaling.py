"""The scaling family's curves: each model's tasks per second at each worker
count and placement, over the seq model's on the same workload (its
baseline), with intervals; the knee of each curve and the speedup its
measured costs allow (knees.py); the USL fit (usl.py); and why the curve
stopped where it did (the context's scaling_stop/<workload>/<model>/<placement>).

The one place the speedup over seq is computed. Two figures come of it:
- `speedup`: each repetition's rate over seq's median rate, summarised
  (median, min, max, the values in run order): what the plots draw;
- `speedup_interval`: the interval of the median rate over seq's
  (stats.intervals.ratio_interval): what the claims judge.
"""
from dataclasses import dataclass
from typing import Optional

from .stats.intervals import Interval, median, median_interval, ratio_interval

BASELINE = "seq"


@dataclass(frozen=True)
class Point:
    workload: str
    model: str
    placement: str
    workers: int
    rates: tuple
    rate: Interval
    speedups: tuple            # each repetition's rate over seq's median
    speedup_interval: Interval  # the median rate's interval over seq's
    costs: dict                # medians of the per-task costs and fixed share (None where absent)


COSTS = ("fixed_cost_share", "cpu_us_per_task", "caller_cpu_us_per_task", "task_us")


def _key(row):
    s = row.name.segments
    return s[1], s[2], s[3], row.name.arguments["workers"]


def runs(results) -> list:
    """The scaling family's point rows: scaling/<workload>/<model>/<placement>/workers:<n>."""
    return [row for row in results.family("scaling") if "workers" in row.name.arguments and len(row.name.segments) == 5]


def _median_of(rows, key) -> Optional[float]:
    values = [row.counter(key) for row in rows if row.counter(key) is not None]
    return median(values) if values else None


def baselines(results) -> dict:
    """Each workload's seq rates as a figure, for the workloads seq ran."""
    rates = {}
    for row in runs(results):
        if row.name.segments[2] == BASELINE:
            rates.setdefault(row.name.segments[1], []).append(row.counter("items_per_second"))
    return {workload: median_interval(values) for workload, values in rates.items()}


def points(results) -> list:
    """Every point of a model other than seq on a workload with a baseline, in run order."""
    seq = baselines(results)
    grouped = {}
    for row in runs(results):
        workload, model, _, _ = key = _key(row)
        if model != BASELINE and workload in seq:
            grouped.setdefault(key, []).append(row)
    made = []
    for (workload, model, placement, workers), rows in grouped.items():
        rates = tuple(row.counter("items_per_second") for row in rows)
        rate = median_interval(rates)
        made.append(Point(workload, model, placement, workers, rates, rate,
                          tuple(r / seq[workload].median for r in rates), ratio_interval(rate, seq[workload]),
                          {key: _median_of(rows, key) for key in COSTS}))
    return made


def curves(results) -> list:
    """The points grouped by workload, model and placement, in run order, each
    sorted by workers: [(workload, model, placement, [Point])]."""
    grouped = {}
    for point in points(results):
        grouped.setdefault((point.workload, point.model, point.placement), []).append(point)
    return [(*key, sorted(pts, key=lambda p: p.workers)) for key, pts in grouped.items()]
