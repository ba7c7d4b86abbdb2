"""How a run's plan held: the seconds its plan priced the benchmarks at
before they ran (the context's plan_estimate_s, bench/plan.h) beside the
seconds they took (the noise/over_run row's run_s, taken at its highest),
and the estimate's error over what they took. A run that did not record
both says which it lacks, and has no error. What the budget cut to fit
(the context's plan_cut/jobs and plan_cut/<family>) is listed with it.
"""
import math

from .fmt import sig3_text
from .machine import noise_rows


def _seconds(value):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _minutes(seconds: float) -> str:
    return f"{sig3_text(seconds)} s" if seconds < 60 else f"{sig3_text(seconds / 60)} min"


CUT = "plan_cut/"


def cuts(context: dict) -> list:
    """What the budget cut, as the run said it: jobs made lean, then each
    family's rows left out."""
    return [{"what": key[len(CUT):], "text": str(value)} for key, value in sorted(context.items())
            if key.startswith(CUT)]


def plan_check(results) -> dict:
    cut = cuts(results.context)
    estimate_s = _seconds(results.context.get("plan_estimate_s"))
    taken = (_seconds(row.counter("run_s")) for row in noise_rows(results))
    taken_s = max((seconds for seconds in taken if seconds is not None), default=None)
    if estimate_s is None or not taken_s:
        missing = "no plan" if estimate_s is None else "no time taken (no noise/over_run row with run_s)"
        return {"estimate_s": estimate_s, "taken_s": taken_s, "error": None, "cut": cut,
                "text": f"the run recorded {missing}, so its plan cannot be checked"}
    error = estimate_s / taken_s - 1
    return {"estimate_s": estimate_s, "taken_s": taken_s, "error": error, "cut": cut,
            "text": f"planned at {_minutes(estimate_s)}, the benchmarks took {_minutes(taken_s)} "
                    f"(the estimate {'+' if error >= 0 else '-'}{sig3_text(abs(error) * 100)}%)"}
