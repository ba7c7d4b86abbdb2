"""The scaling plot's data: the models figure. One panel per workload at
placement none, one curve per model: speedup (tasks per second over seq's
median) against workers, median, min and max over the repetitions; beside
each curve its USL fit where the analysis did not refuse it, and its knee.

  data panel_N  panel N's curves: one block per model, headed by its name,
                rows "workers median min max", blocks separated by two
                blank lines
       fit_N    the fitted curves in the same blocks, rows "workers
                speedup"; one NaN row where there is no fit
       knee_N   the knees in the same blocks, one row "workers speedup";
                "NaN NaN" where the curve has no knee
  vars panels   how many panels (workloads)
       title_N  panel N's title: the workload and its kind
       models_N words: each block's model (its colour)
       log_N    1: log x (base 2) and log y, for IO-bound work; 0: linear
       xmax_N, ymin_N, ymax_N   panel N's ranges
       models   words: every model drawn, for the figure's one key
       pus      PUs of the machine
"""
from analysis import scaling_plot

PLACEMENT = "none"


def reshape(analysis: dict, history):
    curves = [curve for curve in analysis["scaling"] if curve["placement"] == PLACEMENT]
    if not curves:
        return None
    models = scaling_plot.models(curves)
    data, variables = {}, {}
    for n, (workload, kind) in enumerate(scaling_plot.workloads(curves), 1):
        mine = sorted((c for c in curves if c["workload"] == workload), key=lambda c: models.index(c["model"]))
        drawn = scaling_plot.panel(n, f"{workload} ({kind.upper()}-bound work)", kind, mine, lambda c: c["model"])
        data.update(drawn["data"])
        variables.update(drawn["vars"], **{f"models_{n}": " ".join(c["model"] for c in mine)})
    variables.update(panels=n, models=" ".join(models), pus=analysis["machine"]["pus"])
    return {"data": data, "vars": variables}
