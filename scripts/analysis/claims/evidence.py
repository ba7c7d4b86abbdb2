"""What the claims read of one run, derived once for all of them: the table
of results without its failed benchmarks, the failures by name, the machine's
load, the workloads the scaling family ran and their speedups over seq, and
the ways the rules look at rows (a figure per benchmark, rows paired with
their twins, the points of some models)."""
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional

from .. import paired as paired_family, scaling
from ..fmt import plural, sig3_text
from ..names import Name
from ..stats.intervals import NO, Interval, median_interval
from .verdict import LOAD, errored_reason, not_measured

# The workloads the claims prefer, of each kind, when they ran.
PREFERRED = {"cpu": "cpu_int", "io": "timer"}
# One worker per PU on a single PU: shows placement, not the model.
SINGLE = "single"


@dataclass(frozen=True)
class Measured:
    """One benchmark's figure over its repetitions."""
    name: Name
    value: Interval


@dataclass(frozen=True)
class Pair:
    """Two benchmarks alike but in one segment, key their name with it as "*"."""
    key: str
    a: object
    b: object


def _order(value: Optional[float]) -> float:
    return float("-inf") if value is None else value


def max_by(items, key: Callable):
    """The item of largest key (None lowest), the last of equals; None for none."""
    best = None
    for item in items:
        if best is None or _order(key(item)) >= _order(key(best)):
            best = item
    return best


def min_by(items, key: Callable):
    """The item of smallest key (None lowest), the first of equals; None for none."""
    best = None
    for item in items:
        if best is None or _order(key(item)) < _order(key(best)):
            best = item
    return best


def by_median(figure_of: Callable) -> Callable:
    return lambda item: figure_of(item).median


def time_ns(row) -> float:
    return row.real_time_ns


def counter_ns(counter: str) -> Callable:
    """A time counter (Google Benchmark's seconds) in ns, else the real time."""
    def value(row):
        seconds = row.counter(counter)
        return row.real_time_ns if seconds is None else seconds * 1e9
    return value


def intervals(rows, value: Callable) -> list:
    """value over the repetitions of each benchmark, as a figure, by name."""
    grouped = {}
    for row in rows:
        grouped.setdefault(row.name.short, []).append(row)
    return [Measured(grouped[short][0].name, median_interval([value(r) for r in grouped[short]]))
            for short in sorted(grouped)]


def having_segment(items, pattern: str) -> list:
    regex = re.compile(pattern)
    return [item for item in items if any(regex.search(s) for s in item.name.segments)]


def paired(items, pattern_a: str, pattern_b: str) -> list:
    """Each item with a segment matching pattern_a beside the item with one
    matching pattern_b that is alike in the rest of its name."""
    def keyed(pattern):
        regex = re.compile(pattern)
        return [("/".join("*" if regex.search(s) else s for s in item.name.segments), item)
                for item in having_segment(items, pattern)]
    others = dict(keyed(pattern_b))
    return [Pair(key, item, others[key]) for key, item in keyed(pattern_a) if key in others]


def where(point) -> str:
    said = f"{point.model}/{point.placement}, {plural(point.workers, 'worker')}"
    return f"{said}, {point.sampling.text()}" if point.sampling else said


def paired_status(points, status: str, bar: float, pus: int) -> str:
    """A status of paired points held to the PUs they had: a "no" of points
    that each sampled with fewer PUs free than the bar needs (a speedup of
    x needs x PUs) is "load", what the run could not show; else status."""
    free = [p.sampling.free_pus(pus) for p in points if p.sampling]
    if status == NO and free and len(free) == len(points) and all(f is not None and f < bar for f in free):
        return LOAD
    return status


def free_pus_text(points, pus: int) -> str:
    """The PUs the paired points had, in words; "" for none."""
    free = [p.sampling.free_pus(pus) for p in points if p.sampling and p.sampling.others_cpu_pus is not None]
    return f" ({sig3_text(max(free))} of {pus} PUs free while sampling)" if free else ""


def spread_points(points, models) -> list:
    """The points of some models, single left out."""
    return [p for p in points if p.model in models and p.placement != SINGLE]


def one_count(points) -> str:
    """The one worker count (or none) a set of points spans, in words."""
    counts = sorted({p.workers for p in points})
    return f"ran at {plural(counts[0], 'worker')} only" if counts else "did not run"


class Evidence:
    """One run as the claims read it."""

    def __init__(self, results, load: dict):
        self.results = results
        self.load = load
        self.pus = results.pus

    def family(self, name: str) -> list:
        return self.results.family(name)

    def errored(self, pattern: str, what: str) -> Optional[str]:
        """The failed rows whose name matches pattern, as a reason."""
        return errored_reason(self.results.failed(pattern), what)

    def not_measured(self, reason: str, figures: list = ()) -> dict:
        return not_measured(reason, self.load, figures)

    # ---- the scaling family's workloads and points ------------------------
    @cached_property
    def ran(self) -> list:
        """The workloads the scaling or paired family ran, one whose rows all failed too."""
        ran = {row.name.segments[1] for row in scaling.runs(self.results)}
        ran |= {p.workload for p in self._paired}
        ran |= {f.name.segments[1] for f in self.results.failures
                if f.name.family in ("scaling", paired_family.FAMILY) and len(f.name.segments) > 1}
        return sorted(ran)

    @cached_property
    def with_seq(self) -> set:
        return {workload for workload, _ in scaling.baselines(self.results)}

    @cached_property
    def _points(self) -> list:
        return sorted(scaling.points(self.results), key=lambda p: (p.model, p.placement, p.workers))

    @cached_property
    def _paired(self) -> list:
        return sorted(paired_family.points(self.results), key=lambda p: (p.model, p.placement, p.workers))

    @cached_property
    def paired_ratios(self) -> dict:
        """The paired family's ratios other than speedups, by key (paired.RATIOS)."""
        return paired_family.ratios(self.results)

    def pick(self, kind: str) -> Optional[str]:
        """The workload of a kind the claims read: the preferred one when it
        ran, else the first of that kind that ran."""
        kinds = self.results.workload_kinds()
        of_kind = [w for w in self.ran if kinds.get(w) == kind]
        return PREFERRED[kind] if PREFERRED[kind] in of_kind else next(iter(of_kind), None)

    def points(self, workload: Optional[str]) -> list:
        """The points of a workload the claims judge: for each model the paired
        family ran on it, its paired points (speedups measured against seq in
        alternating slices: load that comes and goes cancels); for the other
        models the scaling family's, none without seq. The curves stay the plots'."""
        paired = self.paired_points(workload)
        models = {p.model for p in paired}
        return paired + [p for p in self._points if p.workload == workload and p.model not in models]

    def paired_points(self, workload: Optional[str]) -> list:
        return [p for p in self._paired if p.workload == workload]

    def no_curves(self, kind_words: str, workload: Optional[str]):
        """Why a workload's points are missing, as reasons (first_reason)."""
        if workload is None:
            yield f"no {kind_words}-bound workload ran in the scaling family"
            return
        if self.paired_points(workload):
            return
        yield self.errored(f"^scaling/{workload}/seq/", "seq")
        if workload not in self.with_seq:
            yield f"no seq baseline ran for {workload}, so no speedup"

    @cached_property
    def spawn(self) -> list:
        """One life of each unit (ctxswitch/spawn/<unit>), as figures."""
        return intervals([r for r in self.family("ctxswitch") if r.name.segments[1:2] == ("spawn",)], time_ns)
