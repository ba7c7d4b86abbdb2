"""analysis.json: everything a reader of one machine's results sees, derived
once from its bench.json: the machine and its load, every benchmark's
figures over its repetitions, the scaling curves with their knees and fits,
the granularity series with their break-even durations, the claims'
verdicts, the headline figures and the lines a run ends with. The plots, the
report, the machines page and `make bench`'s summary read this file alone.

    scripts/analyse RESULTS_DIR             writes RESULTS_DIR/analysis.json
    scripts/analyse --summary RESULTS_DIR   prints its summary, the lines a run ends with
    scripts/analyse --stale RESULTS_DIR     exits 0 when analysis.json is to be made again, 1 when not
"""
import os
import sys

from . import claims, granularity, headlines, histograms, knees, scaling, summary, usl
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


def _fit(workload, model, placement, points):
    curve = {"workload": workload, "model": model, "placement": placement,
             "points": [{"workers": p.workers, "median": p.speedup_interval.median, "speedups": list(p.speedups)}
                        for p in points]}
    return usl.fit_curve(curve)


def scaling_curves(results) -> list:
    kinds = results.workload_kinds()
    return [{"workload": w, "kind": kinds.get(w), "model": m, "placement": p,
             "points": [_point(point) for point in points], "knee": _knee(results, points),
             "fit": _fit(w, m, p, points), "stop": results.context.get(f"scaling_stop/{w}/{m}/{p}")}
            for w, m, p, points in scaling.curves(results)]


def granularity_series(results) -> list:
    kinds = results.workload_kinds()
    return [{"workload": s.workload, "kind": kinds.get(s.workload), "model": s.model,
             "points": [{"task_us": p.task_us, "speedup": {**figure(p.speedups), "values": list(p.speedups)},
                         "speedup_interval": p.speedup_interval.to_json()} for p in s.points],
             "break_even": s.break_even}
            for s in granularity.series(results)]


def analyse(results) -> dict:
    load_ = machine_load(results)
    made = {"format": FORMAT, "machine": machine(results), "context": results.context, "load": load_,
            "failures": [{"name": f.name.short, "message": f.message} for f in results.failures],
            "benchmarks": benchmarks(results), "scaling": scaling_curves(results),
            "granularity": granularity_series(results), "claims": claims.evaluate(results, load_)}
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
    (the pages' renderer aside) and the claims' bars."""
    code = [os.path.join(folder, name) for folder, _, names in os.walk(PACKAGE)
            if os.path.relpath(folder, PACKAGE).split(os.sep)[0] != "report" for name in names if name.endswith(".py")]
    return code + [BARS]


def stale(folder: str) -> bool:
    """Whether the folder's analysis.json is missing, or not newer than its
    bench.json, or older than the code and bars that make it: the one rule
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
    except OSError as error:
        print(f"analyse: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"analyse: wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
