/*
 * stats: order statistics over samples (medians, percentiles), so that every
 * figure the suite derives itself is robust to the odd slow run; and how
 * evenly a resource was shared out.
 */
#ifndef SLICEBENCH_BASE_STATS_H
#define SLICEBENCH_BASE_STATS_H

#include <stddef.h>

/* The p-th percentile (0 <= p <= 100) of n > 0 samples, interpolated linearly
 * between closest ranks (the usual "type 7" definition). Sorts `samples`. */
double sb_percentile(double *samples, size_t n, double p);

/* The 50th percentile. Sorts `samples`. */
double sb_median(double *samples, size_t n);

/* Jain's fairness index of n shares: (sum x)^2 / (n * sum x^2). 1 when every
 * share is equal (all zero included), down to 1/n when one took everything. */
double sb_jain_index(const double *shares, size_t n);

#endif
