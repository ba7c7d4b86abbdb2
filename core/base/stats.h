/*
 * stats: order statistics over samples (medians, percentiles), so that every
 * figure the suite derives itself is robust to the odd slow run; and how
 * evenly a resource was shared out; and the interval of a median.
 */
#ifndef SLICEBENCH_BASE_STATS_H
#define SLICEBENCH_BASE_STATS_H

#include <stddef.h>

/* The p-th percentile (0 <= p <= 100) of n > 0 samples, interpolated linearly
 * between closest ranks (the usual "type 7" definition). Sorts `samples`. */
double sb_percentile(double *samples, size_t n, double p);

/* The 50th percentile. Sorts `samples`. */
double sb_median(double *samples, size_t n);

/* The order-statistic interval of the median at `confidence` (0.9 is 90%):
 * [x(k), x(n + 1 - k)] of the sorted samples covers the true median unless k
 * or more fall on one side of it, which happens with probability
 * 2 P(Binomial(n, 1/2) < k). The rank is the largest k (at most (n + 1) / 2)
 * that keeps this at 1 - confidence or less; 0 when even [min, max] misses
 * more often (n = 4 at 0.9). The analysis's median_interval
 * (scripts/analysis/stats/intervals.py) takes the same rank. */
size_t sb_median_rank(size_t n, double confidence);

/* Jain's fairness index of n shares: (sum x)^2 / (n * sum x^2). 1 when every
 * share is equal (all zero included), down to 1/n when one took everything. */
double sb_jain_index(const double *shares, size_t n);

#endif
