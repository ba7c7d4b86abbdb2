"""Latency histograms merged over repetitions. Percentiles of separate runs
cannot be combined; histograms can. A row stores its probe's lateness as
counters probe_hist_le_<E>us (E = 1, 2, 4, ... microseconds: the wake-ups
later than E/2 and at most E late; the first holds everything up to 1 us)
and probe_hist_le_inf (later than the last edge). Adding the counts bucket by
bucket merges the repetitions; a percentile of the merged histogram is known
to within its bucket, a factor of two, and is given as that bucket's edges."""
import math
import re
from typing import Optional

BUCKET = re.compile(r"^probe_hist_le_(?:([0-9]+)us|(inf))$")
PERCENTILES = {"p50_us": 0.5, "p99_us": 0.99, "p999_us": 0.999}


def _edge(key: str) -> Optional[float]:
    """A bucket's upper edge in microseconds (inf for the last), None for no bucket."""
    match = BUCKET.match(key)
    if not match:
        return None
    return float(match.group(1)) if match.group(1) else math.inf


def merged(rows) -> list:
    """[(upper edge in us, count)] by rising edge, summed over the rows; [] when they carry none."""
    counts = {}
    for row in rows:
        for key, value in row.counters.items():
            edge = _edge(key)
            if edge is not None and value is not None:
                counts[edge] = counts.get(edge, 0) + value
    return sorted(counts.items())


def percentile(histogram: list, share: float) -> Optional[tuple]:
    """The (lower, upper) edges in us of the bucket that holds the given share
    (0 to 1) of the samples, counted from the least late; None for an empty
    histogram. ValueError for a share past 1, which no bucket holds."""
    total = sum(count for _, count in histogram)
    if total <= 0:
        return None
    wanted, seen, lower = share * total, 0, 0.0
    for upper, count in histogram:
        seen += count
        if seen >= wanted and count > 0:
            return lower, upper
        lower = upper
    raise ValueError(f"no bucket holds a share of {share} of the samples")


def summary(rows) -> Optional[dict]:
    """The merged histogram of the rows and its percentiles' buckets, for
    analysis.json (an infinite edge written as None); None without buckets."""
    histogram = merged(rows)
    if not histogram:
        return None
    finite = lambda edge: None if math.isinf(edge) else edge
    made = {"samples": sum(count for _, count in histogram),
            "edges_us": [finite(edge) for edge, _ in histogram], "counts": [count for _, count in histogram]}
    for name, share in PERCENTILES.items():
        bucket = percentile(histogram, share)
        made[name] = None if bucket is None else [finite(bucket[0]), finite(bucket[1])]
    return made
