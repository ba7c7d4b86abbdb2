/*
 * The ctxswitch family: what a switch from one thread, or one process, to
 * another costs, and what creating one costs (claim C7: processes are
 * heavier than threads, coroutines lighter still).
 *
 * ctxswitch/<channel>/<partner>/<where>/real_time is a ping-pong
 * (core/probes/pingpong.h) over a futex word or a pair of pipes between this thread
 * and a partner thread or process, the two on the same PU (same_pu: each
 * hand-off is a switch on one core) or on two PUs as far apart as the
 * machine has (cross_pu: on different cores where there are several, so
 * each hand-off wakes a sleeping core). An iteration is one round trip, which
 * is two switches; the switch_time counter is the time of one, as in the
 * switch family, whose switch/ping_pong/<backend> rows are the coroutines'
 * figure. The caller_pu and partner_pu counters name the PUs (OS indices).
 * ctxswitch/pipe/process/... is what `perf bench sched pipe` measures;
 * scripts/compare_perf_pipe runs the two side by side.
 *
 * ctxswitch/spawn/<unit>/real_time is the life of one thread, process or
 * coroutine that does nothing (core/probes/lifecycle.h) per iteration, so the time
 * column is the cost of one. The creator is not bound: a new thread may
 * start on another PU, as it would in a program. switch/create_destroy is a
 * coroutine that never runs: the difference is its two switches.
 */
#include "families/ctxswitch.h"
#include "suite.h"

#include "base/error.h"
#include "gbench.h"
#include "probes/lifecycle.h"
#include "probes/pingpong.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct pingpong_case {
    const sb_topology *topology;
    sb_pingpong_channel channel;
    sb_pingpong_partner partner;
    sb_placement_policy placement; /* of two workers: single or scatter */
} pingpong_case;

/* C7 judges each over the repetitions. */
static sb_gbench_options options_for(const sb_suite *suite)
{
    return (sb_gbench_options){.real_time = true, .unit = SB_GBENCH_NS, .cost = sb_gbench_short_cost,
                               .min_repetitions = sb_suite_claim_repetitions(suite)};
}

const sb_ctxswitch_where sb_ctxswitch_wheres[SB_CTXSWITCH_WHERES] = {
    {"same_pu", SB_PLACE_SINGLE, 1},
    {"cross_pu", SB_PLACE_SCATTER, 2},
};

static void bench_pingpong(sb_gbench_state *state, const void *arg)
{
    const pingpong_case *c = arg;
    sb_placement *placement = sb_placement_plan(c->topology, c->placement, 2);
    sb_pingpong *pingpong = placement ? sb_pingpong_start(c->channel, c->partner, placement) : NULL;
    if (!pingpong) {
        sb_gbench_fail(state, sb_last_error());
        sb_placement_free(placement);
        return;
    }
    uint64_t iterations, round_trips = 0;
    bool failed = false;
    while (sb_gbench_next_batch(state, &iterations)) {
        failed = sb_pingpong_rounds(pingpong, iterations) != 0;
        round_trips += iterations;
    }
    /* Finishing explains a failed round (why the partner went away). */
    if (sb_pingpong_finish(pingpong, NULL) != 0 || failed) {
        sb_gbench_fail(state, sb_last_error());
    } else {
        sb_gbench_counter(state, "switch_time", 2.0 * (double)round_trips, SB_GBENCH_COUNTER_TIME_EACH);
        sb_gbench_counter(state, "caller_pu", sb_placement_pu(placement, 0), SB_GBENCH_COUNTER_PLAIN);
        sb_gbench_counter(state, "partner_pu", sb_placement_pu(placement, 1), SB_GBENCH_COUNTER_PLAIN);
    }
    sb_placement_free(placement);
}

static void bench_spawn(sb_gbench_state *state, const void *arg)
{
    const sb_lifecycle_unit *unit = arg;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; i < iterations; i++) {
            if (sb_lifecycle_run(*unit) != 0) {
                sb_gbench_fail(state, sb_last_error());
                break;
            }
        }
    }
}

void sb_ctxswitch_register(sb_suite *suite)
{
    sb_gbench_options options = options_for(suite);
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    for (unsigned ch = 0; ch < SB_PINGPONG_CHANNEL_COUNT; ch++) {
        for (unsigned p = 0; p < SB_PINGPONG_PARTNER_COUNT; p++) {
            for (size_t w = 0; w < SB_CTXSWITCH_WHERES; w++) {
                const sb_ctxswitch_where *where = &sb_ctxswitch_wheres[w];
                if (pus < where->min_pus)
                    continue;
                pingpong_case c = {suite->topology, (sb_pingpong_channel)ch, (sb_pingpong_partner)p, where->policy};
                char name[128];
                snprintf(name, sizeof name, "ctxswitch/%s/%s/%s", sb_pingpong_channel_name(c.channel),
                         sb_pingpong_partner_name(c.partner), where->name);
                sb_gbench_register(name, bench_pingpong, sb_suite_keep(suite, &c, sizeof c), &options);
            }
        }
    }
    for (unsigned u = 0; u < SB_LIFECYCLE_UNIT_COUNT; u++) {
        sb_lifecycle_unit unit = (sb_lifecycle_unit)u;
        char name[128];
        snprintf(name, sizeof name, "ctxswitch/spawn/%s", sb_lifecycle_unit_name(unit));
        sb_gbench_register(name, bench_spawn, sb_suite_keep(suite, &unit, sizeof unit), &options);
    }
}
