"""The placement plot's data: how pinning changes each model's scaling, on
the reference workloads: the first CPU-bound and the first IO-bound workload
(in the order they ran) measured under more than one placement. One panel
per workload and model, one curve per placement: speedup over seq against
workers, median, min and max over the repetitions, with the curve's knee.
Nothing when no workload ran under several placements.

  data panel_N  panel N's curves: one block per placement (none, compact,
                scatter, single, those that ran), headed by its name, rows
                "workers median min max", blocks separated by two blank
                lines
       knee_N   the knees in the same blocks, one row "workers speedup";
                "NaN NaN" where the curve has no knee
  vars rows, columns   the grid: a row per workload, a column per model
       title_N  panel N's title: the model and the workload
       model_N  panel N's model (its colour)
       places_N words: each block's placement (its dash)
       log_N    1: log x (base 2) and log y, for IO-bound work; 0: linear
       xmax_N, ymin_N, ymax_N   panel N's ranges
       placements  words: every placement drawn, for the figure's one key
       pus      PUs of the machine
       notes    how many lines placement_note_N hold
       placement_note_N   where compact and scatter choose different PUs
                on this machine, a line a level of it, or that they cannot
                differ here (the analysis's placement section, shortened),
                for the lines under the title
"""
from analysis import scaling_plot
from analysis.palette import PLACEMENT_DASHES

# One reference workload of each kind, in this order.
REFERENCE_KINDS = ("cpu", "io")


def placement_rank(curve: dict) -> int:
    order = list(PLACEMENT_DASHES)
    return order.index(curve["placement"]) if curve["placement"] in order else len(order)


def reference_workloads(curves: list) -> list:
    """[(workload, kind)]: the first pinned workload of each reference kind."""
    pinned = [(w, k) for w, k in scaling_plot.workloads(curves)
              if len({c["placement"] for c in curves if c["workload"] == w}) > 1]
    return [next(wk for wk in pinned if wk[1] == kind) for kind in REFERENCE_KINDS if any(k == kind for _, k in pinned)]


def reshape(analysis: dict, history):
    curves = analysis["scaling"]
    rows = reference_workloads(curves)
    if not rows:
        return None
    chosen = {workload for workload, _ in rows}
    models = [m for m in scaling_plot.models(curves)
              if any(c["model"] == m and c["workload"] in chosen for c in curves)]
    data, variables, drawn_placements = {}, {}, set()
    panels = [(workload, kind, model) for workload, kind in rows for model in models]
    for n, (workload, kind, model) in enumerate(panels, 1):
        mine = sorted((c for c in curves if c["workload"] == workload and c["model"] == model), key=placement_rank)
        title = f"{model}: {workload} ({kind.upper()}-bound)"
        drawn = scaling_plot.panel(n, title, kind, mine, lambda c: c["placement"])
        # This figure compares placements; the fits are the models figure's.
        del drawn["data"][f"fit_{n}"]
        data.update(drawn["data"])
        variables.update(drawn["vars"], **{f"model_{n}": model, f"places_{n}": " ".join(c["placement"] for c in mine)})
        drawn_placements.update(c["placement"] for c in mine)
    variables.update(rows=len(rows), columns=len(models),
                     placements=" ".join(p for p in PLACEMENT_DASHES if p in drawn_placements),
                     pus=analysis["machine"]["pus"], notes=len(analysis["placement"]["short"]),
                     **{f"placement_note_{n}": line for n, line in enumerate(analysis["placement"]["short"], 1)})
    return {"data": data, "vars": variables}
