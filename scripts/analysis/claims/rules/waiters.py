"""C6: coroutines give one thread many concurrent IO waits. The waiters
family's coroutine series must reach the bar of waits, and where the
coroutine and thread series both ran, a coroutine waiter must cost less
memory than a thread. Memory is not time: a busy machine does not change it."""
from typing import Optional

from .. import claim
from ...fmt import interval_text, ratio_text, sig3_text, time_text
from ...stats.intervals import NO, YES, below, median_interval, ratio_interval
from ..evidence import having_segment, intervals, max_by, time_ns
from ..verdict import check, first_reason, judge
from ..words import count

SAID = {NO: "as much memory as a thread", YES: "less memory than a thread"}


def memory_per_waiter(row) -> Optional[float]:
    """rss_bytes_per_waiter, or where the results predate it the peak RSS
    over the waits; None when neither is there."""
    if row.counter("rss_bytes_per_waiter") is not None:
        return row.counter("rss_bytes_per_waiter")
    peak, waits = row.counter("peak_rss_kb"), row.name.concurrency
    return peak * 1024 / waits if peak is not None and waits else None


def _memory_at(rows, series, waits) -> Optional[object]:
    """The memory per waiter of a series' repetitions at a count of waits;
    None when one of them has no memory counter."""
    names = {m.name.short for m in series if m.name.concurrency == waits}
    values = [memory_per_waiter(r) for r in rows if r.name.short in names]
    return None if any(v is None for v in values) else median_interval(values)


@claim("C6")
def coroutines_hold_many_waits(evidence, bars):
    rows = evidence.family("waiters")
    counted = [r for r in rows if r.name.concurrency is not None]
    coroutine = intervals(having_segment(counted, "coroutine"), time_ns)
    thread = intervals(having_segment(counted, "^thread"), time_ns)
    most = max_by(coroutine, lambda m: m.name.concurrency)
    common = max({m.name.concurrency for m in coroutine} & {m.name.concurrency for m in thread}, default=None)
    series = {"coroutine": coroutine, "thread": thread}

    def missing():
        yield evidence.errored("^waiters/", "waiters")
        if not rows:
            yield "the waiters family is not in the results"
        if not coroutine:
            yield "the waiters family has no coroutine rows"
        elif most.name.concurrency < bars["waits"]:
            yield (f"the coroutine series went only to {most.name.concurrency} waits; "
                   f"the rule needs {count(bars['waits'])} or more")
        if not thread:
            yield "the waiters family has no thread series to compare memory with"
        if common is None:
            yield "the coroutine and thread series ran at no common count of waits"
        for kind, measured in series.items():
            if _memory_at(rows, measured, common) is None:
                yield f"the {kind} rows at {common} waits have no memory counter (rss_bytes_per_waiter)"
    reason = first_reason(missing())
    if reason:
        return evidence.not_measured(reason)
    coroutine_memory, thread_memory = (_memory_at(rows, measured, common) for measured in series.values())
    ratio = ratio_interval(coroutine_memory, thread_memory)
    status = below(ratio, bars["memory_ratio"])

    def in_bytes(value):
        return f"{sig3_text(value)} B"
    return judge(evidence.load, False,
                 [check(status, f"at {common} waits a coroutine waiter cost {SAID.get(status, 'against a thread')}: "
                                f"{ratio_text(ratio)}")],
                 [f"coroutines: {most.name.concurrency} waits in {time_text(most.value)}",
                  f"memory per waiter at {common}: coroutine {interval_text(coroutine_memory, in_bytes)}, "
                  f"thread {interval_text(thread_memory, in_bytes)}"],
                 lambda: f"coroutines held {most.name.concurrency} waits, each lighter than a thread's")
