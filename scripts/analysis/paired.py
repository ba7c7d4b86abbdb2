"""The paired family's figures (bench/families/paired.c): each the speedup
over seq of one scaling point, measured in alternating slices of the model
and seq within one benchmark and sampled until its interval was decided
against its claim's bar or a time cap ended it. The program computes the
interval (the pairs' median ratio and its order-statistic interval, the
rank of stats.intervals); each row carries it with the pairs taken, the
seconds spent, whether it decided, the bar, and the PUs other work kept
busy while it sampled.

Speedup rows read paired/<workload>/<model>/<placement>/workers:<n>, and
become the scaling Points they stand for, with their Sampling: the claims
read them in place of the unpaired points where a workload has them. The
other rows are ratios a claim reads in place of the quotient of two rows
measured apart, each keyed (RATIOS): C7's, a heavier operation over a
lighter one (a process switch over its thread twin,
paired/ctxswitch/<channel>/<where>, keyed as the ctxswitch rows it stands
for, ctxswitch/<channel>/*/<where>; that thread switch over a coroutine
switch, paired/thread_switch/<channel>/<where>, keyed
thread_switch/<channel>/<where>; a life over a lighter one,
paired/spawn/<heavier>/<lighter>, keyed spawn/<heavier>/<lighter>); C8's,
a list operation through the manager over the same in shared memory,
paired/list/<op>, keyed as the ipc rows it stands for, ipc/list/*/<op>;
C10's, an empty task in the pool over one with a thread per task,
paired/overhead/pool/thread, keyed overhead/pool/thread; and C2's, the
throughput of the most spinners over the fewest's, paired/timeslice/<kind>,
keyed timeslice/<kind>. A pair in which a side measured nothing (no
spinner had a turn) gives no ratio: the row counts it (void_pairs)."""
from dataclasses import dataclass
from typing import Optional

from .fmt import plural
from .scaling import Point
from .stats.intervals import Interval

FAMILY = "paired"


@dataclass(frozen=True)
class Sampling:
    pairs: int
    seconds: float
    decided: bool
    bar: float
    others_cpu_pus: Optional[float]  # None where the row does not say
    void_pairs: int = 0

    def free_pus(self, pus: int) -> Optional[float]:
        """The PUs the run had while it sampled: the machine's less what other work kept busy."""
        return None if self.others_cpu_pus is None else max(0.0, pus - self.others_cpu_pus)

    def text(self) -> str:
        void = f", {plural(self.void_pairs, 'void pair')}" if self.void_pairs else ""
        return f"paired, {self.seconds:.3g} s of sampling{void}"

    def to_json(self) -> dict:
        return {"pairs": self.pairs, "seconds": self.seconds, "decided": self.decided, "bar": self.bar,
                "others_cpu_pus": self.others_cpu_pus, "void_pairs": self.void_pairs}


def note(sampling: Optional[Sampling]) -> str:
    """" (paired, N s of sampling)" after a paired figure; "" after another."""
    return f" ({sampling.text()})" if sampling else ""


SAMPLING = ("pairs", "sampling_s", "decided", "bar")
# The ratio rows: their second segment, how many segments they have, and their key from them.
RATIOS = {"ctxswitch": (4, lambda s: f"ctxswitch/{s[2]}/*/{s[3]}"),
          "thread_switch": (4, lambda s: f"thread_switch/{s[2]}/{s[3]}"),
          "spawn": (4, lambda s: f"spawn/{s[2]}/{s[3]}"),
          "list": (3, lambda s: f"ipc/list/*/{s[2]}"),
          "overhead": (4, lambda s: f"overhead/{s[2]}/{s[3]}"),
          "timeslice": (3, lambda s: f"timeslice/{s[2]}")}


@dataclass(frozen=True)
class Figure:
    """A paired ratio: its interval over the pairs, and how it was sampled."""
    ratio: Interval
    sampling: Sampling


def ratio_or(figures: dict, key: str, apart: Interval) -> tuple:
    """A ratio a claim judges, and its Sampling: the paired figure under key
    (ratios()) where the paired family ran it, else `apart`, the quotient of
    two rows measured apart, with None."""
    figure = figures.get(key)
    return (figure.ratio, figure.sampling) if figure else (apart, None)


def _figure(row, ratio: str) -> Optional[Figure]:
    """The row's `ratio` counter and its ends as a Figure, one of no median
    where no pair gave a ratio (all void); None when a counter every row has
    is missing."""
    counter = row.counter
    if any(counter(k) is None for k in SAMPLING):
        return None
    pairs = int(counter("pairs"))
    if counter(ratio) is None and pairs > 0:
        return None
    return Figure(Interval(counter(ratio), counter(f"{ratio}_lo"), counter(f"{ratio}_hi"), pairs, "pair"),
                  Sampling(pairs, counter("sampling_s"), bool(counter("decided")), counter("bar"),
                           counter("others_cpu_pus"), int(counter("void_pairs") or 0)))


def _point(row) -> Optional[Point]:
    segments, counter = row.name.segments, row.counter
    figure = _figure(row, "speedup")
    # A job's rate is never 0, so a speedup row has no void pairs to leave it without a median.
    if len(segments) < 5 or not segments[4].startswith("workers:") or figure is None or figure.ratio.median is None:
        return None
    costs = {"fixed_cost_share": counter("fixed_cost_share"), "task_us": counter("task_us"),
             "cpu_us_per_task": None, "caller_cpu_us_per_task": None}
    return Point(segments[1], segments[2], segments[3], row.name.arguments["workers"], (), Interval(None, None, None, 0),
                 (figure.ratio.median,), figure.ratio, costs, figure.sampling)


def points(results) -> list:
    """The paired rows as Points with their Sampling, in run order; a row
    without the counters every paired row has is left out."""
    made = (_point(row) for row in results.family(FAMILY) if row.name.segments[1] not in RATIOS)
    return [point for point in made if point is not None]


def ratios(results) -> dict:
    """The ratio rows' figures by key (RATIOS)."""
    made = {}
    for row in results.family(FAMILY):
        # Its own segments, without Google Benchmark's fixed iteration count.
        segments = tuple(s for s in row.name.segments if not s.startswith("iterations:"))
        shape = RATIOS.get(segments[1]) if len(segments) > 1 else None
        if shape and len(segments) == shape[0]:
            figure = _figure(row, "ratio")
            if figure is not None:
                made[shape[1](segments)] = figure
    return made


def section(results) -> dict:
    """The paired figures for analysis.json, as the claims read them."""
    return {"speedups": [{"workload": p.workload, "model": p.model, "placement": p.placement, "workers": p.workers,
                          "speedup": p.speedup_interval.to_json(), **p.sampling.to_json()} for p in points(results)],
            "ratios": [{"key": key, "ratio": f.ratio.to_json(), **f.sampling.to_json()}
                       for key, f in sorted(ratios(results).items())]}
