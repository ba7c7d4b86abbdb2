"""What placement did on the machine the results come from:
analysis.json's `placement`.

Where compact and scatter choose different PUs follows from the topology's
counts in the context (hwloc_packages, hwloc_numa_nodes, hwloc_cores,
hwloc_pus) and from what each policy does (core/base/placement.h). On a
machine whose packages, NUMA nodes and cores are alike, each level of the
machine that has two or more objects of two or more PUs parts them:

- SMT (more PUs than cores): compact puts a core's sibling PUs to work
  before the next core, so from 2 workers they share a core's execution
  units and caches; scatter gives each worker a core of its own up to the
  core count;
- several packages, or several NUMA nodes in a package: scatter spreads
  across them first (a second package's caches and memory), compact fills
  one first.

There compact fills objects one after another while scatter keeps them
even, and the two agree only at 1 worker and at PUs - 1 and PUs (one object
short of full, or all full). So they differ from 2 to PUs - 2 workers, and
past the PU count wherever that many are left over a multiple of it (worker
w goes where worker w mod PUs went). On uneven counts (a PU count that is
no multiple of the cores, say) up to PUs - 1. With one package, one NUMA
node and one PU a core they choose the same PUs at every count. The counts
hold no caches: cores split among caches some share and others do not would
part them too, which the results cannot show.

Where they differ, for each workload and model measured under both, at each
worker count both measured: scatter's speedup over compact's, as an
interval. Both divide by the same seq, so that is scatter's rate over
compact's (stats.intervals.ratio_interval of the two rates).
"""
import re
from dataclasses import asdict, dataclass
from typing import Optional

from . import scaling
from .fmt import plural, ratio_text
from .stats.intervals import ratio_interval

# The context's counts, in Topology's order.
COUNTS = ("hwloc_packages", "hwloc_numa_nodes", "hwloc_cores", "hwloc_pus")
WHOLE = re.compile(r"[1-9][0-9]{0,9}")
COMPACT, SCATTER = "compact", "scatter"
SINGLE = "Single differs from both: every worker on one PU."
NOT_RECORDED = ("The results do not record the topology (hwloc_packages, hwloc_numa_nodes, hwloc_cores and "
                "hwloc_pus as whole numbers), so where compact and scatter differ cannot be told.")
NOT_RECORDED_SHORT = "topology not recorded: where compact and scatter differ is unknown"


@dataclass(frozen=True)
class Topology:
    packages: int
    numa_nodes: int
    cores: int
    pus: int

    @property
    def even(self) -> bool:
        """Whether every package, NUMA node and core holds as many PUs (and
        cores) as every other."""
        return all(self.pus % count == 0 for count in (self.packages, self.numa_nodes, self.cores)) \
            and self.cores % self.packages == 0 and self.cores % self.numa_nodes == 0

    def text(self) -> str:
        return ", ".join([plural(self.packages, "package"), plural(self.numa_nodes, "NUMA node"),
                          plural(self.cores, "core"), plural(self.pus, "PU")])


def topology(context: dict) -> Optional[Topology]:
    """The context's counts; None where one is missing, not a whole number
    above 0, or more cores than PUs."""
    values = [context.get(key) for key in COUNTS]
    if not all(isinstance(value, str) and WHOLE.fullmatch(value) for value in values):
        return None
    counts = Topology(*map(int, values))
    return counts if counts.cores <= counts.pus else None


def levels(counts: Topology) -> list:
    """The levels compact and scatter may part at, innermost first, as
    (objects, name): cores, NUMA nodes (unless as many as the packages,
    whose memory they are), packages."""
    numa = [] if counts.numa_nodes == counts.packages else [(counts.numa_nodes, "NUMA node")]
    return [(counts.cores, "core"), *numa, (counts.packages, "package")]


def _parts(counts: Topology, objects: int) -> bool:
    """Whether a level of this many objects parts compact and scatter: two
    or more objects, one of them with two or more PUs."""
    return objects >= 2 and counts.pus > objects


def _compact_reaches(counts: Topology, objects: int) -> str:
    """When compact reaches a second of `objects` objects: after filling the
    first, whose PUs the counts tell only on an even machine."""
    return f"from {counts.pus // objects + 1} workers" if counts.even else "once it has filled the first"


@dataclass(frozen=True)
class Split:
    """A level of the machine where compact and scatter part: why, in words
    for the page and shortened for the plot."""
    why: str
    short: str


def _split(counts: Topology, objects: int, name: str) -> Split:
    if name == "core":
        shares = "from 2 workers" if counts.even else "once it reaches a core with siblings"
        return Split(f"With SMT ({counts.pus} PUs on {objects} cores), compact puts a core's sibling PUs to work "
                     f"before the next core, so its workers share a core's execution units and caches {shares}; "
                     f"scatter gives each worker a core of its own up to {objects} workers and shares cores from "
                     f"{objects + 1}.",
                     f"SMT: compact shares cores {shares}, scatter from {objects + 1}")
    reaches, holds = _compact_reaches(counts, objects), "memory" if name == "NUMA node" else "caches and memory"
    return Split(f"On {objects} {name}s, scatter spreads across them first, so from 2 workers it uses a second "
                 f"{name}'s {holds}; compact fills one {name} first and reaches the second {reaches}.",
                 f"{objects} {name}s: scatter uses a second from 2 workers, compact {reaches}")


def splits(counts: Topology) -> list:
    """Each level where compact and scatter part, innermost first."""
    return [_split(counts, objects, name) for objects, name in levels(counts) if _parts(counts, objects)]


def _alike(counts: Topology) -> str:
    """Why no level parts them: "one package, one NUMA node, one PU a core"."""
    return ", ".join(f"one {name}" if objects == 1 else f"one PU a {name}" for objects, name in
                     ((counts.packages, "package"), (counts.numa_nodes, "NUMA node"), (counts.cores, "core")))


def differing_workers(counts: Topology) -> range:
    """The worker counts up to the PU count at which compact and scatter
    choose different PUs (empty where they never do); past the PU count,
    workers % PUs tells."""
    if not splits(counts):
        return range(0)
    return range(2, counts.pus - 1 if counts.even else counts.pus)


def differ_at(counts: Topology, workers: int) -> bool:
    """Whether compact and scatter put this many workers on different PUs."""
    return workers % counts.pus in differing_workers(counts)


def _span(workers: range) -> str:
    """"from 2 to 14 workers", or "at 2 workers" for one count."""
    if len(workers) == 1:
        return f"at {plural(workers[0], 'worker')}"
    return f"from {workers[0]} to {workers[-1]} workers"


def statement(counts: Optional[Topology]) -> tuple:
    """(in words, shortened for the plot as a line a level): what compact
    and scatter do here."""
    if counts is None:
        return NOT_RECORDED, [NOT_RECORDED_SHORT]
    found, workers = splits(counts), differing_workers(counts)
    if not found:
        return (f"{counts.text()}: with {_alike(counts)}, compact and scatter choose the same PUs at every worker "
                "count, so they cannot differ here (unless the cores split among caches, which the results do not "
                f"record). {SINGLE}",
                [f"{_alike(counts)}: compact and scatter choose alike"])
    choose = "choose" if counts.even else "may choose"
    where = (f"{counts.text()}: compact and scatter {choose} different PUs {_span(workers)}, and past {counts.pus} "
             f"at each count that leaves as many over a multiple of {counts.pus}.")
    return " ".join([where, *(split.why for split in found), SINGLE]), [split.short for split in found]


def ratios(results, counts: Topology) -> list:
    """Scatter's speedup over compact's, for each workload and model measured
    under both, at each worker count both measured where they differ."""
    placed = {(w, m, p): {point.workers: point for point in points} for w, m, p, points in scaling.curves(results)}
    made = []
    for (workload, model, policy), compact in placed.items():
        scatter = placed.get((workload, model, SCATTER))
        if policy != COMPACT or scatter is None:
            continue
        made += [{"workload": workload, "model": model, "workers": workers,
                  "ratio": ratio_interval(scatter[workers].rate, compact[workers].rate)}
                 for workers in sorted(compact) if workers in scatter and differ_at(counts, workers)]
    return made


def lines(found: list) -> list:
    """A line per workload: "cpu_int, scatter over compact: at 2 workers
    1.6x (1.5x to 1.7x, 5 repetitions) for thread, ...; at 4 workers ..."."""
    grouped = {}
    for entry in found:
        grouped.setdefault(entry["workload"], {}).setdefault(entry["workers"], []).append(entry)
    return [f"{workload}, scatter over compact: " + "; ".join(
                f"at {plural(workers, 'worker')} " + ", ".join(f"{ratio_text(e['ratio'])} for {e['model']}"
                                                                for e in entries)
                for workers, entries in sorted(at.items()))
            for workload, at in grouped.items()]


def placement(results) -> dict:
    """The section: the topology, where compact and scatter differ and why,
    and what that did."""
    counts = topology(results.context)
    words, short = statement(counts)
    workers = differing_workers(counts) if counts else range(0)
    found = ratios(results, counts) if workers else []
    nothing = None
    if workers and not found:
        nothing = ("No workload was measured under both compact and scatter at a worker count where they differ "
                   f"({_span(workers)}, or as many over a multiple of {counts.pus}).")
    return {"topology": None if counts is None else asdict(counts),
            "differ_workers": [workers[0], workers[-1]] if workers else None,
            "statement": words, "short": short,
            "ratios": [{**entry, "ratio": entry["ratio"].to_json()} for entry in found],
            "lines": lines(found), "nothing": nothing}
