"""The scaling plot's data: the models figure. One panel per workload at
placement none, one curve per model: speedup (tasks per second over seq's
median) against workers, median, min and max over the repetitions; beside
each curve its USL fit where the analysis did not refuse it, and its knee;
and CPython's own constructs (the cpython family), each over CPython's seq,
dashed in the colour of the model that stands for it.

  data panel_N    panel N's curves: one block per model, headed by its name,
                  rows "workers median min max", blocks separated by two
                  blank lines
       fit_N      the fitted curves in the same blocks, rows "workers
                  speedup"; one NaN row where there is no fit
       knee_N     the knees in the same blocks, one row "workers speedup";
                  "NaN NaN" where the curve has no knee
       cpython_N  CPython's curves: one block per construct, its name a
                  comment atop, rows as panel_N's
  vars panels     how many panels (workloads)
       title_N    panel N's title: the workload and its kind
       models_N   words: each block's model (its colour)
       cmodels_N  words: each CPython block's model, whose colour it takes
                  ("-": none, grey; a model of the construct table, so a word)
       cpoints_N  words: each CPython block's construct's number among
                  construct_C (its point)
       log_N      1: log x (base 2) and log y, for IO-bound work; 0: linear
       xmax_N, ymin_N, ymax_N   panel N's ranges
       models     words: every model drawn, for the figure's one key
       constructs  how many constructs are drawn; construct_C each one's
                  name, for the key
       construct_models  words: each one's model, for the key
       pus        PUs of the machine
"""
from analysis import scaling_plot

PLACEMENT = "none"
# The model word of a construct the construct table lacks: drawn grey, as a
# model models.def lacks.
NO_MODEL = "-"


def reshape(analysis: dict, history):
    curves = [curve for curve in analysis["scaling"] if curve["placement"] == PLACEMENT]
    cpython = analysis["cpython"]["scaling"]
    if not curves and not cpython:
        return None
    models = scaling_plot.models(curves)
    constructs = list(dict.fromkeys(curve["construct"] for curve in cpython))
    model_of = {curve["construct"]: curve["model"] or NO_MODEL for curve in cpython}
    data, variables = {}, {}
    for n, (workload, kind) in enumerate(scaling_plot.workloads([*curves, *cpython]), 1):
        mine = sorted((c for c in curves if c["workload"] == workload), key=lambda c: models.index(c["model"]))
        theirs = sorted((c for c in cpython if c["workload"] == workload), key=lambda c: constructs.index(c["construct"]))
        drawn = scaling_plot.panel(n, f"{workload} ({kind.upper()}-bound work)", kind, mine, lambda c: c["model"],
                                   cpython=theirs)
        data.update(drawn["data"])
        variables.update(drawn["vars"], **{f"models_{n}": " ".join(c["model"] for c in mine),
                                           f"cmodels_{n}": " ".join(model_of[c["construct"]] for c in theirs),
                                           f"cpoints_{n}": " ".join(str(constructs.index(c["construct"]) + 1)
                                                                    for c in theirs)})
    variables.update(panels=n, models=" ".join(models), constructs=len(constructs),
                     construct_models=" ".join(model_of[c] for c in constructs), pus=analysis["machine"]["pus"],
                     **{f"construct_{c}": construct for c, construct in enumerate(constructs, 1)})
    return {"data": data, "vars": variables}
