/*
 * The paired family's weights for C7 (paired.c): a heavier operation over a
 * lighter one (paired_rows.h's counted rows): a switch to a process over one
 * to a thread, both ping-pongs started at once on the same PUs, in slices
 * of as many runs as take SB_PAIRED_ROW_SLICE_NS of the thread's; and, each
 * side sized to its own slice, a switch to a thread over a coroutine
 * switch, hundreds of times lighter, and a life over a lighter one, ten
 * times lighter and more.
 */
#include "families/paired_rows.h"

#include "base/error.h"
#include "families/ctxswitch.h"
#include "probes/coro_pingpong.h"
#include "probes/lifecycle.h"
#include "probes/pingpong.h"

#include <stdio.h>

/* The ping-pongs of one channel and one placement of their parties. */
typedef struct switch_case {
    const sb_topology *topology;
    sb_pingpong_channel channel;
    sb_placement_policy policy;
} switch_case;

static int run_rounds(void *pingpong, uint64_t count)
{
    return sb_pingpong_rounds(pingpong, count);
}

static int run_coro_rounds(void *pingpong, uint64_t count)
{
    return sb_coro_pingpong_rounds(pingpong, count);
}

/* A process switch over its thread twin. */
static void bench_twins(sb_gbench_state *state, const void *arg)
{
    const switch_case *c = arg;
    sb_placement *placement = sb_placement_plan(c->topology, c->policy, 2);
    sb_pingpong *thread = placement ? sb_pingpong_start(c->channel, SB_PINGPONG_THREAD, placement) : NULL;
    sb_pingpong *process = thread ? sb_pingpong_start(c->channel, SB_PINGPONG_PROCESS, placement) : NULL;
    bool failed = !process;
    if (failed) {
        sb_gbench_fail(state, sb_last_error());
    } else {
        sb_paired_counted heavier = {run_rounds, process, 0}, lighter = {run_rounds, thread, 0};
        failed = !sb_paired_row_sample_counted(state, &heavier, &lighter, SB_PAIRED_ROW_SIZE_AS_B,
                                               SB_BAR_C7_PROCESS_OVER_THREAD_SWITCH);
    }
    /* Each start bound the caller anew: finished in the other order, each puts back the binding before it. */
    bool finished = !process || sb_pingpong_finish(process, NULL) == 0;
    finished = (!thread || sb_pingpong_finish(thread, NULL) == 0) && finished;
    if (!finished && !failed)
        sb_gbench_fail(state, sb_last_error());
    sb_placement_free(placement);
}

/* A thread switch over a coroutine switch, the coroutines in the caller's
 * thread, bound where the thread ping-pong bound it. */
static void bench_thread_switch(sb_gbench_state *state, const void *arg)
{
    const switch_case *c = arg;
    sb_placement *placement = sb_placement_plan(c->topology, c->policy, 2);
    sb_pingpong *thread = placement ? sb_pingpong_start(c->channel, SB_PINGPONG_THREAD, placement) : NULL;
    sb_coro_pingpong *coroutine = thread ? sb_coro_pingpong_start() : NULL;
    bool failed = !coroutine;
    if (failed) {
        sb_gbench_fail(state, sb_last_error());
    } else {
        sb_paired_counted heavier = {run_rounds, thread, 0}, lighter = {run_coro_rounds, coroutine, 0};
        failed = !sb_paired_row_sample_counted(state, &heavier, &lighter, SB_PAIRED_ROW_SIZE_EACH, SB_BAR_C7_HEAVIER);
        sb_coro_pingpong_finish(coroutine);
    }
    if (thread && sb_pingpong_finish(thread, NULL) != 0 && !failed)
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
    sb_paired_row_sample_counted(state, &heavier, &lighter, SB_PAIRED_ROW_SIZE_EACH, SB_BAR_C7_HEAVIER);
}

void sb_paired_weights_register(sb_suite *suite, unsigned pus)
{
    static const struct {
        const char *kind;
        sb_gbench_fn fn;
    } switches[] = {{"ctxswitch", bench_twins}, {"thread_switch", bench_thread_switch}};
    char name[128];
    for (size_t k = 0; k < sizeof switches / sizeof switches[0]; k++) {
        for (unsigned ch = 0; ch < SB_PINGPONG_CHANNEL_COUNT; ch++) {
            for (size_t w = 0; w < SB_CTXSWITCH_WHERES; w++) {
                const sb_ctxswitch_where *where = &sb_ctxswitch_wheres[w];
                if (pus < where->min_pus)
                    continue;
                switch_case c = {suite->topology, (sb_pingpong_channel)ch, where->policy};
                snprintf(name, sizeof name, "paired/%s/%s/%s", switches[k].kind,
                         sb_pingpong_channel_name(c.channel), where->name);
                sb_paired_row_register(suite, name, switches[k].fn, &c, sizeof c, sb_paired_row_counted_cost);
            }
        }
    }
    for (size_t l = 0; l < sizeof lives / sizeof lives[0]; l++) {
        snprintf(name, sizeof name, "paired/spawn/%s/%s", sb_lifecycle_unit_name(lives[l][0]),
                 sb_lifecycle_unit_name(lives[l][1]));
        sb_paired_row_register(suite, name, bench_lives, lives[l], sizeof lives[l], sb_paired_row_counted_cost);
    }
}
