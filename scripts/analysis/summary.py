"""The few lines `make bench` ends a run with: the CPU-bound reference
workload's speedup over seq at as many workers as PUs, and the IO-bound
one's peak and knee, per model at placement none (medians over the
repetitions, with their lowest and highest); how the models' figures
compare with CPython's (fidelity.py); the claims' verdicts and why each
inconclusive one is; and how busy the machine was. Plain text, one line
each, read from analysis.json's sections; a part the results lack is left out.
"""
from .fidelity import AGREES, BY_DESIGN, CANNOT_TELL, DIFFERS, VERDICTS
from .fmt import number, plural, sig3_text, speed
from .headlines import last_largest

# The reference workloads, each with the words the line names its kind in.
CPU_BOUND = ("cpu_int", "CPU-bound")
IO_BOUND = ("timer", "IO-bound")
PLACEMENT = "none"
INCONCLUSIVE = "inconclusive"


def spread(speedup: dict) -> str:
    """"1.84x (1.77 to 1.84)": the median over the repetitions, their lowest and highest."""
    return f"{speed(speedup['median'])} ({sig3_text(speedup['min'])} to {sig3_text(speedup['max'])})"


def reference_curves(analysis: dict, workload: str) -> list:
    """The workload's curves at placement none, model by model, when the
    results name its kind."""
    return sorted((c for c in analysis["scaling"] if c["workload"] == workload and c["placement"] == PLACEMENT
                   and c["kind"] is not None), key=lambda c: c["model"])


def cpu_bound_line(analysis: dict, curves: list) -> str:
    """Each model's speedup at as many workers as PUs, or at the most workers
    measured when no curve reached that many."""
    workload, kind = CPU_BOUND
    counts = {point["workers"] for curve in curves for point in curve["points"]}
    pus = analysis["machine"]["pus"]
    at = pus if pus and pus in counts else max(counts)
    speedups = ", ".join(f"{curve['model']} {spread(point['speedup'])}"
                         for curve in curves for point in curve["points"] if point["workers"] == at)
    return f"{kind} ({workload}), {number(at)} workers, speedup over seq: {speedups}"


def knee_text(knee) -> str:
    if knee is None:
        return ""
    if not knee.get("knee_workers"):
        largest = knee.get("largest_workers")
        return f", no knee up to {'its end' if largest is None else number(largest)}"
    return f", knee {number(knee['knee_workers'])}"


def io_bound_line(curves: list) -> str:
    """Each model's peak speedup, where it peaked, and its knee."""
    workload, kind = IO_BOUND
    peaks = []
    for curve in curves:
        peak = last_largest(curve["points"], lambda point: point["speedup"]["median"])
        peaks.append(f"{curve['model']} {spread(peak['speedup'])} at {number(peak['workers'])}"
                     + knee_text(curve["knee"]))
    return f"{kind} ({workload}), each model's peak speedup over seq, and its knee: " + "; ".join(peaks)


def scaling_lines(analysis: dict) -> list:
    lines = []
    cpu_curves = reference_curves(analysis, CPU_BOUND[0])
    if cpu_curves:
        lines.append(cpu_bound_line(analysis, cpu_curves))
    io_curves = reference_curves(analysis, IO_BOUND[0])
    if io_curves:
        lines.append(io_bound_line(io_curves))
    return lines


def verb(count: int, plain: str) -> str:
    """The verb of `count` things: "1 agrees", "2 agree"."""
    return plain + ("s" if count == 1 else "")


def fidelity_line(fidelity: dict) -> list:
    """How many points agree with CPython, differ (and how many of those by
    design) or cannot be told, and on how many workloads the same construct
    wins; none when there was nothing to compare."""
    if fidelity["nothing"]:
        return []
    counts = fidelity["counts"]
    points = sum(counts[verdict] for verdict in VERDICTS)
    parts = [f"fidelity to CPython (the model's figure over CPython's, within {speed(fidelity['tolerance'])} "
             f"either way): {number(counts[AGREES])} of {plural(points, 'point')} {verb(counts[AGREES], 'agree')}, "
             f"{number(counts[DIFFERS])} {verb(counts[DIFFERS], 'differ')} ({number(counts[BY_DESIGN])} by design), "
             f"{number(counts[CANNOT_TELL])} cannot tell"]
    rankings = fidelity["rankings"]
    if rankings:
        same = sum(1 for ranking in rankings if ranking["same_winner"])
        parts.append(f"the same construct wins on {number(same)} of {plural(len(rankings), 'workload')}")
    return ["; ".join(parts)]


def claims_lines(claims: list) -> list:
    if not claims:
        return []
    lines = ["claims: " + ", ".join(f"{claim['id']} {claim['verdict']}" for claim in claims)]
    inconclusive = [f"{claim['id']} ({'see the report' if claim['cause'] is None else claim['cause']})"
                    for claim in claims if claim["verdict"] == INCONCLUSIVE]
    if inconclusive:
        lines.append("inconclusive: " + ", ".join(inconclusive))
    return lines


def plan_line(plan: dict) -> list:
    """How the plan held, where the run recorded one, and what its budget cut."""
    if not plan or plan["error"] is None:
        return []
    cut = plan.get("cut")
    return [f"plan: {plan['text']}" + (f"; to fit its budget the run cut {', '.join(c['what'] for c in cut)}"
                                       " (the report says how much)" if cut else "")]


def summary(analysis: dict) -> list:
    return scaling_lines(analysis) + fidelity_line(analysis["fidelity"]) + claims_lines(analysis["claims"]) \
        + [f"load: {analysis['load']['text']}"] + plan_line(analysis.get("plan"))
