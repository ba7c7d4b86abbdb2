/*
 * The paired family's weights for C7 (paired.c): a heavier operation over
 * its lighter twin, each slice as many runs of it as take SLICE_NS of the
 * lighter (bench/paired.h's counted sides): a switch to a process over one
 * to a thread, both ping-pongs started at once on the same PUs, and a life
 * over a lighter one.
 */
#include "families/paired_rows.h"

#include "base/error.h"
#include "families/ctxswitch.h"
#include "probes/lifecycle.h"
#include "probes/pingpong.h"

#include <stdio.h>

/* A slice of the lighter side takes about this long. */
#define SLICE_NS 2000000

/* Samples `heavier` over `lighter`, both run as many times a slice as make
 * SLICE_NS of the lighter, against `bar`. */
static void sample_counted(sb_gbench_state *state, sb_paired_counted *heavier, sb_paired_counted *lighter,
                           double bar)
{
    sb_paired_row_settle();
    if (sb_paired_size_counted(lighter, SLICE_NS) != 0) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    heavier->count = lighter->count;
    sb_paired_side a = {sb_paired_measure_counted, heavier}, b = {sb_paired_measure_counted, lighter};
    sb_paired_plan plan = sb_paired_row_plan(bar, 0);
    if (sb_paired_row_sample(state, &a, &b, &plan, "ratio"))
        sb_paired_row_counter(state, "per_slice", (double)lighter->count);
}

/* Both ping-pongs, process and thread partner, on the same channel and PUs. */
typedef struct twin_case {
    const sb_topology *topology;
    sb_pingpong_channel channel;
    sb_placement_policy policy;
} twin_case;

static int run_rounds(void *pingpong, uint64_t count)
{
    return sb_pingpong_rounds(pingpong, count);
}

static void bench_twins(sb_gbench_state *state, const void *arg)
{
    const twin_case *c = arg;
    sb_placement *placement = sb_placement_plan(c->topology, c->policy, 2);
    sb_pingpong *thread = placement ? sb_pingpong_start(c->channel, SB_PINGPONG_THREAD, placement) : NULL;
    sb_pingpong *process = thread ? sb_pingpong_start(c->channel, SB_PINGPONG_PROCESS, placement) : NULL;
    if (!process) {
        sb_gbench_fail(state, sb_last_error());
    } else {
        sb_paired_counted heavier = {run_rounds, process, 0}, lighter = {run_rounds, thread, 0};
        sample_counted(state, &heavier, &lighter, SB_BAR_C7_PROCESS_OVER_THREAD_SWITCH);
    }
    /* Each start bound the caller anew: finished in the other order, each puts back the binding before it. */
    if ((process && sb_pingpong_finish(process, NULL) != 0) || (thread && sb_pingpong_finish(thread, NULL) != 0))
        sb_gbench_fail(state, sb_last_error());
    sb_placement_free(placement);
}

static const sb_lifecycle_unit lives[][2] = {
    {SB_LIFECYCLE_PROCESS, SB_LIFECYCLE_THREAD},
    {SB_LIFECYCLE_THREAD, SB_LIFECYCLE_COROUTINE},
};

static int run_lives(void *unit, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++)
        if (sb_lifecycle_run(*(const sb_lifecycle_unit *)unit) != 0)
            return -1;
    return 0;
}

static void bench_lives(sb_gbench_state *state, const void *arg)
{
    const sb_lifecycle_unit *units = arg;
    sb_paired_counted heavier = {run_lives, (void *)&units[0], 0}, lighter = {run_lives, (void *)&units[1], 0};
    sample_counted(state, &heavier, &lighter, SB_BAR_C7_HEAVIER);
}

/* Priced at its priced pairs of slices, the heavier side's unknown
 * before it runs: as long as the lighter's. */
static sb_gbench_cost counted_cost(const void *arg, int64_t value)
{
    (void)arg;
    (void)value;
    return (sb_gbench_cost){.iteration_s = SB_PAIRED_ROW_PRICED_PAIRS * 2 * SLICE_NS / 1e9,
                            .setup_s = SB_PAIRED_ROW_SETTLE_NS / 1e9};
}

void sb_paired_weights_register(sb_suite *suite, unsigned pus)
{
    char name[128];
    for (unsigned ch = 0; ch < SB_PINGPONG_CHANNEL_COUNT; ch++) {
        for (size_t w = 0; w < SB_CTXSWITCH_WHERES; w++) {
            const sb_ctxswitch_where *where = &sb_ctxswitch_wheres[w];
            if (pus < where->min_pus)
                continue;
            twin_case c = {suite->topology, (sb_pingpong_channel)ch, where->policy};
            snprintf(name, sizeof name, "paired/ctxswitch/%s/%s", sb_pingpong_channel_name(c.channel), where->name);
            sb_paired_row_register(suite, name, bench_twins, &c, sizeof c, counted_cost);
        }
    }
    for (size_t l = 0; l < sizeof lives / sizeof lives[0]; l++) {
        snprintf(name, sizeof name, "paired/spawn/%s/%s", sb_lifecycle_unit_name(lives[l][0]),
                 sb_lifecycle_unit_name(lives[l][1]));
        sb_paired_row_register(suite, name, bench_lives, lives[l], sizeof lives[l], counted_cost);
    }
}
