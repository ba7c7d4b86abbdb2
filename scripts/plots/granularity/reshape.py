"""The granularity plot's data: speedup over seq against task duration, a
panel per workload, a curve per model; nothing when the family did not run.

  data panel_P  panel P's curves: a block per model (model_1 first), headed
                by its name, rows "seconds median min max": the task
                duration, and the speedup's median, minimum and maximum
                over the repetitions; a model without this workload's
                curve has the one row "NaN NaN NaN NaN"
       marks_P  panel P's break-evens, a block per model in the same
                order: the row "seconds 1" where its curve crosses 1
                inside the range measured, "NaN NaN" otherwise
  vars panels   how many panels (workloads)
       title_P  panel P's title
       note_P_M what the analysis says of model M's break-even on panel P
       models   how many models; model_M their names, for their colours
       workers  the models' workers (the machine's PUs)
       shortest_s, longest_s  the range of task durations, in seconds
"""
from analysis.fmt import duration
from analysis.plotting import counter, data_blocks, family, number, unique_in_order

TITLES = {"cpu_int": "CPU-bound tasks (cpu_int)", "timer": "IO-bound tasks (timer)"}
NO_CURVE = "NaN NaN NaN NaN"
NO_MARK = "NaN NaN"
BASELINE = "seq"


def us_text(us: float) -> str:
    """A duration given in microseconds, for people."""
    return duration(us * 1000)


def curve_rows(series) -> list:
    if series is None:
        return [NO_CURVE]
    return [" ".join(number(v) for v in (point["task_us"] / 1e6, point["speedup"]["median"], point["speedup"]["min"],
                                        point["speedup"]["max"]))
            for point in series["points"]]


def mark(series) -> str:
    found = (series or {}).get("break_even") or {}
    return f"{number(found['break_even_us'] / 1e6)} 1" if "break_even_us" in found else NO_MARK


def note(model: str, series, shortest: str, longest: str) -> str:
    """What the break-even of a model's series is, for people."""
    found = (series or {}).get("break_even") or {}
    if "break_even_us" in found:
        return f"{model}: {us_text(found['break_even_us'])}"
    if found.get("below_range"):
        return f"{model}: below {shortest}"
    if found.get("above_range"):
        return f"{model}: above {longest}"
    return f"{model}: not measured"


def reshape(analysis: dict, history):
    all_series = analysis["granularity"]
    if not all_series:
        return None
    workloads = unique_in_order(s["workload"] for s in all_series)
    models = unique_in_order(s["model"] for s in all_series)
    measured = [b for b in family(analysis, "granularity") if "task_us" in b["arguments"]]
    durations = [b["arguments"]["task_us"] for b in measured]
    shortest, longest = us_text(min(durations)), us_text(max(durations))
    data, variables = {}, {}
    for p, workload in enumerate(workloads, 1):
        mine = [next((s for s in all_series if s["workload"] == workload and s["model"] == m), None) for m in models]
        data[f"panel_{p}"] = data_blocks((m, curve_rows(s)) for m, s in zip(models, mine))
        data[f"marks_{p}"] = data_blocks((m, [mark(s)]) for m, s in zip(models, mine))
        variables[f"title_{p}"] = TITLES.get(workload, workload)
        variables.update({f"note_{p}_{m}": note(model, s, shortest, longest)
                          for m, (model, s) in enumerate(zip(models, mine), 1)})
    workers = [counter(b, "workers")["max"] for b in measured if b["segments"][2] != BASELINE]
    variables.update({"panels": len(workloads), "models": len(models), "workers": max(workers),
                      "shortest_s": min(durations) / 1e6, "longest_s": max(durations) / 1e6},
                     **{f"model_{m}": model for m, model in enumerate(models, 1)})
    return {"data": data, "vars": variables}
