"""The statistics the analysis, scripts/ab and the history share, none of
which assumes a distribution of the times:

- intervals: the median of repetitions with its order-statistic interval,
  the interval of a ratio of two such figures, and where one lies against
  a bar;
- rank: the Hodges-Lehmann shift between two samples, its Mann-Whitney U
  interval, and an A/B comparison's verdict;
- bootstrap: percentile intervals over medians resampled with replacement;
- changepoints: the steps in a series of runs, by a penalised
  piecewise-constant fit.
"""
from .bootstrap import percentile_interval, resampled_medians
from .changepoints import Segment, Steps, find_steps
from .intervals import (Interval, above, at_least, at_most, below, median, median_interval,
                        order_statistic_rank, ratio_interval)
from .rank import change, hodges_lehmann, shift_interval

__all__ = [
    "Interval", "median", "order_statistic_rank", "median_interval", "ratio_interval",
    "at_least", "above", "at_most", "below",
    "hodges_lehmann", "shift_interval", "change",
    "resampled_medians", "percentile_interval",
    "Segment", "Steps", "find_steps",
]
