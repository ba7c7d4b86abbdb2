"""analysis.json: everything a reader of one machine's results sees, derived
once from its bench.json: the machine and its load, how its plan held
(plan.py), every benchmark's figures over its repetitions, the scaling
curves with their knees and fits, where compact and scatter choose different
PUs here and what that did (placement.py), the speedups the claims judge
measured in alternating slices (paired.py), the granularity series with their
break-even durations, CPython's own curves and series beside them and how
closely each model mirrors the construct it stands for (fidelity.py), the
claims' verdicts, the headline figures and the lines a run ends with. The
plots, the report, the machines page and `make bench`'s summary read this
file alone.

    scripts/analyse RESULTS_DIR             writes RESULTS_DIR/analysis.json
    scripts/analyse --summary RESULTS_DIR   prints its summary, the lines a run ends with
    scripts/analyse --stale RESULTS_DIR     exits 0 when analysis.json is to be made again, 1 when not
"""
import os
import sys

from . import (claims, cpython, fidelity, granularity, headlines, histograms, knees, paired, placement, plan,
               scaling, summary, usl)
from .defs import TableError
from .files import write_atomically
from .machine import machine_load
from .results import InputError, load, read_json
from .stats.intervals import median_interval

FORMAT = "slicebench-analysis/1"
# Texts from the results reach a terminal with their control characters
# (escape sequences too) made spaces.
CONTROL_AS_SPACE = {code: " " for code in [*range(32), 127]}
# Google Benchmark's bookkeeping, not figures of the benchmark.
BOOKKEEPING = {"family_index", "per_family_instance_index", "repetition_index", "repetitions", "threads"}
# Counters summed per repetition into one figure: a sum's median and range
# cannot be had from its parts' figures.
SUMS = {"switches_per_op": ("voluntary_switches_per_op", "involuntary_switches_per_op")}


def figure(values) -> dict:
    """A figure as analysis.json holds it: median, interval, range, count."""
    values = [v for v in values if v is not None]
    interval = median_interval(values)
    return {**interval.to_json(), "min": min(values, default=None), "max": max(values, default=None)}


def machine(results) -> dict:
    context = results.context
    name, topology = context.get("slicebench_machine", "?"), context.get("slicebench_topology", "?")
    return {"name": name, "topology": topology, "title": f"{name}: {topology}", "pus": results.pus,
            "host_name": context.get("host_name"), "date": context.get("date")}


def _sum(row, parts):
    values = [row.counter(part) for part in parts]
    return None if None in values else sum(values)


def benchmarks(results) -> list:
    grouped = {}
    for row in results.rows:
        grouped.setdefault(row.name.short, []).append(row)
    made = []
    for rows in grouped.values():
        name = rows[0].name
        keys = [k for k in rows[0].counters if k not in BOOKKEEPING and not histograms.BUCKET.match(k)]
        counters = {k: figure(r.counter(k) for r in rows) for k in keys}
        counters.update({total: figure(_sum(r, parts) for r in rows) for total, parts in SUMS.items()
                         if all(part in keys for part in parts)})
        made.append({"name": name.short, "family": name.family, "segments": list(name.segments),
                     "arguments": name.arguments, "concurrency": name.concurrency, "series": name.series,
                     "real_time_ns": figure(r.real_time_ns for r in rows),
                     "cpu_time_ns": figure(r.cpu_time_ns for r in rows), "counters": counters,
                     "lateness_histogram": histograms.summary(rows)})
    return made


def _task_us(results, points):
    """The curve's task duration: its points' own, else the run's --task-us
    (results that predate the counter); None where neither says."""
    measured = [p.costs["task_us"] for p in points if p.costs["task_us"] is not None]
    if measured:
        return measured[0]
    try:
        return float(results.context.get("slicebench_task_us", ""))
    except ValueError:
        return None


def _point(point) -> dict:
    return {"workers": point.workers,
            "speedup": {**figure(point.speedups), "values": list(point.speedups)},
            "speedup_interval": point.speedup_interval.to_json(),
            "rate": figure(point.rates), **{k: v for k, v in point.costs.items() if k != "task_us"}}


def _knee(results, points):
    rows = [{"workers": p.workers, "speedup": p.speedup_interval.median, **p.costs} for p in points]
    return knees.knee(rows, _task_us(results, points), results.pus)


def _fit(named: dict, points):
    curve = {**named, "points": [{"workers": p.workers, "median": p.speedup_interval.median,
                                  "speedups": list(p.speedups)} for p in points]}
    return usl.fit_curve(curve)


def _curves(results, family: scaling.Family, names) -> list:
    """A family's scaling curves, each named by names(series, placement)."""
    kinds = results.workload_kinds()
    made = []
    for w, m, p, points in scaling.curves(results, family):
        named = {"workload": w, **names(m, p)}
        made.append({**named, "kind": kinds.get(w), "points": [_point(point) for point in points],
                     "knee": _knee(results, points), "fit": _fit(named, points),
                     "stop": results.context.get(family.stop_key(w, m, p))})
    return made


def _series(results, family: str, names) -> list:
    """A family's granularity series, each named by names(series)."""
    kinds = results.workload_kinds()
    return [{"workload": s.workload, **names(s.model), "kind": kinds.get(s.workload),
             "points": [{"task_us": p.task_us, "speedup": {**figure(p.speedups), "values": list(p.speedups)},
                         "speedup_interval": p.speedup_interval.to_json()} for p in s.points],
             "break_even": s.break_even}
            for s in granularity.series(results, family)]


def scaling_curves(results) -> list:
    return _curves(results, scaling.MODELS, lambda model, placement: {"model": model, "placement": placement})


def granularity_series(results) -> list:
    return _series(results, granularity.FAMILY, lambda model: {"model": model})


def cpython_section(results, constructs: dict) -> dict:
    """The construct table, and each construct's curves and series over
    CPython's seq, named by the construct and the model that stands for it
    (None for a construct the table lacks)."""
    def named(construct):
        known = constructs.get(construct)
        return {"construct": construct, "model": known.model if known else None}
    return {"constructs": [{"construct": c.name, "model": c.model, "description": c.description}
                           for c in constructs.values()],
            "scaling": _curves(results, cpython.SCALING, lambda construct, _: named(construct)),
            "granularity": _series(results, cpython.FAMILY, named)}


def analyse(results, constructs: dict = None) -> dict:
    """The whole analysis; constructs: cpython.constructs()'s table unless given."""
    load_ = machine_load(results)
    constructs = cpython.constructs() if constructs is None else constructs
    made = {"format": FORMAT, "machine": machine(results), "context": results.context, "load": load_,
            "plan": plan.plan_check(results),
            "failures": [{"name": f.name.short, "message": f.message} for f in results.failures],
            "benchmarks": benchmarks(results), "scaling": scaling_curves(results),
            "placement": placement.placement(results), "paired": paired.section(results),
            "granularity": granularity_series(results), "cpython": cpython_section(results, constructs),
            "claims": claims.evaluate(results, load_)}
    made["fidelity"] = fidelity.fidelity(made)
    made["headlines"] = headlines.headlines(made)
    made["summary"] = summary.summary(made)
    return made


USAGE = "usage: scripts/analyse [--summary | --stale] RESULTS_DIR"
PACKAGE = os.path.dirname(os.path.abspath(__file__))
BARS = os.path.join(os.path.dirname(os.path.dirname(PACKAGE)), "docs", "claims.json")


def _mtime(path: str) -> int:
    return os.stat(path).st_mtime_ns


def _makers() -> list:
    """What an analysis is made by besides its results: the package's code
    (the pages' renderer aside), the claims' bars and the construct table."""
    code = [os.path.join(folder, name) for folder, _, names in os.walk(PACKAGE)
            if os.path.relpath(folder, PACKAGE).split(os.sep)[0] != "report" for name in names if name.endswith(".py")]
    return code + [BARS, str(cpython.CONSTRUCTS_DEF)]


def stale(folder: str) -> bool:
    """Whether the folder's analysis.json is missing, or not newer than its
    bench.json, or older than what makes it (_makers): the one rule
    by which the plots and the report analyse again."""
    analysis = os.path.join(folder, "analysis.json")
    if not os.path.exists(analysis):
        return True
    made = _mtime(analysis)
    if not os.path.exists(os.path.join(folder, "bench.json")) or made <= _mtime(os.path.join(folder, "bench.json")):
        return True
    return any(_mtime(maker) > made for maker in _makers())


def print_summary(folder: str) -> int:
    """The lines a run ends with, from the folder's analysis.json."""
    path = os.path.join(folder, "analysis.json")
    try:
        document = read_json(path)
        lines = document["summary"]
    except (InputError, KeyError, TypeError) as error:
        print(f"analyse: {path} has no summary ({error}); run scripts/analyse {folder}", file=sys.stderr)
        return 1
    for line in lines:
        print(line.translate(CONTROL_AS_SPACE))
    return 0


def main(argv) -> int:
    arguments = argv[1:]
    if arguments[:1] == ["--summary"] and len(arguments) == 2:
        return print_summary(arguments[1])
    if arguments[:1] == ["--stale"] and len(arguments) == 2:
        return 0 if stale(arguments[1]) else 1
    if len(arguments) != 1 or arguments[0].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    folder = arguments[0]
    source = os.path.join(folder, "bench.json")
    try:
        results = load(source)
    except InputError as error:
        print(f"analyse: {source} {error}", file=sys.stderr)
        return 1
    target = os.path.join(folder, "analysis.json")
    try:
        write_atomically(target, analyse(results))
    except TableError as error:
        print(f"analyse: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"analyse: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"analyse: wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
