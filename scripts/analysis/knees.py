"""The knee of a scaling curve: the first worker count at which its
efficiency (speedup over seq per worker) falls below one half, and the
measured costs there that explain it, with the speedup those costs allow.

knee() reads a curve's points, each the medians over its repetitions, and
gives what a reader of the curve is told about where it bends.
"""
from typing import Optional

# A point whose speedup is below this share of its workers is past the knee:
# each added worker gains less than half of its time.
HALF_EFFICIENCY = 0.5


def bound_speedup(task_us: Optional[float], pus: Optional[int], cpu_us: Optional[float],
                  caller_cpu_us: Optional[float]) -> Optional[float]:
    """The speedup a task's costs allow, the lesser of two: the PUs' time
    over a task's CPU (every thread and child), and the calling thread's
    time alone over its share (starting, handing over, collecting). A cost
    unknown or nought, or a task duration unknown, bounds nothing; None
    when neither bounds."""
    if not task_us:
        return None
    bounds = []
    if cpu_us and pus:
        bounds.append(pus * task_us / cpu_us)
    if caller_cpu_us:
        bounds.append(task_us / caller_cpu_us)
    return min(bounds) if bounds else None


def knee(points: list, task_us: Optional[float], pus: Optional[int]) -> Optional[dict]:
    """The knee of one curve.

    points: the curve's points by rising worker count, each a dict of
    workers, speedup (the median rate over seq's median rate), and the
    medians of cpu_us_per_task, caller_cpu_us_per_task and fixed_cost_share
    (any of them None where not measured). A point without a speedup is
    left out. task_us: the task's duration; pus: the machine's PUs.

    Gives knee_workers (0 when efficiency never falls below one half),
    peak_speedup and peak_workers (the first of the highest),
    largest_workers, the costs at the knee (at the largest count when there
    is none), bound_speedup (bound_speedup() of those costs), task_us and
    pus; None when no point has a speedup.
    """
    measured = [p for p in points if p.get("speedup") is not None]
    if not measured:
        return None
    peak = max(measured, key=lambda p: p["speedup"])  # the first of equals
    past = [p for p in measured if p["speedup"] / p["workers"] < HALF_EFFICIENCY]
    at = past[0] if past else measured[-1]
    cpu_us, caller_cpu_us = at.get("cpu_us_per_task"), at.get("caller_cpu_us_per_task")
    return {
        "knee_workers": at["workers"] if past else 0,
        "peak_speedup": peak["speedup"],
        "peak_workers": peak["workers"],
        "largest_workers": measured[-1]["workers"],
        "cpu_us_per_task": cpu_us,
        "caller_cpu_us_per_task": caller_cpu_us,
        "fixed_cost_share": at.get("fixed_cost_share"),
        "bound_speedup": bound_speedup(task_us, pus, cpu_us, caller_cpu_us),
        "task_us": task_us,
        "pus": pus,
    }
