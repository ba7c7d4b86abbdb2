/*
 * paired: one ratio of two measurements (a model's rate over seq's, one
 * cost over another), measured in short alternating slices, a then b, b
 * then a, so that load which comes and goes over seconds lands on both
 * sides of each pair and cancels in its ratio. The figure is the median of
 * the pairs' ratios with its order-statistic interval (base/stats.h), and
 * sampling goes on until that interval lies wholly on one side of each bar
 * the ratio is judged against, or a time cap ends it.
 */
#ifndef SLICEBENCH_PAIRED_H
#define SLICEBENCH_PAIRED_H

#include <stdbool.h>
#include <stdint.h>

/* One side of a ratio: measures one slice and stores its figure in
 * *figure (a rate or a cost, the same kind on both sides). -1, with
 * sb_last_error(), when the slice failed. */
typedef struct sb_paired_side {
    int (*measure)(void *context, double *figure);
    void *context;
} sb_paired_side;

/* A side whose slice is `count` runs of one operation (a round trip, a
 * life): sb_paired_measure_counted is its measure, and its figure the
 * nanoseconds of one run. */
typedef struct sb_paired_counted {
    int (*run)(void *operation, uint64_t count);
    void *operation;
    uint64_t count;
} sb_paired_counted;

int sb_paired_measure_counted(void *counted, double *each_ns);

enum { SB_PAIRED_MAX_COUNT = 1 << 20 };

/* Sets side->count to the runs that take `slice_ns` or more, doubled from
 * one (at most SB_PAIRED_MAX_COUNT); a count stops the doubling only when
 * two slices of it in a row fill `slice_ns`, so that one slice held up by
 * other work does not. -1, with sb_last_error(), when a run failed. */
int sb_paired_size_counted(sb_paired_counted *side, double slice_ns);

typedef struct sb_paired_plan {
    double bar;          /* the ratio is judged against this: decided once the
                            interval does not straddle it */
    double upper_bar;    /* and, for a rule of two sides (within bar to upper_bar),
                            against this too; 0 for none */
    double confidence;   /* the interval's, 0.9 for 90% */
    double cap_s;        /* no pair starts past this many seconds of sampling */
    unsigned max_pairs;  /* nor past this many pairs (at most SB_PAIRED_MAX_PAIRS) */
} sb_paired_plan;

enum { SB_PAIRED_MAX_PAIRS = 1000 };

typedef struct sb_paired_figure {
    double median;          /* of the pairs' ratios, a over b; NAN with no pair */
    double lo, hi;          /* its interval; NAN while the pairs are too few */
    unsigned pairs;         /* that gave a ratio */
    unsigned void_pairs;    /* that gave none: a side's figure was not above 0 */
    double sampling_s;      /* from the first slice to the last */
    double others_cpu_pus;  /* PUs other processes kept busy meanwhile (base/machine_load.h);
                               NAN where /proc cannot be read */
    bool decided;           /* the interval ended wholly on one side of each bar */
} sb_paired_figure;

/* Samples pairs of a and b by `plan` into *figure; max_pairs bounds the
 * pairs measured, void ones among them. -1, with sb_last_error(), when a
 * slice failed or the plan is not one: the pairs measured until then are
 * lost. */
int sb_paired_sample(const sb_paired_side *a, const sb_paired_side *b, const sb_paired_plan *plan,
                     sb_paired_figure *figure);

#endif
