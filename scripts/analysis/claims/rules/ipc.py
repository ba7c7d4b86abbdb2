"""C8: shared memory through a C-level channel beats a socket-backed manager
process. Every ipc benchmark run both ways (a shared-memory row, shared_list
or shm..., and a manager row alike in the rest of their name): the
manager's time over the shared memory's above the bar, the paired
family's figure where it ran (the two measured in alternating slices). The
round trip of each transport at the smallest size is shown beside."""
import re

from .. import claim
from ... import paired as paired_family
from ...results import Failure
from ...fmt import ratio_text, speed, time_text
from ...stats.intervals import NO, above, ratio_interval
from ..evidence import intervals, paired, time_ns
from ..verdict import check, errored_reason, first_reason, judge

SHARED, MANAGER = "^(shared_list|shm)", "^manager$"


def _failed_pairs(evidence, measured) -> list:
    """The failed rows that would have been in a comparison, by name."""
    failed = [f for f in evidence.results.failures if f.name.family == "ipc"]
    in_pairs = {item.name.short: item for pair in paired(measured + failed, SHARED, MANAGER)
                for item in (pair.a, pair.b) if isinstance(item, Failure)}
    return [in_pairs[short] for short in sorted(in_pairs)]


def _round_trips(measured) -> list:
    trips = [m for m in measured if m.name.segments[1:2] == ("round_trip",) and m.name.concurrency is not None]
    smallest = min((m.name.concurrency for m in trips), default=None)
    return [f"round trip of {m.name.concurrency} bytes over {m.name.segments[2]}: {time_text(m.value)}"
            for m in trips if m.name.concurrency == smallest]


def _shared(pair) -> str:
    return next(s for s in pair.a.name.segments if re.search(SHARED, s))


def _faster_check(pair, ratio, sampling, bar):
    status = above(ratio, bar)
    said = "was not faster than" if status == NO else "against"
    return check(status, f"{pair.key}: {_shared(pair)} {said} the manager, manager over {_shared(pair)} "
                         f"{ratio_text(ratio)}{paired_family.note(sampling)}", sampling is not None)


@claim("C8")
def shared_memory_faster(evidence, bars):
    measured = intervals(evidence.family("ipc"), time_ns)
    pairs = paired(measured, SHARED, MANAGER)
    trips = _round_trips(measured)

    def missing():
        yield errored_reason(_failed_pairs(evidence, measured), "ipc")
        if not measured:
            yield "the ipc family is not in the results"
        if not pairs:
            yield "the ipc family has no shared-memory and manager rows alike in the rest of their name"
    reason = first_reason(missing())
    if reason:
        return evidence.not_measured(reason, trips)

    # The manager's time over shared memory's, and its sampling.
    ratios = [paired_family.ratio_or(evidence.paired_ratios, p.key, ratio_interval(p.b.value, p.a.value))
              for p in pairs]

    def holds():
        speedups = [ratio.median for ratio, _ in ratios]
        return (f"shared memory was faster in all {len(pairs)} comparisons, "
                f"by {speed(min(speedups))} to {speed(max(speedups))}")
    return judge(evidence.load, True,
                 [_faster_check(p, ratio, sampling, bars["manager_over_shared"])
                  for p, (ratio, sampling) in zip(pairs, ratios)],
                 [f"{p.key}: {_shared(p)} {time_text(p.a.value)}, manager {time_text(p.b.value)} "
                  f"({ratio_text(ratio)}{paired_family.note(sampling)})" for p, (ratio, sampling) in zip(pairs, ratios)]
                 + trips,
                 holds)
