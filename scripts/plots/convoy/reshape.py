"""The convoy plot's data: an IO thread's sleep lateness against the
CPU-bound threads beside it, a series per lock: the suite's GIL, none, and
CPython's own (measured by bench/cpython/convoy.py, drawn dashed in the
colour of the series that stands for it); nothing when the family did not
run.

  data series_N  series N's rows, one per count of CPU-bound threads:
                 cpu_threads, then median min max of the lateness p50 and
                 of its p99 (us)
  vars series    how many series
       name_N    series N's name (cpython, gil, no_gil, in that order)
       model_N   the model whose colour series N is drawn in
       cpython_N 1 for CPython's series (dashed, open points), else 0
       sleep_us  the IO thread's sleep
       switch_interval_ms  the GIL's switch interval

Medians, minima and maxima are over the repetitions. Results that still
carry the expected_us counter (CPython's rule, k switch intervals, which
CPython's measured series has replaced) plot the same.
"""
from analysis import convoy
from analysis.plotting import counter, data_text, family, number, spread


def rows(benchmarks: list) -> str:
    """One series' benchmarks as the text of its data file."""
    ordered = sorted(benchmarks, key=lambda b: b["arguments"]["cpu_threads"])
    return data_text(f"{number(b['arguments']['cpu_threads'])} {spread(counter(b, 'lateness_p50_us'))} "
                     f"{spread(counter(b, 'lateness_p99_us'))}" for b in ordered)


def reshape(analysis: dict, history):
    benchmarks = family(analysis, convoy.FAMILY)
    if not benchmarks:
        return None
    series = sorted({b["segments"][1] for b in benchmarks})
    gil = [b for b in benchmarks if b["segments"][1] == convoy.MIRRORED_BY]
    interval_us = counter(gil[0], "switch_interval_us")["median"] if gil else 0
    variables = {"series": len(series), "sleep_us": counter(benchmarks[0], "sleep_us")["median"],
                 "switch_interval_ms": interval_us / 1e3}
    for n, name in enumerate(series, 1):
        variables.update({f"name_{n}": name, f"model_{n}": convoy.series_model(name),
                          f"cpython_{n}": int(name == convoy.CPYTHON)})
    return {"data": {f"series_{n}": rows([b for b in benchmarks if b["segments"][1] == name])
                     for n, name in enumerate(series, 1)},
            "vars": variables}
