"""C3 and C5: the speedups over seq of the scaling family's threads. C3: on
a CPU-bound workload the thread model speeds up with the PUs; C5: on an
IO-bound one the gil model still speeds up past them, each added thread
worth at least a share of a worker."""
from .. import claim
from ...fmt import number, ratio_text, speed
from ...stats.intervals import NO, YES, at_least
from ..evidence import by_median, free_pus_text, max_by, paired_status, spread_points, where
from ..verdict import any_pass, check, first_reason, judge

SPEEDUP = by_median(lambda point: point.speedup_interval)


def _threads_at_pus(evidence, workload):
    return [p for p in evidence.points(workload) if p.model == "thread" and p.workers == evidence.pus]


@claim("C3")
def threads_speed_up(evidence, bars):
    workload, pus = evidence.pick("cpu"), evidence.pus
    at_pus = _threads_at_pus(evidence, workload)
    spread = spread_points(at_pus, ("thread",))

    def missing():
        yield from evidence.no_curves("CPU", workload)
        if pus < 2:
            yield "one PU: there is no second core to speed up on"
        yield evidence.errored(f"^(scaling|paired)/{workload}/thread/(?!single/)[^/]+/workers:{pus}(/|$)", "thread")
        if not spread:
            yield (f"the thread model did not run {workload} at {pus} workers (= PUs) "
                   "with a placement other than single")
    reason = first_reason(missing())
    if reason:
        return evidence.not_measured(reason)
    share = bars["speedup_per_pu"]
    bar = share * pus
    status = paired_status(spread, any_pass(at_least(p.speedup_interval, bar) for p in spread), bar, pus)
    line = f"{number(share)} x {pus} = {speed(bar)}"

    def holds():
        best = max_by(spread, SPEEDUP)
        return f"thread/{best.placement} reaches {ratio_text(best.speedup_interval)} at {pus} workers, at least {line}"
    return judge(evidence.load, True,
                 [check(status, ("no placement of the thread model reached" if status == NO else "the thread model")
                        + f" {line} at {pus} workers: "
                        + ", ".join(f"{p.placement} {ratio_text(p.speedup_interval)}" for p in spread)
                        + free_pus_text(spread, pus), paired=all(p.sampling for p in spread))],
                 [f"{workload} {where(p)}: {ratio_text(p.speedup_interval)}" for p in at_pus], holds)


def _without_gil(points, workers=None) -> list:
    """The thread model's points (at a worker count, if given), as a GIL-free comparison."""
    return [p for p in spread_points(points, ("thread",)) if workers is None or p.workers == workers]


@claim("C5")
def gil_threads_overlap_waits(evidence, bars):
    workload, pus = evidence.pick("io"), evidence.pus
    points = evidence.points(workload)
    gil = spread_points(points, ("gil",))
    most = max((p.workers for p in gil), default=None)

    def missing():
        yield from evidence.no_curves("IO", workload)
        yield evidence.errored(f"^(scaling|paired)/{workload}/gil/(?!single/)", "gil")
        if not gil:
            fastest = max_by(_without_gil(points), SPEEDUP)
            yield (f"the gil model did not run on {workload}"
                   + (f"; without a GIL, {where(fastest)}: {ratio_text(fastest.speedup_interval)}" if fastest else ""))
        elif most <= pus:
            yield f"the gil model ran {workload} with at most {most} workers, not past the {pus} PUs"
    reason = first_reason(missing())
    if reason:
        return evidence.not_measured(reason)
    # Every count past the PUs is a chance to show that GIL threads overlap
    # their waits: at the efficiency bar or more (short of the curve's knee)
    # the claim holds, at the largest count where it does.
    efficiency = bars["speedup_per_worker"]
    past = [(p, at_least(p.speedup_interval, efficiency * p.workers)) for p in gil if p.workers > pus]
    shown = max_by([p for p, status in past if status == YES], lambda p: p.workers)

    def holds():
        return (f"gil/{shown.placement} reaches {ratio_text(shown.speedup_interval)} with {shown.workers} workers "
                f"on {pus} PUs, at least {number(efficiency)} x {shown.workers} = {speed(efficiency * shown.workers)}")
    return judge(evidence.load, True,
                 [check(any_pass(status for _, status in past),
                        f"the gil model at {number(efficiency)} x its workers or more, past the {pus} PUs: "
                        + ", ".join(f"{p.placement} {p.workers}: {ratio_text(p.speedup_interval)}" for p, _ in past),
                        paired=all(p.sampling for p, _ in past))],
                 _gil_figures(workload, points, [p for p, _ in past], shown), holds)


def _gil_figures(workload, points, past, shown) -> list:
    """The points at the count that decided (the first past the PUs when
    none did), the gil model's peak, and threads without a GIL there."""
    gil = spread_points(points, ("gil",))
    peak = max_by(gil, SPEEDUP)
    twin = max_by(_without_gil(points, peak.workers), SPEEDUP)
    return ([f"{workload} {where(p)}: {ratio_text(p.speedup_interval)}" for p in past
             if p.workers == (shown or past[0]).workers]
            + [f"its peak: {where(peak)}, {ratio_text(peak.speedup_interval)}"]
            + ([f"without a GIL, {workload} {where(twin)}: {ratio_text(twin.speedup_interval)}"] if twin else []))
