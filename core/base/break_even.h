/*
 * break_even: the task duration from which a model pays, read off its
 * measured speedup curve (speedup over doing the same tasks in turn, against
 * task duration): where the curve crosses 1 for the last time, upward.
 *
 * The last upward crossing, because the question is "from what duration on
 * is it worth it": a curve that dips below 1 again (noise, or a cost that
 * grows with duration) breaks even only after its last dip. Between the two
 * measured points around the crossing the curve is taken as a straight line
 * in log duration and log speedup, the axes it is drawn on, so the break-even
 * lies on the drawn line. A speedup of exactly 1 counts as paying.
 */
#ifndef SLICEBENCH_BASE_BREAK_EVEN_H
#define SLICEBENCH_BASE_BREAK_EVEN_H

#include <stddef.h>

typedef enum sb_break_even_kind {
    SB_BREAK_EVEN_WITHIN,      /* crosses 1 inside the measured range, at `duration` */
    SB_BREAK_EVEN_BELOW_RANGE, /* speedup >= 1 at every duration measured */
    SB_BREAK_EVEN_ABOVE_RANGE, /* speedup < 1 at the longest duration measured */
} sb_break_even_kind;

typedef struct sb_break_even {
    sb_break_even_kind kind;
    double duration; /* in the durations' unit; set only when kind is WITHIN */
} sb_break_even;

/* Reads n >= 1 points (durations[i], speedups[i]), durations rising strictly,
 * every value finite and > 0, into *out. -1, leaving *out alone, when the
 * points are not so. */
int sb_break_even_find(const double *durations, const double *speedups, size_t n, sb_break_even *out);

#endif
