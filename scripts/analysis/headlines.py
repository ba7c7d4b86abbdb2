"""The headline figures of each family, for the machines page: a few per
family, each a median over the repetitions, as [{family, figure, text}].
`figure` names what is measured in the same words on every machine, so the
page's rows line up; `text` is the figure for people to read, "-" when the
results lack it. A family missing from the results has no headline.

Read from analysis.json's sections (analysis.analysis builds them): the
scaling curves for the best speedup of each workload, the benchmarks'
summarised times and counters for the rest.
"""
from typing import Callable, Optional

from .fmt import duration, plural, shown, sig3_text, speed

NANOSECONDS = 1e9  # per second
NANOSECONDS_PER_US = 1e3


def headline(family: str, figure: str, text: str) -> dict:
    return {"family": family, "figure": figure, "text": text}


def last_largest(items, key):
    """The item with the largest key, the last of those that tie."""
    return max(reversed(items), key=key)


def median(benchmark: dict, counter: Optional[str] = None) -> Optional[float]:
    """A benchmark's median real time in ns, or the median of one of its
    counters; None when its rows lack it."""
    figure = benchmark["real_time_ns"] if counter is None else benchmark["counters"].get(counter)
    return (figure or {}).get("median")


def scaled(value: Optional[float], factor: float) -> Optional[float]:
    return None if value is None else value * factor


def per_item_ns(items_per_second: Optional[float]) -> Optional[float]:
    return NANOSECONDS / items_per_second if items_per_second else None


def benchmarks(analysis: dict, matches: Callable[[dict], bool]) -> list:
    """The benchmarks the test picks, by name."""
    return sorted((b for b in analysis["benchmarks"] if matches(b)), key=lambda b: b["name"])


def at_most(picked: list) -> list:
    """Of each series (a name less its last segment), the benchmark at its
    largest concurrency, series by series in order."""
    series = {}
    for benchmark in picked:
        series.setdefault(tuple(benchmark["segments"][:-1]), []).append(benchmark)
    return [last_largest(members, lambda b: b["concurrency"] or 0) for _, members in sorted(series.items())]


def scaling(analysis: dict) -> list:
    workloads = {}
    for curve in sorted(analysis["scaling"], key=lambda c: (c["model"], c["placement"])):
        for point in curve["points"]:
            workloads.setdefault(curve["workload"], []).append((curve, point))
    made = []
    for workload, points in sorted(workloads.items()):
        curve, point = last_largest(points, lambda pair: pair[1]["speedup"]["median"])
        made.append(headline("scaling", f"{workload}: best speedup over seq",
                             f"{speed(point['speedup']['median'])} ({curve['model']}/{curve['placement']}, "
                             f"{plural(point['workers'], 'worker')})"))
    return made


def named(analysis: dict, family: str, segments: tuple, last: Optional[str] = None) -> list:
    """The benchmarks named family/segments.../more, and when `last` is
    given, family/segments.../more/last."""
    prefix = (family,) + segments
    shortest = len(prefix) + (1 if last is None else 2)
    return benchmarks(analysis, lambda b: tuple(b["segments"][:len(prefix)]) == prefix
                      and len(b["segments"]) >= shortest and (last is None or b["segments"][-1] == last))


def overhead(analysis: dict) -> list:
    return [headline("overhead", f"{b['segments'][1]}: cost per task",
                     shown(per_item_ns(median(b, "items_per_second")), duration))
            for b in named(analysis, "overhead", ())]


def switch(analysis: dict) -> list:
    return [headline("switch", f"{b['segments'][2]}: one coroutine switch",
                     shown(scaled(median(b, "switch_time"), NANOSECONDS), duration))
            for b in named(analysis, "switch", ("ping_pong",))]


def ctxswitch(analysis: dict) -> list:
    spawn = [headline("ctxswitch", f"{b['segments'][2]}: one life (spawn and join)", shown(median(b), duration))
             for b in named(analysis, "ctxswitch", ("spawn",))]
    futex = [headline("ctxswitch", f"{b['segments'][2]}: one futex switch on one PU",
                      shown(scaled(median(b, "switch_time"), NANOSECONDS), duration))
             for b in named(analysis, "ctxswitch", ("futex",), last="same_pu")]
    return spawn + futex


def waiters(analysis: dict) -> list:
    made = []
    for b in at_most(named(analysis, "waiters", ())):
        series, most = "/".join(b["segments"][1:-1]), b["concurrency"]
        made += [headline("waiters", f"{series}: round over the wait, at its most waiters",
                          f"{shown(median(b, 'round_over_wait'), speed)} ({most} waiters)"),
                 headline("waiters", f"{series}: resident bytes per waiter, at its most waiters",
                          f"{shown(median(b, 'rss_bytes_per_waiter'), sig3_text)} B ({most} waiters)")]
    return made


def timeslice(analysis: dict) -> list:
    return [headline("timeslice",
                     "/".join(s for s in b["segments"][1:-1] if not s.startswith("pus:"))
                     + ": wake-up p99, at the most spinners",
                     f"{shown(scaled(median(b, 'probe_p99_us'), NANOSECONDS_PER_US), duration)} "
                     f"({b['concurrency']} spinners)")
            for b in at_most(named(analysis, "timeslice", ()))]


def sync(analysis: dict) -> list:
    return [headline("sync", f"{b['segments'][1]}: one operation, one thread",
                     shown(scaled(median(b, "op_time"), NANOSECONDS), duration))
            for b in benchmarks(analysis, lambda b: b["family"] == "sync" and len(b["segments"]) == 3
                                and b["segments"][2] == "threads:1")]


def ipc(analysis: dict) -> list:
    return [headline("ipc", f"{b['segments'][2]}: round trip of 8 bytes", shown(median(b), duration))
            for b in benchmarks(analysis, lambda b: tuple(b["segments"][:2]) == ("ipc", "round_trip")
                                and len(b["segments"]) == 4 and b["segments"][3] == "bytes:8")]


FAMILIES = (scaling, overhead, switch, ctxswitch, waiters, timeslice, sync, ipc)


def headlines(analysis: dict) -> list:
    """Every family's headline figures, family by family."""
    return [line for family in FAMILIES for line in family(analysis)]
