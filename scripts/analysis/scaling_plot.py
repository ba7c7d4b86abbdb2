"""What the scaling and placement plots share: the scaling family's curves
from analysis.json, the models and workloads in the order they ran, and one
panel of curves: their points, their USL fits and their knees as data blocks
in one order, CPython's curves beside them where the plot draws those, with
the panel's axes chosen by the workload's kind."""
import math

from .fmt import number
from .plotting import comment, data_blocks, unique_in_order

IO_BOUND = "io"
# The points of a drawn fit, from 1 worker to the curve's largest count.
FIT_STEPS = 60
NO_FIT = "1 NaN"
NO_KNEE = "NaN NaN"
# Room above and below a panel's curves: log axes by a factor, linear ones by a share.
LOG_BELOW, LOG_ABOVE, LINEAR_ABOVE = 1.5, 2, 1.1


def models(curves: list) -> list:
    """The models of the curves, in the order they ran: a model's place."""
    return unique_in_order(curve["model"] for curve in curves)


def workloads(curves: list) -> list:
    """[(workload, kind)] of the curves, in the order they ran."""
    return unique_in_order((curve["workload"], curve["kind"] or "") for curve in curves)


def _fit_rows(fit, log: bool) -> list:
    """The fitted USL as rows "workers speedup", from 1 to the curve's largest
    count (log-spaced on a log axis), scaled back from the curve's own
    one-worker point to speedup over seq; one NaN row when the fit was
    refused or is missing, which keeps the blocks aligned."""
    if fit is None or fit.get("refused") is not None:
        return [NO_FIT]
    last = max(point[0] for point in fit["points"])
    a, b, scale = fit["a"], fit["b"], fit["one_worker_speedup"]
    rows = []
    for step in range(FIT_STEPS + 1):
        workers = math.pow(last, step / FIT_STEPS) if log else 1 + (step / FIT_STEPS) * (last - 1)
        speedup = workers / (1 + a * (workers - 1) + b * workers * (workers - 1)) * scale
        rows.append(f"{number(workers)} {number(speedup)}")
    return rows


def _knee_row(curve: dict) -> str:
    """The curve's knee as one row "workers speedup" (the curve's median
    there); "NaN NaN" when it has none."""
    at = (curve["knee"] or {}).get("knee_workers") or 0
    point = next((p for p in curve["points"] if p["workers"] == at), None)
    return f"{number(at)} {number(point['speedup']['median'])}" if at > 0 and point else NO_KNEE


def _point_row(point: dict) -> str:
    speedup = point["speedup"]
    return " ".join(number(v) for v in (point["workers"], speedup["median"], speedup["min"], speedup["max"]))


def panel(n: int, title: str, kind: str, curves: list, block_title, cpython: list = None) -> dict:
    """Panel n of curves: data panel_n (rows "workers median min max"),
    fit_n and knee_n in the same block order, and its axes: log_n (1: log x
    base 2 and log y, for IO-bound work; 0: linear), xmax_n, ymin_n, ymax_n.
    block_title names a curve's block. With cpython (CPython's curves, a
    list, which may be empty), data cpython_n too: a block per construct,
    its name a comment atop, rows as panel_n's; the axes hold them too."""
    log = kind == IO_BOUND
    drawn = [*curves, *(cpython or [])]
    # A panel of no curves (a model that did not run this workload) is drawn
    # empty, its axes as if one worker had a speedup of 1.
    speedups = [v for curve in drawn for p in curve["points"] for v in (p["speedup"]["min"], p["speedup"]["max"])
                if v > 0] or [1]
    workers = [p["workers"] for curve in drawn for p in curve["points"]] or [1]

    def blocks(rows) -> str:
        return data_blocks((block_title(curve), rows(curve)) for curve in curves)

    data = {f"panel_{n}": blocks(lambda curve: [_point_row(p) for p in curve["points"]]),
            f"fit_{n}": blocks(lambda curve: _fit_rows(curve["fit"], log)),
            f"knee_{n}": blocks(lambda curve: [_knee_row(curve)])}
    if cpython is not None:
        data[f"cpython_{n}"] = data_blocks((comment(curve["construct"]), [_point_row(p) for p in curve["points"]])
                                           for curve in cpython)
    return {
        "data": data,
        "vars": {f"title_{n}": title, f"log_{n}": int(log),
                 f"xmax_{n}": max(workers),
                 f"ymin_{n}": min(speedups) / LOG_BELOW if log else 0,
                 f"ymax_{n}": max(speedups) * (LOG_ABOVE if log else LINEAR_ABOVE)},
    }
