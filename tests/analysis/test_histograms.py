import math

import pytest

from analysis import histograms, results
from documents import document, row


def rows(*buckets):
    """One repetition per dict of {edge: count} ("inf" for the last bucket)."""
    name = "timeslice/thread/pus:2/spinners:8/iterations:1"
    made = []
    for i, counts in enumerate(buckets):
        counters = {f"probe_hist_le_{edge:07d}us" if edge != "inf" else "probe_hist_le_inf": count
                    for edge, count in counts.items()}
        made.append(row(name, repetition=i, probe_p99_us=1.0, **counters))
    return results.table(document(made)).rows


def test_repetitions_merge_bucket_by_bucket():
    merged = histograms.merged(rows({1: 2, 2: 3}, {1: 1, 4: 5, "inf": 1}))
    assert merged == [(1.0, 3), (2.0, 3), (4.0, 5), (math.inf, 1)]


def test_a_percentile_is_the_bucket_that_holds_it():
    histogram = [(1.0, 50), (2.0, 40), (4.0, 9), (8.0, 1)]
    assert histograms.percentile(histogram, 0.5) == (0.0, 1.0)
    assert histograms.percentile(histogram, 0.51) == (1.0, 2.0)
    assert histograms.percentile(histogram, 0.99) == (2.0, 4.0)
    assert histograms.percentile(histogram, 0.999) == (4.0, 8.0)


def test_empty_buckets_never_hold_a_percentile():
    assert histograms.percentile([(1.0, 0), (2.0, 0), (4.0, 10)], 0.5) == (2.0, 4.0)
    # not even the 0th: the least late sample is in the first bucket that holds one
    assert histograms.percentile([(1.0, 0), (2.0, 3)], 0.0) == (1.0, 2.0)
    assert histograms.percentile([(1.0, 0)], 0.5) is None


def test_one_sample_holds_every_percentile():
    assert histograms.percentile([(1.0, 0), (2.0, 1)], 0.5) == (1.0, 2.0)


def test_the_whole_share_is_the_last_bucket_that_holds_a_sample_and_more_is_refused():
    assert histograms.percentile([(1.0, 2), (2.0, 1), (4.0, 0)], 1.0) == (1.0, 2.0)
    with pytest.raises(ValueError, match="no bucket holds a share of 1.5"):
        histograms.percentile([(1.0, 2), (2.0, 1)], 1.5)


def test_the_summary_counts_its_samples_and_writes_the_last_edge_as_none():
    made = histograms.summary(rows({1: 98}, {"inf": 2}))
    assert made["samples"] == 100
    assert made["edges_us"] == [1.0, None] and made["counts"] == [98, 2]
    assert made["p50_us"] == [0.0, 1.0] and made["p99_us"] == [1.0, None]


def test_rows_without_buckets_have_no_histogram():
    assert histograms.summary(results.table(document([row("switch/x")])).rows) is None


def test_the_summary_gives_each_percentile_the_bucket_of_its_own_share():
    # 1,000 samples: the 40th and the 50th percentiles, the 79th and the
    # 99th, the 99th and the 99.9th each fall in buckets of their own.
    made = histograms.summary(rows({1: 400, 2: 100, 4: 489, 8: 1, 16: 9, "inf": 1}))
    assert (made["p50_us"], made["p99_us"], made["p999_us"]) == ([1.0, 2.0], [4.0, 8.0], [8.0, 16.0])
