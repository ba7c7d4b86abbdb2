"""The break-even of a model: the task duration from which it pays, read off
its speedup curve (speedup over doing the same tasks in turn, against task
duration) where the curve crosses 1 for the last time, upward.

The last upward crossing, because the question is "from what duration on is
it worth it": a curve that dips below 1 again (noise, or a cost that grows
with duration) breaks even only after its last dip. Between the two measured
points around the crossing the curve is taken as a straight line in log
duration and log speedup, the axes it is drawn on, so the break-even lies on
the drawn line. A speedup of exactly 1 counts as paying.
"""
import math
from typing import Sequence

# A speedup at or above this pays.
PAYS = 1.0


def _check(durations_us: Sequence[float], speedups: Sequence[float]) -> None:
    if not durations_us or len(durations_us) != len(speedups):
        raise ValueError("a break-even needs one speedup per duration, and at least one")
    if not all(math.isfinite(v) and v > 0 for v in (*durations_us, *speedups)):
        raise ValueError("a break-even needs durations and speedups that are finite and above 0")
    if any(later <= earlier for earlier, later in zip(durations_us, durations_us[1:])):
        raise ValueError("a break-even needs durations that rise strictly")


def break_even(durations_us: Sequence[float], speedups: Sequence[float]) -> dict:
    """Where the curve of speedups[i] at durations_us[i] crosses 1 for the
    last time, upward: {"break_even_us": d} when it does within the range;
    {"below_range": True} when every speedup pays; {"above_range": True}
    when the speedup at the longest duration does not. ValueError when the
    points are not n >= 1 pairs of finite values above 0, durations rising
    strictly."""
    _check(durations_us, speedups)
    losing = [i for i, speedup in enumerate(speedups) if speedup < PAYS]
    if not losing:
        return {"below_range": True}
    last = losing[-1]
    if last == len(speedups) - 1:
        return {"above_range": True}
    # speedups[last] < 1 <= speedups[last + 1]: the share of the way from one
    # point to the next, in log speedup, where the line reaches 1.
    low, high = math.log(speedups[last]), math.log(speedups[last + 1])
    share = (math.log(PAYS) - low) / (high - low)
    start, end = math.log(durations_us[last]), math.log(durations_us[last + 1])
    return {"break_even_us": math.exp(start + share * (end - start))}
