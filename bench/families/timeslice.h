/*
 * timeslice: what the timeslice family (timeslice.c) reports over all of a
 * benchmark's rounds: the sums its counters are means of, and its probe's
 * lateness, a histogram of the wake-ups in microseconds and the percentiles
 * a reader compares.
 */
#ifndef SLICEBENCH_FAMILIES_TIMESLICE_H
#define SLICEBENCH_FAMILIES_TIMESLICE_H

#include "base/histogram.h"
#include "probes/timeslice.h"

#include <stddef.h>

/* The series' fewest and most spinners per PU, the ends C2 compares. */
enum { SB_TIMESLICE_FEWEST_PER_PU = 1, SB_TIMESLICE_MOST_PER_PU = 64 };

/* Sums over the rounds of a run; rates are summed per round and averaged. */
typedef struct sb_timeslice_totals {
    double first_turns_s, window_s, steps, fairness, voluntary_per_s, involuntary_per_s, scheduler_rounds, shortfall;
    unsigned rounds;
    double *lateness_ns; /* every round's probe samples, one after another; the caller frees it */
    size_t probe_samples;
    sb_probe_setting probe_setting; /* the last round's */
} sb_timeslice_totals;

/* What starting `spinners` spinners of `kind` costs at the run's price of
 * a thread or a process (scaling_plan.h); 0 where none was measured. */
double sb_timeslice_start_s(sb_spinner_kind kind, double spinners);

/* Adds a round of `spinners` spinners to `totals` (zeroed before the first):
 * each spinner's switches per second of its own spinning, the Jain index of
 * their steps in the window (`shares` is room for one each), and the probe's
 * samples after the earlier rounds'. 0, or -1 out of memory. */
int sb_timeslice_add_round(sb_timeslice_totals *totals, const sb_timeslice_result *result, unsigned spinners,
                           double *shares);

/* What a run of rounds reports, each figure its rounds' mean but the
 * steps per second, the steps over the windows' seconds. */
typedef struct sb_timeslice_means {
    double first_turns_ms, window_ms, scheduler_rounds, steps_per_second, fairness, voluntary_per_s,
        involuntary_per_s, probe_wakeups, probe_shortfall;
} sb_timeslice_means;

/* The means of `totals`, which must hold a round or more. */
sb_timeslice_means sb_timeslice_means_of(const sb_timeslice_totals *totals);

typedef struct sb_timeslice_lateness {
    sb_histogram histogram_us; /* every wake-up */
    double p50_us, p99_us, p999_us, max_us;
} sb_timeslice_lateness;

/* Of `count` latenesses in nanoseconds (sorts them); with none, an empty
 * histogram and percentiles of 0, which the family does not report. */
void sb_timeslice_lateness_of(double *lateness_ns, size_t count, sb_timeslice_lateness *lateness);

#endif
