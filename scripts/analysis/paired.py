"""The paired family's figures (bench/families/paired.c): each the speedup
over seq of one scaling point, measured in alternating slices of the model
and seq within one benchmark and sampled until its interval was decided
against its claim's bar or a time cap ended it. The program computes the
interval (the pairs' median ratio and its order-statistic interval, the
rank of stats.intervals); each row carries it with the pairs taken, the
seconds spent, whether it decided, the bar, and the PUs other work kept
busy while it sampled.

Rows read paired/<workload>/<model>/<placement>/workers:<n>, and become the
scaling Points they stand for, with their Sampling: the claims read them in
place of the unpaired points where a workload has them."""
from dataclasses import dataclass
from typing import Optional

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

    def free_pus(self, pus: int) -> Optional[float]:
        """The PUs the run had while it sampled: the machine's less what other work kept busy."""
        return None if self.others_cpu_pus is None else max(0.0, pus - self.others_cpu_pus)

    def text(self) -> str:
        return f"paired, {self.seconds:.3g} s of sampling"

    def to_json(self) -> dict:
        return {"pairs": self.pairs, "seconds": self.seconds, "decided": self.decided, "bar": self.bar,
                "others_cpu_pus": self.others_cpu_pus}


def _point(row) -> Optional[Point]:
    segments, counter = row.name.segments, row.counter
    needed = ("speedup", "pairs", "sampling_s", "decided", "bar")
    if len(segments) < 5 or not segments[4].startswith("workers:") or any(counter(k) is None for k in needed):
        return None
    speedup = counter("speedup")
    interval = Interval(speedup, counter("speedup_lo"), counter("speedup_hi"), int(counter("pairs")), "pair")
    sampling = Sampling(int(counter("pairs")), counter("sampling_s"), bool(counter("decided")), counter("bar"),
                        counter("others_cpu_pus"))
    costs = {"fixed_cost_share": counter("fixed_cost_share"), "task_us": counter("task_us"),
             "cpu_us_per_task": None, "caller_cpu_us_per_task": None}
    return Point(segments[1], segments[2], segments[3], row.name.arguments["workers"], (), Interval(None, None, None, 0),
                 (speedup,), interval, costs, sampling)


def points(results) -> list:
    """The paired rows as Points with their Sampling, in run order; a row
    without the counters every paired row has is left out."""
    made = (_point(row) for row in results.family(FAMILY))
    return [point for point in made if point is not None]


def section(results) -> list:
    """The paired figures for analysis.json, as the claims read them."""
    return [{"workload": p.workload, "model": p.model, "placement": p.placement, "workers": p.workers,
             "speedup": p.speedup_interval.to_json(), **p.sampling.to_json()} for p in points(results)]
