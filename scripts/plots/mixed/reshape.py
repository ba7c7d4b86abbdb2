"""The mixed plot's data: the scaling family's results as speedup against
the share of a task spent computing: timer (0%), mixed25, mixed50, mixed75,
cpu_int (100%), whichever ran, at the largest worker count every one of
their curves reached (CPU-bound curves stop at 4 x PUs, IO-bound ones go
much further: one count keeps the line a comparison), placement none;
nothing when no mixed workload ran.

  data data     one block per model, headed by its name, rows "percent
                median min max" of speedup over seq, blocks separated by
                two blank lines, models in the order the results list them
  vars models   words: each block's model (its colour)
       workers  that worker count
       pus      PUs of the machine
"""
import re

from analysis import scaling_plot
from analysis.plotting import data_blocks, number

PLACEMENT = "none"
MIXED = re.compile(r"mixed([0-9]+)")
FIXED_PERCENT = {"timer": 0, "cpu_int": 100}


def computing_percent(workload: str):
    """The share of a task spent computing, in percent; None for a workload of no known share."""
    mixed = MIXED.fullmatch(workload)
    return int(mixed.group(1)) if mixed else FIXED_PERCENT.get(workload)


def reshape(analysis: dict, history):
    curves = [c for c in analysis["scaling"] if computing_percent(c["workload"]) is not None]
    if not any(MIXED.fullmatch(c["workload"]) for c in curves):
        return None
    models = scaling_plot.models(analysis["scaling"])
    drawn = [c for c in curves if c["placement"] == PLACEMENT]
    if not drawn:
        return None
    workers = min(max(p["workers"] for p in c["points"]) for c in drawn)
    blocks = []
    for model in sorted({c["model"] for c in drawn}, key=models.index):
        at = sorted(((computing_percent(c["workload"]), p["speedup"]) for c in drawn if c["model"] == model
                     for p in c["points"] if p["workers"] == workers), key=lambda point: point[0])
        if at:
            blocks.append((model, [" ".join(number(v) for v in (percent, s["median"], s["min"], s["max"]))
                                   for percent, s in at]))
    if not blocks:
        return None
    return {"data": {"data": data_blocks(blocks)},
            "vars": {"models": " ".join(model for model, _ in blocks), "workers": workers,
                     "pus": analysis["machine"]["pus"]}}
