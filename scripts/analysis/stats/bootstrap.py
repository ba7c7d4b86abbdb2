"""The percentile bootstrap over repetitions: each point's repetitions drawn
again with replacement, a statistic taken of every draw, and the interval
between the order statistics that leave (1 - confidence) / 2 of the draws
on each side. The caller brings its own seeded generator, so that the same
input gives the same interval."""
import math

import numpy


def resampled_medians(samples, resamples: int, rng: numpy.random.Generator):
    """A resamples x len(samples) array: row i holds, for each sample (one
    point's repetitions), the median of its i-th draw with replacement.
    The samples are drawn in order, so the generator's state fixes every row."""
    medians = []
    for sample in samples:
        sample = numpy.asarray(sample, dtype=float)
        draws = sample[rng.integers(0, len(sample), size=(resamples, len(sample)))]
        medians.append(numpy.median(draws, axis=1))
    return numpy.stack(medians, axis=1)


def percentile_interval(values, confidence: float):
    """The percentile interval of values at confidence, as (low, high):
    order statistics, so that an infinite value stays infinite rather than
    turning into NaN."""
    ordered = numpy.sort(values)
    tail = (1.0 - confidence) / 2.0
    # Rounded first, so that 5% of 1000 is 50 and not 49.99999999999999.
    below = round(tail * len(ordered), 9)
    low = ordered[int(math.floor(below))]
    high = ordered[int(math.ceil(len(ordered) - below)) - 1]
    return float(low), float(high)
