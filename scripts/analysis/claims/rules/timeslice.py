"""C2: the OS time-slices runnable threads over cores. Each default series
of the timeslice family (no probe: segment: a probe at another priority or
policy shows the scheduler's classes, not time slicing), judged at its ends,
its fewest and its most spinners: the probe's p99 lateness grows, throughput
stays flat (the paired family's figure where it ran: both ends measured in
alternating slices), the spinners share the cores fairly."""
from dataclasses import dataclass
from typing import Optional

from .. import claim
from ... import paired as paired_family
from ...fmt import duration, interval_text, number, number_text, ratio_text, sig3_text
from ...stats.intervals import FEW, NO, YES, at_least, at_most, median_interval, ratio_interval
from ..verdict import all_pass, check, first_reason, judge
from ..words import count, fold

KINDS = ("thread", "process")
# The counters each series must have at both ends, and what they are in words.
NEEDED = (("p99 latency", "probe_p99_us"), ("throughput", "steps_per_second"), ("fairness", "fairness"))


@dataclass
class Series:
    """One series at its ends: each counter's figure at (fewest, most)
    spinners, None where a row lacks it; short, the ends where the probe
    woke too rarely and said it fell short; wakeups, its fewest wake-ups at
    each end (None where no row counted them)."""
    series: str
    kind: str
    lo: int
    hi: int
    ends: dict
    short: list
    wakeups: dict
    paired_rate: Optional[object] = None  # the paired family's throughput figure, paired.Figure

    def at(self, counter: str) -> tuple:
        return self.ends[counter]

    def growth(self):
        return ratio_interval(self.at("probe_p99_us")[1], self.at("probe_p99_us")[0])

    def rate(self):
        if self.paired_rate:
            return self.paired_rate.ratio
        return ratio_interval(self.at("steps_per_second")[1], self.at("steps_per_second")[0])


def _figure(rows, counter) -> Optional[object]:
    values = [r.counter(counter) for r in rows]
    return None if any(v is None for v in values) else median_interval(values)


def _series(rows, trusted_wakeups) -> Series:
    lo, hi = min(r.name.concurrency for r in rows), max(r.name.concurrency for r in rows)
    at = {end: [r for r in rows if r.name.concurrency == end] for end in (lo, hi)}
    counters = [key for _, key in NEEDED] + ["probe_p50_us", "probe_max_us"]
    short = [end for end in (lo, hi)
             if any((r.counter("probe_shortfall") or 0) > 0 and (r.counter("probe_wakeups") or 0) < trusted_wakeups
                    for r in at[end])]
    wakeups = {end: min((r.counter("probe_wakeups") for r in at[end] if r.counter("probe_wakeups") is not None),
                        default=None) for end in (lo, hi)}
    return Series(rows[0].name.series, rows[0].name.segments[1], lo, hi,
                  {c: (_figure(at[lo], c), _figure(at[hi], c)) for c in counters}, short, wakeups)


def default_series(evidence, bars) -> tuple:
    """The default rows, and their series with a concurrency, by name."""
    rows = [r for r in evidence.family("timeslice") if not any(s.startswith("probe:") for s in r.name.segments)]
    grouped = {}
    for row in rows:
        if row.name.concurrency is not None:
            grouped.setdefault(row.name.series, []).append(row)
    return rows, [_series(grouped[name], bars["trusted_wakeups"]) for name in sorted(grouped)]


def _missing(evidence, rows, series):
    yield evidence.errored("^timeslice/(?![^/]+/probe:)", "timeslice")
    if not rows:
        yield "the timeslice family is not in the results"
    for kind in KINDS:
        if all(s.kind != kind for s in series):
            yield f"no {kind} series ran in the timeslice family"
    for s in series:
        if s.lo == s.hi:
            yield f"{s.series} ran at {s.lo} spinners only"
    for s in series:
        for what, counter in NEEDED:
            fewest, most = s.at(counter)
            if fewest is None or most is None:
                yield f"{s.series} has no {what} counter at {s.lo if fewest is None else s.hi} spinners"


def _latency_status(s: Series, growth: float) -> str:
    """Whether the p99 grew growth-fold. With too few wake-ups at an end its
    p99 is not trusted: the growth is still decided when even the median at
    the most spinners (at most their p99) is growth times the fewest
    spinners' p99, or their largest lateness where they fell short."""
    if not s.short:
        return at_least(s.growth(), growth)
    most = s.at("probe_p50_us" if s.hi in s.short else "probe_p99_us")[1]
    fewest = s.at("probe_max_us" if s.lo in s.short else "probe_p99_us")[0]
    if most is None or fewest is None:
        return FEW
    status = at_least(ratio_interval(most, fewest), growth)
    return status if status == YES else FEW


def _latency_check(s: Series, bars):
    status = _latency_status(s, bars["p99_growth"])
    if status == FEW and s.short:
        woke = " and ".join(f"{'?' if s.wakeups[end] is None else number(s.wakeups[end])} times at {end} spinners"
                            for end in s.short)
        return check(status, f"in {s.series} the probe woke {woke}, short of {count(bars['trusted_wakeups'])}, "
                             "too few for its p99")
    if status == NO:
        return check(status, f"in {s.series} the probe's p99 grew less than {fold(bars['p99_growth'])}, "
                             f"{ratio_text(s.growth())}")
    return check(status, f"in {s.series} the probe's p99 grew {ratio_text(s.growth())} "
                         f"against {fold(bars['p99_growth'])}")


def _throughput_check(s: Series, bars):
    low, high = bars["throughput_low"], bars["throughput_high"]
    flat = all_pass([at_least(s.rate(), low), at_most(s.rate(), high)])
    how = paired_family.note(s.paired_rate and s.paired_rate.sampling)
    # Even paired, the check stays under the busy rule: other work takes a
    # share of a PU that shrinks as the spinners on it grow (half of it
    # beside one spinner, a 65th beside 64), so the load itself raises the
    # throughput of the many over the few's.
    return check(flat, f"in {s.series} throughput {'went outside' if flat == NO else 'against'} "
                       f"{number(low)} to {number(high)} x: {ratio_text(s.rate())}{how}")


def _fairness_check(s: Series, bars):
    most = s.at("fairness")[1]
    fair = at_least(most, bars["fairness"])
    return check(fair, f"in {s.series} fairness at {s.hi} spinners {'fell below' if fair == NO else 'against'} "
                       f"{number(bars['fairness'])}: {number_text(most)}")


def _figure_text(s: Series, bars) -> str:
    def us(value):
        return duration(value * 1000)
    p99, fairness = s.at("probe_p99_us"), s.at("fairness")
    starved = (f", fewer than {count(bars['trusted_wakeups'])} wake-ups at {' and '.join(map(str, s.short))} spinners"
               if s.short else "")
    return (f"{s.series}: probe_p99_us {interval_text(p99[0], us)} at {s.lo} -> {interval_text(p99[1], us)} at {s.hi} "
            f"({ratio_text(s.growth())}), throughput {ratio_text(s.rate())}, "
            f"fairness {sig3_text(fairness[0].median)} -> {number_text(fairness[1])}{starved}")


@claim("C2")
def time_slicing(evidence, bars):
    rows, series = default_series(evidence, bars)
    for s in series:
        s.paired_rate = evidence.paired_ratios.get(f"timeslice/{s.kind}")
    missing = first_reason(_missing(evidence, rows, series))
    if missing:
        return evidence.not_measured(missing)
    checks = [made(s, bars) for s in series for made in (_latency_check, _throughput_check, _fairness_check)]
    return judge(evidence.load, True, checks, [_figure_text(s, bars) for s in series],
                 lambda: f"in every series the probe's p99 grew at least {fold(bars['p99_growth'])} with "
                         f"oversubscription, while throughput held within {number(bars['throughput_low'])} to "
                         f"{number(bars['throughput_high'])} x and fairness at {number(bars['fairness'])} or more")
