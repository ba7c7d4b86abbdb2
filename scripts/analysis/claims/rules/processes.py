"""C4: under a GIL CPU-bound threads do not speed up; processes do. The gil
model's speedups over seq must stay at or below the bar, and a process
model (process or process_pool) must pass it somewhere. A process point
whose fixed costs (its forks) exceed a share of its job cannot show that
processes do not speed up: its forks, not its work, set its rate. The
granularity family's break-even of each process model is shown beside."""
from dataclasses import dataclass
from typing import Optional

from .. import claim
from ... import granularity
from ...fmt import duration, number, ratio_text, speed
from ...stats.intervals import NO, YES, above, at_most
from ..evidence import by_median, free_pus_text, max_by, one_count, paired_status, spread_points, where
from ..verdict import all_pass, any_pass, check, first_reason, judge
from ..words import percent

PROCESS_MODELS = ("process", "process_pool")
SPEEDUP = by_median(lambda point: point.point.speedup_interval)


@dataclass(frozen=True)
class ProcessPoint:
    """A process model's point and the share of its job its fixed costs
    took (None when unknown), estimated when the results predate it."""
    point: object
    share: Optional[float]
    estimated: bool

    def share_text(self) -> str:
        if self.share is None:
            return "fixed costs unknown"
        return f"{percent(self.share)} fixed costs" + (" (estimated)" if self.estimated else "")


def _tasks_per_job(evidence) -> Optional[float]:
    try:
        return float(evidence.results.context.get("slicebench_tasks_per_job", ""))
    except ValueError:
        return None


def _process_life(evidence) -> Optional[float]:
    """One process's life in ns (ctxswitch/spawn/process), or None."""
    lives = [m for m in evidence.spawn if m.name.segments[2:3] == ("process",)]
    return lives[0].value.median if lives else None


def _estimated_share(point, life, tasks) -> Optional[float]:
    """In results that predate fixed_cost_share: one process's life for every
    fork on the caller's path (a process per task: every task; the pool, one
    per worker) over the job's wall time (its tasks over its rate)."""
    rate = point.rate.median
    if life is None or not tasks or not rate or rate <= 0:
        return None
    forks = tasks if point.model == "process" else point.workers
    return min(1, forks * life / (tasks / rate * 1e9))


def process_points(evidence, points) -> list:
    life, tasks = _process_life(evidence), _tasks_per_job(evidence)
    made = []
    for point in points:
        measured = point.costs["fixed_cost_share"]
        share = measured if measured is not None else _estimated_share(point, life, tasks)
        made.append(ProcessPoint(point, share, measured is None))
    return made


def _gil_check(gil, bar):
    status = all_pass(at_most(p.speedup_interval, bar) for p in gil)
    fastest = max_by(gil, by_median(lambda p: p.speedup_interval))
    paired = all(p.sampling for p in gil)
    if status == NO:
        return check(status, f"the gil model reached {ratio_text(fastest.speedup_interval)} ({where(fastest)}): "
                             f"above {number(bar)}, so it did not serialise", paired)
    return check(status, f"the gil model against {speed(bar)}: at most {ratio_text(fastest.speedup_interval)} "
                         f"({where(fastest)})", paired)


def _judged_check(judged, bar, small, pus):
    """When none passed: the points of small fixed costs decide, held to
    the PUs they had where they were paired."""
    points = [p.point for p in judged]
    status = paired_status(points, any_pass(above(p.speedup_interval, bar) for p in points), bar, pus)
    best = max_by(judged, SPEEDUP)
    said = (f"no process model with fixed costs of {percent(small)} or less passed {speed(bar)}" if status == NO
            else f"the process models with fixed costs of {percent(small)} or less against {speed(bar)}")
    return check(status, f"{said} (best {ratio_text(best.point.speedup_interval)}, {where(best.point)}, "
                         f"{best.share_text()}){free_pus_text(points, pus)}", all(p.sampling for p in points))


def _dominated_check(procs, bar, small, evidence):
    """When none passed and none has small fixed costs."""
    best = max_by(procs, SPEEDUP)
    if any(p.share is None for p in procs):
        return check("fixed_unknown", f"no process model passed {speed(bar)} (best "
                                      f"{ratio_text(best.point.speedup_interval)}, {where(best.point)}) and their "
                                      "fixed costs were not measured (no fixed_cost_share; no ctxswitch/spawn/process "
                                      "or tasks per job to estimate them from)")
    shares = [p.share for p in procs]
    estimate = (f", estimated from one process's life, {duration(_process_life(evidence))}, and "
                f"{number(_tasks_per_job(evidence))} tasks per job" if all(p.estimated for p in procs) else "")
    return check("fixed", f"every process point spent more than {percent(small)} of its job on fixed costs "
                          f"({percent(min(shares))} to {percent(max(shares))}{estimate}); the best, "
                          f"{where(best.point)}, reached {ratio_text(best.point.speedup_interval)}")


def _process_check(procs, bars, evidence):
    bar, small = bars["speedup"], bars["fixed_cost_share"]
    passed = [p for p in procs if above(p.point.speedup_interval, bar) == YES]
    if passed:
        best = max_by(passed, SPEEDUP)
        return check(YES, f"{best.point.model} reached {ratio_text(best.point.speedup_interval)} ({where(best.point)})",
                     bool(best.point.sampling))
    judged = [p for p in procs if p.share is not None and p.share <= small]
    return _judged_check(judged, bar, small, evidence.pus) if judged else _dominated_check(procs, bar, small, evidence)


def break_even_figures(evidence, workload) -> list:
    """Where each process model breaks even with seq (granularity family)."""
    task_us = evidence.results.context.get("slicebench_task_us") or "?"
    figures = []
    for series in sorted(granularity.series(evidence.results), key=lambda s: s.model):
        if series.workload != workload or series.model not in PROCESS_MODELS:
            continue
        found, model = series.break_even or {}, series.model
        if "break_even_us" in found:
            at = f"tasks of {duration(found['break_even_us'] * 1000)}"
        else:
            kinds = [kind for kind in ("above_range", "below_range") if found.get(kind)]
            at = "no task duration measured" + (f" ({', '.join(kinds)})" if kinds else "")
        figures.append(f"{model} breaks even with seq at {at} (granularity; the scaling job's tasks are {task_us} us)")
    return figures


def _best_of_each_model(procs) -> list:
    return [max_by([p for p in procs if p.point.model == model], SPEEDUP)
            for model in sorted({p.point.model for p in procs})]


@claim("C4")
def gil_serialises(evidence, bars):
    workload = evidence.pick("cpu")
    points = evidence.points(workload)
    gil, processes = spread_points(points, ("gil",)), spread_points(points, PROCESS_MODELS)

    def missing():
        yield from evidence.no_curves("CPU", workload)
        yield evidence.errored(f"^(scaling|paired)/{workload}/gil/(?!single/)", "gil")
        yield evidence.errored(f"^(scaling|paired)/{workload}/(process|process_pool)/(?!single/)", "process model")
        # A paired figure is taken where the rule is decided, at workers =
        # PUs; unpaired curves must show more than one count.
        if len({p.workers for p in gil}) < 2 and not any(p.sampling for p in gil):
            yield (f"the gil model {one_count(gil)} on {workload} (other than single): "
                   "the rule needs more than one worker count")
        if len({p.workers for p in processes}) < 2 and not any(p.sampling for p in processes):
            yield (f"process and process_pool {one_count(processes)} on {workload} (other than single): "
                   "the rule needs more than one worker count")
    reason = first_reason(missing())
    if reason:
        return evidence.not_measured(reason)
    procs = process_points(evidence, processes)
    fastest_gil = max_by(gil, by_median(lambda p: p.speedup_interval))
    figures = ([f"gil: at most {ratio_text(fastest_gil.speedup_interval)} ({where(fastest_gil)})"]
               + [f"{best.point.model}: up to {ratio_text(best.point.speedup_interval)} ({where(best.point)}; "
                  f"{best.share_text()})" for best in _best_of_each_model(procs)]
               + break_even_figures(evidence, workload))

    def holds():
        best = max_by([p for p in procs if above(p.point.speedup_interval, bars["speedup"]) == YES], SPEEDUP)
        return (f"GIL threads stayed at or below {ratio_text(fastest_gil.speedup_interval)} while "
                f"{best.point.model} reached {ratio_text(best.point.speedup_interval)}")
    # Where a process model was paired, the paired figures alone decide.
    judged = [p for p in procs if p.point.sampling] or procs
    return judge(evidence.load, True, [_gil_check(gil, bars["speedup"]), _process_check(judged, bars, evidence)],
                 figures, holds)
