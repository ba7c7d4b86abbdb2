"""How far one sample of times moved from another, with no distribution
assumed: the Hodges-Lehmann estimate of the shift, its interval from
Mann-Whitney's U test, and the verdict of an A/B comparison against a
threshold.

Times are compared on a log scale, so a shift is a ratio. The change is the
Hodges-Lehmann estimate of the shift between the two samples, the median of
every head/base ratio of one run each: it uses every run, yet an outlier
moves it no more than any other run. Its CONFIDENCE interval is the set of
shifts that the U test (exact, two-sided) does not reject. Neither assumes a
distribution of the times, which on a busy machine have long tails, and with
9 runs a side the interval holds its stated coverage, where a bootstrap of
so few runs is known to be too narrow. A change is SLOWER when the whole
interval lies above the threshold, FASTER when it lies below minus the
threshold, and else NO_CHANGE past it: a verdict needs the data to rule out
a change within the threshold, so that noise alone, however large, seldom
calls one.
"""
import math
from typing import Sequence

import numpy as np
from scipy.stats import mannwhitneyu

CONFIDENCE = 0.95
SLOWER, FASTER, NO_CHANGE = "slower", "faster", "no change"
VERDICTS = (SLOWER, FASTER, NO_CHANGE)


def hodges_lehmann(head: Sequence[float], base: Sequence[float]) -> float:
    """The shift of head from base: the median of every difference head[i] - base[j]."""
    return float(np.median(np.subtract.outer(head, base)))


def shift_interval(head: Sequence[float], base: Sequence[float], confidence: float = CONFIDENCE):
    """The shifts d for which the U test does not tell head - d from base,
    as (low, high). scipy has the test but not this interval (R's
    wilcox.test(conf.int = TRUE) computes it), so it is found by asking the
    test: its statistic changes only where d crosses a pairwise difference,
    so it is asked once between each two."""
    head, base = np.asarray(head, dtype=float), np.asarray(base, dtype=float)
    differences = np.unique(np.subtract.outer(head, base))
    if len(differences) == 1:
        return differences[0], differences[0]
    between = (differences[:-1] + differences[1:]) / 2
    kept = [i for i, d in enumerate(between)
            if mannwhitneyu(head - d, base, method="exact").pvalue >= 1 - confidence]
    return differences[kept[0]], differences[kept[-1] + 1]


def percent(log_ratio: float) -> float:
    """A shift of log times as a change in percent: +100 is twice as slow."""
    return 100 * math.expm1(log_ratio)


def verdict(low_percent: float, high_percent: float, threshold_percent: float) -> str:
    """Where an interval of changes lies against +-threshold."""
    if low_percent > threshold_percent:
        return SLOWER
    if high_percent < -threshold_percent:
        return FASTER
    return NO_CHANGE


def change(base_ns: Sequence[float], head_ns: Sequence[float], threshold_percent: float) -> dict:
    """How far head's times moved from base's: the change in percent, its
    interval, the U test's p-value for no change, and the verdict."""
    base, head = np.log(base_ns), np.log(head_ns)
    low, high = (percent(end) for end in shift_interval(head, base))
    return {
        "change_percent": percent(hodges_lehmann(head, base)),
        "interval_percent": [low, high],
        "p_value": float(mannwhitneyu(head, base, method="exact").pvalue),
        "verdict": verdict(low, high, threshold_percent),
    }
