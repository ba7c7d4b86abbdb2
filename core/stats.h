/*
 * stats: order statistics over samples (medians, percentiles), so that every
 * figure the suite derives itself is robust to the odd slow run.
 */
#ifndef SLICEBENCH_STATS_H
#define SLICEBENCH_STATS_H

#include <stddef.h>

/* The p-th percentile (0 <= p <= 100) of n > 0 samples, interpolated linearly
 * between closest ranks (the usual "type 7" definition). Sorts `samples`. */
double sb_percentile(double *samples, size_t n, double p);

/* The 50th percentile. Sorts `samples`. */
double sb_median(double *samples, size_t n);

#endif
