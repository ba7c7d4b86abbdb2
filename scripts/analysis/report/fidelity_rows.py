"""The fidelity section of a machine's page as the rows of its tables, from
analysis.json's `fidelity` (fidelity.py): each construct beside its model
with its verdicts and where and why they differ; each pair's knees and
break-evens; which construct wins each workload in either's figures; and
the convoy's lateness. Texts only: the template escapes them."""
from .. import fmt
from ..fidelity import AGREES, CANNOT_TELL, CONVOY_FIGURES, DIFFERS, KINDS, LONG_WAIT_SHARE, interval, verdict_text

UNKNOWN = "?"
# Where points of each kind lie, for people: their workers, or their task durations in us.
PLACES = {"scaling": lambda values: f"{', '.join(map(fmt.number, values))} workers",
          "granularity": lambda values: "tasks of " + ", ".join(fmt.duration(v * 1000) for v in values)}
PERCENTILES = {counter: counter.split("_")[1] for counter in CONVOY_FIGURES}  # lateness_p50_us: p50


def _range(values: list) -> str:
    low, high = min(values), max(values)
    return fmt.speed(low) if low == high else f"{fmt.speed(low)} to {fmt.speed(high)}"


def differences(pair: dict) -> list:
    """The pair's differing points, grouped by figure, workload and why:
    [{where, ratio, why}], ratio the range of the model's figure over CPython's."""
    grouped = {}
    for kind in KINDS:
        for point in pair[kind]:
            if point["verdict"] == DIFFERS:
                grouped.setdefault((kind, point["workload"], point["why"]), []).append(point)
    return [{"where": f"{kind}, {workload}, {PLACES[kind]([p[KINDS[kind][0]] for p in points])}",
             "ratio": _range([p["ratio"]["median"] for p in points]), "why": why}
            for (kind, workload, why), points in grouped.items()]


def pair_row(pair: dict) -> dict:
    counts = pair["counts"]
    return {"construct": pair["construct"], "description": pair["description"], "model": pair["model"],
            "agree": fmt.number(counts[AGREES]), "differ": fmt.number(counts[DIFFERS]),
            "cannot_tell": fmt.number(counts[CANNOT_TELL]), "differences": differences(pair),
            "missing": pair["missing"] or ""}


def knee_text(knee) -> str:
    if knee is None:
        return UNKNOWN
    if not knee["knee_workers"]:
        return f"none up to {fmt.number(knee['largest_workers'])}"
    return fmt.number(knee["knee_workers"])


def break_even_text(found) -> str:
    found = found or {}
    if "break_even_us" in found:
        return fmt.duration(found["break_even_us"] * 1000)
    if found.get("below_range"):
        return "below the shortest tasks"
    if found.get("above_range"):
        return "above the longest tasks"
    return UNKNOWN


def shape_rows(pair: dict) -> list:
    """Per workload: where each side's knee falls and where each breaks even."""
    knees = {entry["workload"]: entry for entry in pair["knees"]}
    evens = {entry["workload"]: entry for entry in pair["break_evens"]}
    rows = []
    for workload in dict.fromkeys([*knees, *evens]):
        knee, even = knees.get(workload), evens.get(workload)
        rows.append([f"{pair['construct']}/{pair['model']}", workload,
                     knee_text(knee["model"]) if knee else "-", knee_text(knee["cpython"]) if knee else "-",
                     break_even_text(even["model"]) if even else "-",
                     break_even_text(even["cpython"]) if even else "-"])
    return rows


def ranking_row(ranking: dict) -> list:
    models = ranking["models"]
    return [ranking["workload"], ", ".join(ranking["cpython"]),
            ", ".join(f"{construct} ({models[construct]})" for construct in ranking["model"]),
            "yes" if ranking["same_winner"] else "no"]


def _lateness(figure: dict) -> str:
    return fmt.interval_text(interval(figure), lambda us: fmt.duration(us * 1000))


def convoy_rows(points: list) -> list:
    """A row per count of CPU-bound threads and percentile: each side's
    lateness, the ratio, the verdict and why, and each side's wake-ups; then
    the share of long waits, each side's and the model's less CPython's."""
    rows = []
    for point in points:
        wakeups = " / ".join(fmt.shown(point["wakeups"][side], fmt.sig3_text) for side in ("model", "cpython"))
        for counter, percentile in PERCENTILES.items():
            if counter not in point:
                continue
            figure = point[counter]
            rows.append([fmt.number(point["cpu_threads"]), percentile, _lateness(figure["model"]),
                         _lateness(figure["cpython"]), fmt.ratio_text(interval(figure["ratio"])), verdict_text(figure),
                         wakeups])
        if LONG_WAIT_SHARE in point:
            figure = point[LONG_WAIT_SHARE]
            rows.append([fmt.number(point["cpu_threads"]), "share waiting two intervals or more",
                         fmt.number_text(interval(figure["model"])), fmt.number_text(interval(figure["cpython"])),
                         fmt.interval_text(interval(figure["difference"]), fmt.signed), verdict_text(figure),
                         wakeups])
    return rows


def fidelity_tables(fidelity: dict) -> dict:
    """Everything the page's fidelity section shows."""
    return {"tolerance": fmt.speed(fidelity["tolerance"]), "share_band": fmt.sig3_text(fidelity["share_band"]),
            "nothing": fidelity["nothing"] or "",
            "pairs": [pair_row(pair) for pair in fidelity["pairs"]],
            "shapes": [row for pair in fidelity["pairs"] for row in shape_rows(pair)],
            "rankings": [ranking_row(ranking) for ranking in fidelity["rankings"]],
            "convoy": convoy_rows(fidelity["convoy"]),
            "unpaired": [f"{entry['construct']}: {entry['why']}" for entry in fidelity["unpaired"]]}
