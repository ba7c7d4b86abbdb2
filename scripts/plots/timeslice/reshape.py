"""The timeslice plot's data: curves against spinners per PU, one per
series (a kind of spinner, and the priority its probe ran at); nothing when
the family did not run.

  data series_N  series N's curve: one row per spinners-per-PU count:
                 spinners_per_pu, then median min max of each of:
                 throughput (over that of the series' fewest spinners per
                 PU), fairness, the probe's p50, p99 and p99.9 lateness
                 (us), involuntary switches per second
  vars series    how many series, the default probe's first
       kind_N    series N's kind of spinner (thread, process: its colour)
       probe_N   the priority its probe ran at (default, nice-10, fifo:
                 its dash and point)
       title_N   its title in the key
       pus       PUs the spinners were spread over
       period_us how often the probe asks to wake (1000 in results
                 from before it said so)
       lateness_low, lateness_high   the lowest and highest lateness
                 drawn (us), so that the three lateness panels share a
                 scale; 1 and 10 when there is none

Medians, minima and maxima are over the repetitions; a figure no
repetition has (the probe never woke, or results from before p99.9 was
measured) is NaN, which gnuplot skips.
"""
from analysis.plotting import counter, data_text, family, number, spread, unique_in_order

PROBE = "probe:"
DEFAULT_PROBE = "default"
# The probes in the order they are drawn, each with what its title adds.
PROBE_TITLES = {"default": "", "nice-10": ", probe at nice -10", "fifo": ", probe under SCHED_FIFO"}
LATENESS = ("probe_p50_us", "probe_p99_us", "probe_p999_us")
COLUMNS = ("fairness", *LATENESS, "involuntary_switches_per_second")
# Before results said how often the probe asks to wake, it asked every millisecond.
EARLIER_PERIOD_US = 1000
NO_LATENESS = (1, 10)


def probe_of(benchmark: dict) -> str:
    """The probe's priority, from a "probe:<priority>" segment; "default" without."""
    return next((s[len(PROBE):] for s in benchmark["segments"] if s.startswith(PROBE)), DEFAULT_PROBE)


def probe_rank(probe: str) -> int:
    order = list(PROBE_TITLES)
    return order.index(probe) if probe in order else len(order)


def probe_title(probe: str) -> str:
    return PROBE_TITLES.get(probe, f", probe {probe}")


def per_pu(benchmark: dict) -> float:
    return counter(benchmark, "spinners_per_pu")["median"]


def curve(benchmarks: list) -> str:
    """One series' benchmarks as the text of its data file."""
    ordered = sorted(benchmarks, key=per_pu)
    baseline = counter(ordered[0], "steps_per_second")["median"]

    def relative(rate):
        return rate / baseline

    return data_text(" ".join([number(per_pu(b)), spread(counter(b, "steps_per_second") if baseline > 0 else None,
                                                         relative)]
                              + [spread(counter(b, column)) for column in COLUMNS])
                     for b in ordered)


def first_counter(benchmarks: list, name: str):
    """The counter's median in the first benchmark that has it; None in none."""
    return next((counter(b, name)["median"] for b in benchmarks if counter(b, name)), None)


def reshape(analysis: dict, history):
    benchmarks = family(analysis, "timeslice")
    series = sorted(unique_in_order((b["segments"][1], probe_of(b)) for b in benchmarks),
                    key=lambda kind_probe: probe_rank(kind_probe[1]))
    if not series:
        return None
    lateness = [f[end] for b in benchmarks for name in LATENESS if (f := counter(b, name)) and f["median"] is not None
                for end in ("min", "max") if f[end] > 0]
    low, high = (min(lateness), max(lateness)) if lateness else NO_LATENESS
    period_us = first_counter(benchmarks, "probe_period_us")
    variables = {"series": len(series), "pus": first_counter(benchmarks, "pus"),
                 "period_us": EARLIER_PERIOD_US if period_us is None else period_us,
                 "lateness_low": low, "lateness_high": high}
    for n, (kind, probe) in enumerate(series, 1):
        variables.update({f"kind_{n}": kind, f"probe_{n}": probe, f"title_{n}": kind + probe_title(probe)})
    return {"data": {f"series_{n}": curve([b for b in benchmarks if (b["segments"][1], probe_of(b)) == (kind, probe)])
                     for n, (kind, probe) in enumerate(series, 1)},
            "vars": variables}
