/*
 * The noise family: how busy the machine was with other work over the run,
 * so that every results file carries the load its figures were taken under
 * and the claims can tell a busy machine from a finding.
 *
 * It registers last. At registration, just before the first benchmark, it
 * marks the machine's counters and samples the other runnable tasks for a
 * tenth of a second; its one row, noise/over_run/iterations:1/real_time,
 * run after every other family, measures from that mark:
 *
 *   others_cpu_pus          CPU time of every other process over the run,
 *                           per second: PUs they kept busy on average
 *   steal_share             time the hypervisor took, over all CPU time
 *   runnable_others_before  mean runnable tasks other than the suite's,
 *   runnable_others_after   sampled while the suite was idle
 *   load_avg_1m_before/_after, pus, run_s
 *
 * The context gets noise_load_avg_before (the three load averages) and
 * noise_governor (the CPU frequency governor, "none" without one).
 */
#include "suite.h"

#include "base/error.h"
#include "base/machine_load.h"
#include "gbench.h"

#include <stdio.h>

/* How long the other runnable tasks are sampled, before and after. */
static const double RUNNABLE_SAMPLE_S = 0.1;

typedef struct noise_start {
    sb_machine_mark mark;
    double runnable_others;
    unsigned pus;
} noise_start;

/* Its one iteration samples the runnable tasks. */
static sb_gbench_cost sample_cost(const void *arg, int64_t value)
{
    (void)arg, (void)value;
    return (sb_gbench_cost){.iteration_s = RUNNABLE_SAMPLE_S};
}

static void bench_over_run(sb_gbench_state *state, const void *arg)
{
    const noise_start *start = arg;
    if (start->runnable_others < 0) {
        sb_gbench_fail(state, "the machine's load could not be read when the run began");
        return;
    }
    sb_machine_mark now;
    double runnable_after = 0;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        runnable_after = sb_machine_runnable_others(RUNNABLE_SAMPLE_S);
        if (runnable_after < 0 || sb_machine_mark_now(&now) != 0) {
            sb_gbench_fail(state, sb_last_error());
            return;
        }
    }
    sb_machine_load load = sb_machine_load_between(&start->mark, &now);
    sb_gbench_counter(state, "others_cpu_pus", load.others_cpu_pus, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "steal_share", load.steal_share, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "runnable_others_before", start->runnable_others, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "runnable_others_after", runnable_after, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "load_avg_1m_before", start->mark.load_avg[0], SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "load_avg_1m_after", now.load_avg[0], SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "pus", start->pus, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "run_s", load.run_s, SB_GBENCH_COUNTER_PLAIN);
}

void sb_noise_register(sb_suite *suite)
{
    noise_start start = {.pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU)};
    char text[128];
    start.runnable_others = sb_machine_runnable_others(RUNNABLE_SAMPLE_S);
    if (start.runnable_others >= 0 && sb_machine_mark_now(&start.mark) == 0) {
        snprintf(text, sizeof text, "%.2f %.2f %.2f", start.mark.load_avg[0], start.mark.load_avg[1],
                 start.mark.load_avg[2]);
        sb_gbench_add_context("noise_load_avg_before", text);
    } else {
        start.runnable_others = -1;
    }
    sb_gbench_add_context("noise_governor", sb_machine_governor(text, sizeof text));
    sb_gbench_options options = {.real_time = true, .iterations = 1, .unit = SB_GBENCH_S, .cost = sample_cost};
    sb_gbench_register("noise/over_run", bench_over_run, sb_suite_keep(suite, &start, sizeof start), &options);
}
