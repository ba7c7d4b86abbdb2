"""How closely each model mirrors the CPython construct it stands for
(bench/cpython/constructs.def), read from the sections of analysis.json
that analysis.py makes first: analysis.json's `fidelity`.

At every point both measured, the model's figure over CPython's, as an
interval (stats.intervals.ratio_interval):
- scaling: the model's speedup over its own seq at placement none against
  the construct's over CPython's seq, at each worker count both ran;
- granularity: the same at each task duration both ran;
- convoy: the lateness p50 and p99 of the gil series against the cpython
  series at each count of CPU-bound threads, with each side's wake-ups;
  and the share of wake-ups that waited two switch intervals or more
  (long_wait_share), as the model's share less CPython's: under a GIL a
  wake-up waits one interval or two, and a round's p50 is one or the other
  as that share falls either side of one half, so two p50s may differ
  twofold where the shares differ by hundredths (docs/families/convoy.md).
  A share agrees when the whole difference lies within SHARE_BAND of 0.

A point agrees when the whole interval lies within a factor of TOLERANCE
of 1 either way (its ends may touch the band's edges), differs when the
whole interval lies outside that band, and cannot be told otherwise (an
interval across an edge, or too few repetitions for one). A differing
point says why: by design where the model is cheaper than the interpreter
(a higher speedup, a lower lateness: per-task costs in C are lower by
design) or where KNOWN_DIFFERENCES names the construct and kind of work; not
explained otherwise.

TOLERANCE is written here, not among the claims' bars in docs/claims.json:
no claim judges fidelity, and the section records it (`tolerance`) for the
report and the summary to print. Changing it makes every analysis stale,
as any change to this package's code does (analysis.stale).

Beside the points, per pair the shape: where each curve's knee falls
(knees.py), each series' break-even (break_even.py); and per workload which
construct wins, in CPython's figures and in the models' (`rankings`).
"""
from typing import Optional

from . import convoy, scaling
from .stats.intervals import NO, YES, Interval, at_least, at_most, difference_interval, ratio_interval

TOLERANCE = 1.25
AGREES, DIFFERS, CANNOT_TELL = "agrees", "differs", "cannot tell"
VERDICTS = (AGREES, DIFFERS, CANNOT_TELL)
# The count of differing points whose why is by design.
BY_DESIGN = "by design"
CHEAPER_IN_C = ("per-task costs in C are lower by design: the model pays less than the interpreter "
                "for each start, hand-over and wake-up")
# Differences a model has from its construct by design, by construct and kind of work.
KNOWN_DIFFERENCES = {
    ("thread_pool", "cpu"): "the pool model has no GIL: CPU-bound work scales under it and not under ThreadPoolExecutor",
}
NOT_EXPLAINED = "not explained: the model is dearer than what it stands for"
TOO_FEW = "too few repetitions for an interval"
ACROSS_AN_EDGE = "its interval reaches across an edge of the band"
# The scaling curves CPython's are set against: CPython's are not pinned.
PLACEMENT = scaling.UNPLACED
CONVOY_FIGURES = ("lateness_p50_us", "lateness_p99_us")
LONG_WAIT_SHARE = "long_wait_share"
SHARE_BAND = 0.15
SHARE_DIFFERS = "the model's wake-ups wait two intervals or more {} often than CPython's"
WAKEUPS = "wakeups"


def interval(figure: dict) -> Interval:
    """An interval as analysis.json holds it (median, lo, hi, n, ...)."""
    return Interval(figure["median"], figure["lo"], figure["hi"], figure["n"])


def verdict(ratio: Interval, tolerance: float = TOLERANCE) -> str:
    low, high = at_least(ratio, 1 / tolerance), at_most(ratio, tolerance)
    if low == YES and high == YES:
        return AGREES
    if NO in (low, high):
        return DIFFERS
    return CANNOT_TELL


def _why(found: str, ratio: Interval, cheaper_above: bool, by_design: Optional[str],
         tolerance: float) -> Optional[str]:
    """Why a point differs or cannot be told; None where it agrees."""
    if found == AGREES:
        return None
    if found == CANNOT_TELL:
        return TOO_FEW if not ratio.decided else ACROSS_AN_EDGE
    above = ratio.lo > tolerance
    if above == cheaper_above:
        return by_design or CHEAPER_IN_C
    return NOT_EXPLAINED


def compared(model: Interval, cpython: Interval, cheaper_above: bool, by_design: Optional[str] = None,
             tolerance: float = TOLERANCE) -> dict:
    """One figure of both: each side's interval, the model's over CPython's,
    the verdict against a factor of `tolerance` and why. cheaper_above:
    whether a cheaper model gives a higher figure (a speedup) rather than a
    lower one (a lateness); by_design: the known difference of this
    construct on this work, if any."""
    ratio = ratio_interval(model, cpython)
    found = verdict(ratio, tolerance)
    why = _why(found, ratio, cheaper_above, by_design, tolerance)
    return {"model": model.to_json(), "cpython": cpython.to_json(), "ratio": ratio.to_json(), "verdict": found,
            "why": why, "by_design": found == DIFFERS and why != NOT_EXPLAINED}


def verdict_text(figure: dict) -> str:
    """A compared figure's verdict, and why where it does not agree."""
    return figure["verdict"] + (f": {figure['why']}" if figure["why"] else "")


def compared_shares(model: Interval, cpython: Interval) -> dict:
    """The share of long waits of both: each side's interval, the model's
    less CPython's, the verdict and why."""
    difference = difference_interval(model, cpython)
    if not difference.decided:
        found, why = CANNOT_TELL, TOO_FEW
    elif -SHARE_BAND <= difference.lo and difference.hi <= SHARE_BAND:
        found, why = AGREES, None
    elif difference.lo > SHARE_BAND or difference.hi < -SHARE_BAND:
        found, why = DIFFERS, SHARE_DIFFERS.format("more" if difference.lo > SHARE_BAND else "less")
    else:
        found, why = CANNOT_TELL, ACROSS_AN_EDGE
    return {"model": model.to_json(), "cpython": cpython.to_json(), "difference": difference.to_json(),
            "verdict": found, "why": why, "by_design": False}


# ---- the pairs ------------------------------------------------------------------

def _by(items: list, *keys) -> dict:
    return {tuple(item[key] for key in keys): item for item in items}


# Each kind of curve both sides have: the key that places its points, and
# the shape of each side set beside the other's (its name in a pair, and how
# it is read off a curve).
KINDS = {"scaling": ("workers", "knees", lambda curve: None if curve["knee"] is None else
                     {key: curve["knee"][key] for key in ("knee_workers", "peak_workers", "largest_workers")}),
         "granularity": ("task_us", "break_evens", lambda series: series["break_even"])}


def _points(mine: dict, theirs: dict, position: str, known: Optional[str]) -> list:
    """A point per position (workers, task_us) both curves measured, by it."""
    others = {point[position]: point for point in theirs["points"]}
    return [{"workload": mine["workload"], position: point[position],
             **compared(interval(point["speedup_interval"]), interval(others[point[position]]["speedup_interval"]),
                        True, known)}
            for point in sorted(mine["points"], key=lambda p: p[position]) if point[position] in others]


def _counts(points: list) -> dict:
    counts = {found: sum(1 for p in points if p["verdict"] == found) for found in VERDICTS}
    counts[BY_DESIGN] = sum(1 for p in points if p["by_design"])
    return counts


def _missing(construct: str, model: str, sides: dict) -> str:
    if not any(name == construct for kind in KINDS for _, name in sides["cpython"][kind]):
        return f"CPython's {construct} was not measured"
    if not any(name == model for kind in KINDS for _, name in sides["models"][kind]):
        return f"the {model} model was not measured"
    return "no point was measured by both"


def _pair(entry: dict, sides: dict) -> dict:
    """One construct and its model: every point both measured, the shapes,
    the counts, and why nothing was compared where nothing was."""
    construct, model = entry["construct"], entry["model"]
    made = {key: [] for kind, (_, shape, _) in KINDS.items() for key in (kind, shape)}
    for kind, (position, shape, read) in KINDS.items():
        for (workload, name), theirs in sides["cpython"][kind].items():
            mine = sides["models"][kind].get((workload, model))
            if name != construct or mine is None:
                continue
            made[kind] += _points(mine, theirs, position, KNOWN_DIFFERENCES.get((construct, mine["kind"])))
            made[shape].append({"workload": workload, "model": read(mine), "cpython": read(theirs)})
    points = [point for kind in KINDS for point in made[kind]]
    return {**entry, **made, "counts": _counts(points),
            "missing": None if points else _missing(construct, model, sides)}


def _sides(analysis: dict) -> dict:
    """Each side's curves and series, by kind, then by (workload, model or construct)."""
    cpython = analysis["cpython"]
    return {"models": {"scaling": _by([c for c in analysis["scaling"] if c["placement"] == PLACEMENT],
                                      "workload", "model"),
                       "granularity": _by(analysis["granularity"], "workload", "model")},
            "cpython": {kind: _by(cpython[kind], "workload", "construct") for kind in KINDS}}


# ---- the shape: which construct wins ------------------------------------------------

def _best(points: list, side: str) -> float:
    return max(point[side]["median"] for point in points)


def rankings(pairs: list) -> list:
    """Per workload two or more constructs ran on, the constructs by their
    best speedup over the worker counts both sides measured, highest first:
    in CPython's figures and in their models'; the winners agree when the
    model of CPython's winner has the best figure among the models."""
    by_workload = {}
    for pair in pairs:
        for point in pair["scaling"]:
            by_workload.setdefault(point["workload"], {}).setdefault(pair["construct"], (pair, []))[1].append(point)
    made = []
    for workload, ran in by_workload.items():
        if len(ran) < 2:
            continue
        best = {side: {construct: _best(points, side) for construct, (_, points) in ran.items()}
                for side in ("model", "cpython")}
        order = {side: sorted(ran, key=lambda c: -best[side][c]) for side in best}
        winner = order["cpython"][0]
        made.append({"workload": workload, "cpython": order["cpython"], "model": order["model"],
                     "models": {construct: pair["model"] for construct, (pair, _) in ran.items()},
                     "same_winner": best["model"][winner] == max(best["model"].values())})
    return made


# ---- the convoy ---------------------------------------------------------------------

def _convoy_series(analysis: dict, series: str) -> dict:
    return {b["arguments"]["cpu_threads"]: b for b in analysis["benchmarks"]
            if convoy.is_round_of(b["segments"], b["arguments"], series)}


def _median(benchmark: dict, counter: str) -> Optional[float]:
    return (benchmark["counters"].get(counter) or {}).get("median")


def convoy_points(analysis: dict) -> list:
    """At each count of CPU-bound threads both series ran: the lateness p50
    and p99 of the model's series over CPython's, the share of long waits
    where both have it, and each side's wake-ups (the samples behind its
    percentiles)."""
    model, cpython = (_convoy_series(analysis, series) for series in (convoy.MIRRORED_BY, convoy.CPYTHON))
    made = []
    for k in sorted(set(model) & set(cpython)):
        figures = {counter: compared(interval(model[k]["counters"][counter]),
                                     interval(cpython[k]["counters"][counter]), False)
                   for counter in CONVOY_FIGURES
                   if counter in model[k]["counters"] and counter in cpython[k]["counters"]}
        if LONG_WAIT_SHARE in model[k]["counters"] and LONG_WAIT_SHARE in cpython[k]["counters"]:
            figures[LONG_WAIT_SHARE] = compared_shares(interval(model[k]["counters"][LONG_WAIT_SHARE]),
                                                       interval(cpython[k]["counters"][LONG_WAIT_SHARE]))
        made.append({"cpu_threads": k, **figures,
                     "wakeups": {"model": _median(model[k], WAKEUPS), "cpython": _median(cpython[k], WAKEUPS)}})
    return made


# ---- the section -----------------------------------------------------------------------

def _nothing(analysis: dict, compared_points: list) -> Optional[str]:
    if compared_points:
        return None
    cpython = analysis["cpython"]
    if not cpython["scaling"] and not cpython["granularity"] and not _convoy_series(analysis, convoy.CPYTHON):
        return "Nothing to compare: the results hold no CPython rows (the cpython family did not run)."
    return "Nothing to compare: no model was measured at a point CPython was."


def fidelity(analysis: dict) -> dict:
    """analysis.json's fidelity section, from its cpython, scaling,
    granularity and benchmarks sections."""
    sides = _sides(analysis)
    table = analysis["cpython"]["constructs"]
    pairs = [_pair(entry, sides) for entry in table if entry["model"] != scaling.BASELINE]
    known = {entry["construct"] for entry in table}
    measured = dict.fromkeys(name for kind in KINDS for _, name in sides["cpython"][kind])
    unpaired = [{"construct": name, "why": "not in bench/cpython/constructs.def"}
                for name in measured if name not in known]
    lateness = convoy_points(analysis)
    points = [p for pair in pairs for kind in KINDS for p in pair[kind]] + \
             [p[counter] for p in lateness for counter in (*CONVOY_FIGURES, LONG_WAIT_SHARE) if counter in p]
    return {"tolerance": TOLERANCE, "share_band": SHARE_BAND, "pairs": pairs, "rankings": rankings(pairs), "convoy": lateness,
            "unpaired": unpaired, "counts": _counts(points), "nothing": _nothing(analysis, points)}
