"""The convoy plot's data: an IO thread's sleep lateness against the
CPU-bound threads beside it, one series with a GIL and one without; nothing
when the family did not run.

  data series_N  series N's rows, one per count of CPU-bound threads:
                 cpu_threads, then median min max of the lateness p50 and
                 of its p99 (us), then the lateness CPython's rule expects
                 (us)
  vars series    words: the series (gil, no_gil), series_1 first
       sleep_us  the IO thread's sleep
       switch_interval_ms  the GIL's switch interval

Medians, minima and maxima are over the repetitions.
"""
from analysis.plotting import counter, data_text, family, number, spread

GIL_SERIES = "gil"


def median(benchmark: dict, name: str) -> str:
    figure = counter(benchmark, name)
    return number(figure["median"]) if figure and figure["median"] is not None else "null"


def rows(benchmarks: list) -> str:
    """One series' benchmarks as the text of its data file."""
    ordered = sorted(benchmarks, key=lambda b: b["arguments"]["cpu_threads"])
    return data_text(f"{number(b['arguments']['cpu_threads'])} {spread(counter(b, 'lateness_p50_us'))} "
                     f"{spread(counter(b, 'lateness_p99_us'))} {median(b, 'expected_us')}" for b in ordered)


def reshape(analysis: dict, history):
    benchmarks = family(analysis, "convoy")
    if not benchmarks:
        return None
    series = sorted({b["segments"][1] for b in benchmarks})
    gil = [b for b in benchmarks if b["segments"][1] == GIL_SERIES]
    interval_us = counter(gil[0], "switch_interval_us")["median"] if gil else 0
    return {"data": {f"series_{n}": rows([b for b in benchmarks if b["segments"][1] == name])
                     for n, name in enumerate(series, 1)},
            "vars": {"series": " ".join(series), "sleep_us": counter(benchmarks[0], "sleep_us")["median"],
                     "switch_interval_ms": interval_us / 1e3}}
