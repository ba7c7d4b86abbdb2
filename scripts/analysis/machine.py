"""How busy the machine was with other work while the suite ran, from the
noise family's noise/over_run rows (each counter taken at its highest over
the repetitions) and the context's noise_load_avg_before and noise_governor.

The one rule for a busy run: other processes kept more than BUSY_OTHERS_CPU_PUS
busy on average over the run, or the hypervisor stole more than
BUSY_STEAL_SHARE of the CPU time, or more than BUSY_RUNNABLE_OTHERS tasks
other than the suite's were runnable on average just before or just after it.
A results file without the row has its load not recorded: not busy, and said so.
"""
from .fmt import sig3_text

BUSY_OTHERS_CPU_PUS = 0.1
BUSY_STEAL_SHARE = 0.05
BUSY_RUNNABLE_OTHERS = 0.5
NOISE_ROW = "noise/over_run/"


def _highest(rows, *keys):
    values = [row.counter(key) for row in rows for key in keys]
    values = [v for v in values if v is not None]
    return max(values) if values else None


def _figure(value, scale=1):
    return "?" if value is None else sig3_text(value * scale)


def noise_rows(results) -> list:
    """The noise/over_run rows, one a repetition."""
    return [row for row in results.family("noise") if (row.name.short + "/").startswith(NOISE_ROW)]


def machine_load(results) -> dict:
    context = results.context
    load = {"load_avg_before": context.get("noise_load_avg_before"), "governor": context.get("noise_governor")}
    rows = noise_rows(results)
    if not rows:
        return {**load, "recorded": False, "busy": False,
                "text": "the machine's load was not recorded (no noise/over_run row)"}
    figures = {"others_cpu_pus": _highest(rows, "others_cpu_pus"), "steal_share": _highest(rows, "steal_share"),
               "runnable_others": _highest(rows, "runnable_others_before", "runnable_others_after")}
    busy = (figures["others_cpu_pus"] or 0) > BUSY_OTHERS_CPU_PUS or (figures["steal_share"] or 0) > BUSY_STEAL_SHARE \
        or (figures["runnable_others"] or 0) > BUSY_RUNNABLE_OTHERS
    text = (f"the machine was {'busy' if busy else 'quiet'} (other tasks kept "
            f"{_figure(figures['others_cpu_pus'])} PUs busy on average, "
            f"steal {_figure(figures['steal_share'], 100)}%, "
            f"{_figure(figures['runnable_others'])} other tasks runnable before or after)")
    return {**load, "recorded": True, **figures, "busy": busy, "text": text}
