"""The scaling family's curves: each model's tasks per second at each worker
count and placement, over the seq model's on the same workload (its
baseline), with intervals; the knee of each curve and the speedup its
measured costs allow (knees.py); the USL fit (usl.py); and why the curve
stopped where it did (the context's scaling_stop/<workload>/<model>/<placement>).

A family whose rows have that shape is a Family: the scaling family's
(MODELS), and the cpython family's (cpython.py), whose rows
cpython/<workload>/<construct>/workers:<n> name a CPython construct where a
model would be, have no placement (the OS places them, as under placement
none) and divide by CPython's own seq.

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
# A cpython series named ft_<construct> runs on the free-threaded
# interpreter (bench/cpython/constructs.def), and divides by that
# interpreter's own seq, ft_seq, so no ratio mixes the two interpreters.
FREE_THREADED = "ft_"


def baseline_of(series: str) -> str:
    """The seq series a model's or construct's speedup divides by."""
    return FREE_THREADED + BASELINE if series.startswith(FREE_THREADED) else BASELINE
# The placement of a family whose names carry none.
UNPLACED = "none"


@dataclass(frozen=True)
class Family:
    """Where a family's scaling curves are: rows named
    <name>/<workload>/<series>[/<placement>]/workers:<n>, the placement
    there when `placed`; and the context key that says why a curve stops."""
    name: str
    placed: bool

    def stop_key(self, workload: str, series: str, placement: str) -> str:
        return f"{self.name}_stop/{workload}/{series}" + (f"/{placement}" if self.placed else "")


MODELS = Family("scaling", placed=True)


@dataclass(frozen=True)
class Point:
    workload: str
    model: str                 # the model, or in the cpython family the construct
    placement: str
    workers: int
    rates: tuple
    rate: Interval
    speedups: tuple            # each repetition's rate over seq's median
    speedup_interval: Interval  # the median rate's interval over seq's
    costs: dict                # medians of the per-task costs and fixed share (None where absent)
    # How the paired family sampled it (paired.Sampling); None for a point
    # of repetitions.
    sampling: Optional[object] = None


COSTS = ("fixed_cost_share", "cpu_us_per_task", "caller_cpu_us_per_task", "task_us")


def _key(row, family: Family):
    s = row.name.segments
    return s[1], s[2], s[3] if family.placed else UNPLACED, row.name.arguments["workers"]


def runs(results, family: Family = MODELS) -> list:
    """A family's point rows: scaling/<workload>/<model>/<placement>/workers:<n>
    (cpython/<workload>/<construct>/workers:<n>)."""
    segments = 5 if family.placed else 4
    return [row for row in results.family(family.name)
            if "workers" in row.name.arguments and len(row.name.segments) == segments]


def _median_of(rows, key) -> Optional[float]:
    values = [row.counter(key) for row in rows if row.counter(key) is not None]
    return median(values) if values else None


def baselines(results, family: Family = MODELS) -> dict:
    """Each (workload, seq series)'s rates as a figure, for the workloads a seq ran."""
    rates = {}
    for row in runs(results, family):
        if row.name.segments[2] == baseline_of(row.name.segments[2]):
            rates.setdefault((row.name.segments[1], row.name.segments[2]), []).append(row.counter("items_per_second"))
    return {key: median_interval(values) for key, values in rates.items()}


def points(results, family: Family = MODELS) -> list:
    """Every point of a model other than seq on a workload with a baseline, in run order."""
    seq = baselines(results, family)
    grouped = {}
    for row in runs(results, family):
        workload, model, _, _ = key = _key(row, family)
        if model != baseline_of(model) and (workload, baseline_of(model)) in seq:
            grouped.setdefault(key, []).append(row)
    made = []
    for (workload, model, placement, workers), rows in grouped.items():
        rates = tuple(row.counter("items_per_second") for row in rows)
        rate = median_interval(rates)
        base = seq[(workload, baseline_of(model))]
        made.append(Point(workload, model, placement, workers, rates, rate,
                          tuple(r / base.median for r in rates), ratio_interval(rate, base),
                          {key: _median_of(rows, key) for key in COSTS}))
    return made


def curves(results, family: Family = MODELS) -> list:
    """The points grouped by workload, model and placement, in run order, each
    sorted by workers: [(workload, model, placement, [Point])]."""
    grouped = {}
    for point in points(results, family):
        grouped.setdefault((point.workload, point.model, point.placement), []).append(point)
    return [(*key, sorted(pts, key=lambda p: p.workers)) for key, pts in grouped.items()]
