"""The sync plot's data: per primitive, one "median min max" triple over the
repetitions for each thread count that ran (NaN NaN NaN where a count did
not run); nothing when the family did not run.

  data op_time   "primitive median min max ...": nanoseconds per operation
       switches  "primitive median min max ...": context switches
                 (voluntary and involuntary) per operation
  vars threads   words: the thread counts that ran, smallest first
       pus       PUs of the machine

Primitives come in the order they ran: the pthread mutex baseline first.
"""
from analysis.plotting import NOT_MEASURED, counter, data_text, family, spread, unique_in_order

SWITCHES = "switches_per_op"


def nanoseconds(seconds: float) -> float:
    return seconds * 1e9


def reshape(analysis: dict, history):
    benchmarks = family(analysis, "sync")
    if not benchmarks:
        return None
    threads = sorted({b["arguments"]["threads"] for b in benchmarks})
    primitives = unique_in_order(b["segments"][1] for b in benchmarks)
    found = {(b["segments"][1], b["arguments"]["threads"]): b for b in benchmarks}

    def rows(figure, scale=lambda x: x) -> str:
        """A row per primitive of the figure's triples, one per thread count."""
        return data_text(" ".join([primitive] + [spread(figure(found[primitive, t]), scale) if (primitive, t) in found
                                                 else NOT_MEASURED for t in threads])
                         for primitive in primitives)

    return {"data": {"op_time": rows(lambda b: counter(b, "op_time"), nanoseconds), "switches": rows(lambda b: counter(b, SWITCHES))},
            "vars": {"threads": "".join(f"{t} " for t in threads), "pus": analysis["machine"]["pus"]}}
