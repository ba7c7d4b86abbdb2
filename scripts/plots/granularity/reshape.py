"""The granularity plot's data: speedup over seq against task duration, a
panel per workload, a curve per model, and a curve per CPython construct
(the cpython family's, over CPython's seq) drawn dashed in the colour of the
model that stands for it; nothing when neither family ran.

  data panel_P  panel P's curves: a block per model (model_1 first), its
                name a comment atop, rows "seconds median min max": the task
                duration, and the speedup's median, minimum and maximum
                over the repetitions; a model without this workload's
                curve has the one row "NaN NaN NaN NaN"
       marks_P  panel P's break-evens, a block per model in the same
                order: the row "seconds 1" where its curve crosses 1
                inside the range measured, "NaN NaN" otherwise
       cpython_P, cmarks_P  the same for each construct (construct_1 first)
  vars panels   how many panels (workloads)
       title_P  panel P's title
       note_P_M what the analysis says of model M's break-even on panel P
       cnote_P_C  the same of construct C
       models   how many models; model_M their names, for their colours
       constructs  how many constructs; construct_C their names,
                cmodel_C the model whose colour each takes ("-": none, grey)
       workers  the models' workers (the machine's PUs)
       shortest_s, longest_s  the range of task durations, in seconds
"""
from analysis import cpython, granularity
from analysis.fmt import duration
from analysis.plotting import comment, counter, data_blocks, family, number, unique_in_order

TITLES = {"cpu_int": "CPU-bound tasks (cpu_int)", "timer": "IO-bound tasks (timer)"}
NO_CURVE = "NaN NaN NaN NaN"
NO_MARK = "NaN NaN"
BASELINE = "seq"
# The model of a construct the construct table lacks: drawn grey, as a model
# models.def lacks.
NO_MODEL = "-"


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


# Each side's names: its curves' data, its marks' data, its notes, and the
# key of analysis.json that names a curve.
MODELS_SIDE = ("panel", "marks", "note", "model")
CPYTHON_SIDE = ("cpython", "cmarks", "cnote", "construct")


def side(named: tuple, all_series: list, names: list, workload: str, p: int, shortest: str, longest: str) -> dict:
    """Panel p's curves of one side, models or CPython's constructs (named
    as MODELS_SIDE or CPYTHON_SIDE): a block per name, in order."""
    curves, marks, notes, key = named
    mine = [next((s for s in all_series if s["workload"] == workload and s[key] == name), None) for name in names]
    return {"data": {f"{curves}_{p}": data_blocks((comment(name), curve_rows(s)) for name, s in zip(names, mine)),
                     f"{marks}_{p}": data_blocks((comment(name), [mark(s)]) for name, s in zip(names, mine))},
            "vars": {f"{notes}_{p}_{n}": note(name, s, shortest, longest)
                     for n, (name, s) in enumerate(zip(names, mine), 1)}}


def reshape(analysis: dict, history):
    models_series, cpython_series = analysis["granularity"], analysis["cpython"]["granularity"]
    if not models_series and not cpython_series:
        return None
    workloads = unique_in_order(s["workload"] for s in [*models_series, *cpython_series])
    models = unique_in_order(s["model"] for s in models_series)
    constructs = unique_in_order(s["construct"] for s in cpython_series)
    model_of = {s["construct"]: s["model"] or NO_MODEL for s in cpython_series}
    measured = [b for b in [*family(analysis, granularity.FAMILY), *family(analysis, cpython.FAMILY)]
                if "task_us" in b["arguments"]]
    durations = [b["arguments"]["task_us"] for b in measured]
    shortest, longest = us_text(min(durations)), us_text(max(durations))
    data, variables = {}, {}
    for p, workload in enumerate(workloads, 1):
        for named, names, series in ((MODELS_SIDE, models, models_series),
                                     (CPYTHON_SIDE, constructs, cpython_series)):
            drawn = side(named, series, names, workload, p, shortest, longest)
            data.update(drawn["data"])
            variables.update(drawn["vars"])
        variables[f"title_{p}"] = TITLES.get(workload, workload)
    workers = [counter(b, "workers")["max"] for b in measured if b["segments"][2] != BASELINE]
    variables.update({"panels": len(workloads), "models": len(models), "constructs": len(constructs),
                      "workers": max(workers), "shortest_s": min(durations) / 1e6, "longest_s": max(durations) / 1e6},
                     **{f"model_{m}": model for m, model in enumerate(models, 1)},
                     **{f"construct_{c}": name for c, name in enumerate(constructs, 1)},
                     **{f"cmodel_{c}": model_of[name] for c, name in enumerate(constructs, 1)})
    return {"data": data, "vars": variables}
