"""C10: a thread pool reuses threads instead of creating one per task: an
empty task in overhead/pool costs at most a share of one in overhead/thread,
the paired family's figure where it ran (the two measured in alternating
slices)."""
from .. import claim
from ... import paired as paired_family
from ...fmt import ratio_text, time_text
from ...stats.intervals import NO, at_most, ratio_interval
from ..evidence import intervals, time_ns
from ..verdict import check, first_reason, judge
from ..words import fraction


@claim("C10")
def pool_reuses_threads(evidence, bars):
    measured = intervals(evidence.family("overhead"), time_ns)

    def cost(model):
        return next((m.value for m in measured if m.name.segments[1:2] == (model,)), None)

    def missing():
        yield evidence.errored("^overhead/(pool|thread)/", "overhead")
        if cost("pool") is None or cost("thread") is None:
            yield "the overhead family did not price both pool and thread tasks"
    reason = first_reason(missing())
    if reason:
        return evidence.not_measured(reason)
    bar = bars["pool_over_thread"]
    share, sampling = paired_family.ratio_or(evidence.paired_ratios, "overhead/pool/thread",
                                             ratio_interval(cost("pool"), cost("thread")))
    how = paired_family.note(sampling)
    status = at_most(share, bar)
    said = f"more than {fraction(bar)}" if status == NO else f"against {fraction(bar)}"
    return judge(evidence.load, True,
                 [check(status, f"a task in the pool cost {said} of one with a thread per task: "
                                f"{ratio_text(share)}{how}", sampling is not None)],
                 [f"{m.name.segments[1]}: {time_text(m.value)} per task" for m in measured],
                 lambda: f"a task costs {time_text(cost('pool'))} in the pool, {time_text(cost('thread'))} with a "
                         f"thread per task (pool over thread {ratio_text(share)}{how})")
