/*
 * histogram: counts of samples in buckets whose upper edges are powers of
 * two (1, 2, 4, ... 2^SB_HISTOGRAM_TOP_POWER of the caller's unit) and one
 * overflow bucket above them. Counts of the same buckets add up, so the
 * histograms of separate runs merge by summing them, which percentiles do
 * not.
 */
#ifndef SLICEBENCH_BASE_HISTOGRAM_H
#define SLICEBENCH_BASE_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

enum {
    SB_HISTOGRAM_TOP_POWER = 20, /* 2^20 us is about a second */
    /* One bucket per power 0..TOP, then the overflow. */
    SB_HISTOGRAM_OVERFLOW = SB_HISTOGRAM_TOP_POWER + 1,
    SB_HISTOGRAM_BUCKETS = SB_HISTOGRAM_OVERFLOW + 1,
};

typedef struct sb_histogram {
    uint64_t counts[SB_HISTOGRAM_BUCKETS];
} sb_histogram;

/* The bucket of `value`: bucket i > 0 holds 2^(i-1) < value <= 2^i, bucket 0
 * everything up to 1 (below 0 too), SB_HISTOGRAM_OVERFLOW everything above
 * 2^SB_HISTOGRAM_TOP_POWER and NaN. */
size_t sb_histogram_bucket(double value);

/* The upper edge of `bucket`: 2^bucket, or INFINITY for the overflow. */
double sb_histogram_upper_edge(size_t bucket);

/* Counts `value` in its bucket. */
void sb_histogram_add(sb_histogram *histogram, double value);

/* The number of values counted. */
uint64_t sb_histogram_total(const sb_histogram *histogram);

#endif
