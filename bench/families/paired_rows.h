/*
 * paired_rows: what the paired family's rows share (paired.c says what each
 * is): the cap on a row's sampling, the pairs a plan prices a row at, the
 * sampler's plan against a claim's bar, a figure's counters, and a row's
 * registration, one iteration run once whatever the repetitions, since its
 * pairs are its samples; and the registration of each kind of row.
 */
#ifndef SLICEBENCH_FAMILIES_PAIRED_ROWS_H
#define SLICEBENCH_FAMILIES_PAIRED_ROWS_H

#include "suite.h"

#include "claim_bars.h"
#include "gbench.h"
#include "paired.h"

#include <stdbool.h>
#include <stddef.h>

/* No row samples past this: a claim it leaves undecided says so. */
#define SB_PAIRED_ROW_CAP_S 6.0
/* The plan prices a row at this many pairs: most decide at the first
 * interval's, some take a few more. */
#define SB_PAIRED_ROW_PRICED_PAIRS (2 * SB_INTERVAL_MIN_SAMPLES)

/* A row waits this long before it samples: after a stretch of CPU-bound
 * work on the main thread (the coroutine model's jobs), the scheduler
 * places the next threads beside one another for a few hundred
 * milliseconds, and a thread model's speedup at 2 PUs measured 1.0x
 * instead of 1.8x until a pause of 0.3 s. */
#define SB_PAIRED_ROW_SETTLE_NS 300000000

/* Waits SB_PAIRED_ROW_SETTLE_NS; each row's function calls it before its
 * timed loop. */
void sb_paired_row_settle(void);

/* The plan of a row judged against `bar` (and `upper_bar`, 0 for none). */
sb_paired_plan sb_paired_row_plan(double bar, double upper_bar);

void sb_paired_row_counter(sb_gbench_state *state, const char *name, double value);

/* The figure as the counter `ratio` (speedup, ratio; left out without a
 * pair) with its interval (<ratio>_lo, <ratio>_hi, left out without one),
 * and how it was sampled: pairs, void_pairs (where some were), sampling_s,
 * decided, bar (and upper_bar), others_cpu_pus. */
void sb_paired_row_report(sb_gbench_state *state, const char *ratio, const sb_paired_plan *plan,
                          const sb_paired_figure *figure);

/* The row's timed loop: samples a over b by `plan` and reports the figure
 * as `ratio` (sb_paired_row_report). false, the row marked failed, when the
 * sampling failed: the caller adds its own counters only on true. */
bool sb_paired_row_sample(sb_gbench_state *state, const sb_paired_side *a, const sb_paired_side *b,
                          const sb_paired_plan *plan, const char *ratio);

/* A counted side's slice (sb_paired_counted) takes about this long. */
#define SB_PAIRED_ROW_SLICE_NS 2000000

/* How the sides of a counted row are sized. */
typedef enum sb_paired_row_sizing {
    /* b's slice takes SB_PAIRED_ROW_SLICE_NS and a's runs as many: for twins,
     * whose ratio is near 1, so that their sides differ only in what each
     * run costs. */
    SB_PAIRED_ROW_SIZE_AS_B,
    /* Each side's slice takes SB_PAIRED_ROW_SLICE_NS: for a ratio of ten
     * and more, where one count would leave a side's slice too short to
     * time or too long to sample. */
    SB_PAIRED_ROW_SIZE_EACH,
} sb_paired_row_sizing;

/* The timed loop of a row of counted sides: sizes them by `sizing`,
 * samples a over b, each side's figure the time of one run, against `bar`,
 * and reports the figure as `ratio` with the runs a slice of each
 * (per_slice, over_per_slice). false, the row marked failed, when a run
 * failed. */
bool sb_paired_row_sample_counted(sb_gbench_state *state, sb_paired_counted *a, sb_paired_counted *b,
                                  sb_paired_row_sizing sizing, double bar);

/* A row of counted sides priced at its priced pairs of slices. */
sb_gbench_cost sb_paired_row_counted_cost(const void *arg, int64_t value);

/* Registers `fn` under `name` with a copy of the `size` bytes of `arg` and
 * its cost, which counts the settling pause as its setup_s. */
void sb_paired_row_register(sb_suite *suite, const char *name, sb_gbench_fn fn, const void *arg, size_t size,
                            sb_gbench_cost (*cost)(const void *arg, int64_t value));

/* Each kind of row (paired_speedups.c, paired_weights.c, paired_costs.c,
 * paired_throughputs.c). */
void sb_paired_speedups_register(sb_suite *suite, unsigned pus);
void sb_paired_weights_register(sb_suite *suite, unsigned pus);
void sb_paired_costs_register(sb_suite *suite, unsigned pus);
void sb_paired_throughputs_register(sb_suite *suite);

#endif
