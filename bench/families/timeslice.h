/*
 * timeslice: what the timeslice family (timeslice.c) reports of its probe's
 * lateness over all of a benchmark's rounds: a histogram of the wake-ups in
 * microseconds and the percentiles a reader compares.
 */
#ifndef SLICEBENCH_FAMILIES_TIMESLICE_H
#define SLICEBENCH_FAMILIES_TIMESLICE_H

#include "base/histogram.h"

#include <stddef.h>

typedef struct sb_timeslice_lateness {
    sb_histogram histogram_us; /* every wake-up */
    double p50_us, p99_us, p999_us, max_us;
} sb_timeslice_lateness;

/* Of `count` latenesses in nanoseconds (sorts them); with none, an empty
 * histogram and percentiles of 0, which the family does not report. */
void sb_timeslice_lateness_of(double *lateness_ns, size_t count, sb_timeslice_lateness *lateness);

#endif
