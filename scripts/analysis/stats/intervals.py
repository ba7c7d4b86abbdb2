"""Distribution-free intervals over repetitions, and where they lie against a bar.

A figure measured over n repetitions is an Interval: its median and an
interval [x(k), x(n + 1 - k)] of the sorted values, which covers the true
median with probability CONFIDENCE or more whatever the distribution: it
misses only when k or more values fall on one side of the median, which has
probability 2 P(Binomial(n, 1/2) < k). k is the largest rank that keeps that
at 1 - CONFIDENCE or less: [min, max] from 5 to 7 repetitions (93.75% at 5),
the second lowest and highest from 8. Below MIN_REPETITIONS even [min, max]
falls short (87.5% at 4), and lo and hi are None: a rule that needs them is
short of samples.

A quotient of two figures bounds its interval by the worst pairing of their
ends (lo_a / hi_b to hi_a / lo_b), so that it covers the true quotient
whenever both cover theirs.
"""
from dataclasses import dataclass
from math import comb
from typing import Optional, Sequence

CONFIDENCE = 0.9
MIN_REPETITIONS = 5


@dataclass(frozen=True)
class Interval:
    """A figure: the median of n values and its interval (None: too few);
    the values are repetitions, or what `sample` names (a paired figure's pairs)."""
    median: Optional[float]
    lo: Optional[float]
    hi: Optional[float]
    n: int
    sample: str = "repetition"

    @property
    def decided(self) -> bool:
        return self.lo is not None and self.hi is not None

    def to_json(self) -> dict:
        return {"median": self.median, "lo": self.lo, "hi": self.hi, "n": self.n}


def median(values: Sequence[float]) -> Optional[float]:
    """The median, the mean of the middle two for an even count; None for none."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    if n % 2 == 1:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def miss_probability(n: int, k: int) -> float:
    """How often [x(k), x(n + 1 - k)] misses the median: 2 P(Binomial(n, 1/2) < k)."""
    return 2 * sum(comb(n, i) for i in range(k)) / 2 ** n


def order_statistic_rank(n: int, confidence: float = CONFIDENCE) -> int:
    """The largest k whose interval covers the median at `confidence`; 0 for none."""
    ranks = [k for k in range(1, (n + 1) // 2 + 1) if miss_probability(n, k) <= 1 - confidence]
    return max(ranks, default=0)


def median_interval(values: Sequence[float]) -> Interval:
    """The values as a figure: their median and its order-statistic interval."""
    ordered = sorted(values)
    n = len(ordered)
    k = order_statistic_rank(n)
    if k == 0:
        return Interval(median(ordered), None, None, n)
    return Interval(median(ordered), ordered[k - 1], ordered[n - k], n)


def _quotient(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a / b if a is not None and b is not None and b > 0 else None


def _difference(x: Optional[float], y: Optional[float]) -> Optional[float]:
    return None if x is None or y is None else x - y


def difference_interval(a: Interval, b: Interval) -> Interval:
    """a less b: the difference of medians, bounded by the worst pairing of ends."""
    return Interval(_difference(a.median, b.median), _difference(a.lo, b.hi), _difference(a.hi, b.lo),
                    min(a.n, b.n))


def ratio_interval(a: Interval, b: Interval) -> Interval:
    """a over b: the quotient of medians, bounded by the worst pairing of ends."""
    return Interval(_quotient(a.median, b.median), _quotient(a.lo, b.hi), _quotient(a.hi, b.lo), min(a.n, b.n))


# Where an interval lies against a bar: "yes" when all of it is on the side
# asked for, "no" when all of it is on the other, "noisy" when it straddles
# the bar, "few" when there are too few repetitions for an interval.
YES, NO, NOISY, FEW = "yes", "no", "noisy", "few"


def _side(figure: Interval, passes_all, fails_all) -> str:
    if not figure.decided:
        return FEW
    if passes_all(figure):
        return YES
    if fails_all(figure):
        return NO
    return NOISY


def at_least(figure: Interval, bar: float) -> str:
    return _side(figure, lambda f: f.lo >= bar, lambda f: f.hi < bar)


def above(figure: Interval, bar: float) -> str:
    return _side(figure, lambda f: f.lo > bar, lambda f: f.hi <= bar)


def at_most(figure: Interval, bar: float) -> str:
    return _side(figure, lambda f: f.hi <= bar, lambda f: f.lo > bar)


def below(figure: Interval, bar: float) -> str:
    return _side(figure, lambda f: f.hi < bar, lambda f: f.lo >= bar)
