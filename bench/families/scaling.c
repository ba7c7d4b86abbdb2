/*
 * The scaling family: jobs of tasks run by each model with 1 to many
 * workers under each placement; items_per_second is tasks per second, so
 * speedup = items_per_second / that of the seq model. scaling_plan.h says
 * which worker counts each curve runs and how many tasks each job has.
 *
 * Names read scaling/<workload>/<model>/<placement>/workers:<n>/real_time.
 * Workloads left out of --pinned-workloads run under placement none alone.
 * Each row carries what a curve's knee and bound are derived from: its
 * task duration and its costs per task.
 *
 * Each workload is sized for the task duration and opened (its server, its
 * file) at the first run of one of its curves, once for the whole run,
 * outside the timed loops. The fixed costs are priced once, at
 * registration: they choose each curve's worker counts, which are in the
 * benchmarks' names.
 */
#include "suite.h"

#include "base/error.h"
#include "gbench.h"
#include "scaling_plan.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct scaling_case {
    sb_suite *suite;
    const sb_scaling_costs *costs;
    const sb_workload *workload;
    sb_scaling_curve curve;
    sb_scaling_axis axis;
} scaling_case;

typedef struct job_totals {
    double wall_s, cpu_s, caller_cpu_s;
    long voluntary_switches, involuntary_switches, peak_rss_kb;
    unsigned jobs;
} job_totals;

static void add_job(job_totals *totals, const sb_job_result *result)
{
    totals->wall_s += result->wall_s;
    totals->cpu_s += result->cpu_s;
    totals->caller_cpu_s += result->caller_cpu_s;
    totals->voluntary_switches += result->voluntary_switches;
    totals->involuntary_switches += result->involuntary_switches;
    if (result->peak_rss_kb > totals->peak_rss_kb)
        totals->peak_rss_kb = result->peak_rss_kb;
    totals->jobs++;
}

static void counter(sb_gbench_state *state, const char *name, double value)
{
    sb_gbench_counter(state, name, value, SB_GBENCH_COUNTER_PLAIN);
}

/* A point's counters, over the jobs of its run. */
static void report(sb_gbench_state *state, const scaling_case *c, const job_totals *totals, unsigned workers,
                   unsigned tasks)
{
    double task_runs = (double)totals->jobs * tasks;
    double fixed_s = totals->jobs * sb_scaling_fixed_s(c->costs, c->curve.model, workers, tasks);
    double fixed_share = totals->wall_s > 0 && fixed_s < totals->wall_s ? fixed_s / totals->wall_s : 1;
    sb_gbench_items_processed(state, (int64_t)task_runs);
    counter(state, "workers", workers);
    counter(state, "tasks", tasks);
    counter(state, "task_us", (double)c->curve.task_ns / 1e3);
    /* How many cores the job kept busy on average: ~workers for CPU-bound
     * work that scales, ~0 for work that waits. */
    counter(state, "cores_busy", totals->wall_s > 0 ? totals->cpu_s / totals->wall_s : 0);
    counter(state, "cpu_us_per_task", totals->cpu_s / task_runs * 1e6);
    counter(state, "caller_cpu_us_per_task", totals->caller_cpu_s / task_runs * 1e6);
    /* What starting its workers and the caller's per-task starts took of
     * the job, at this machine's measured prices. */
    counter(state, "fixed_cost_share", fixed_share);
    counter(state, "voluntary_switches_per_task", (double)totals->voluntary_switches / task_runs);
    counter(state, "involuntary_switches_per_task", (double)totals->involuntary_switches / task_runs);
    counter(state, "peak_rss_kb", (double)totals->peak_rss_kb);
}

static void bench_scaling(sb_gbench_state *state, const void *arg)
{
    const scaling_case *c = arg;
    unsigned workers = (unsigned)sb_gbench_arg(state);
    sb_placement *placement = sb_placement_plan(c->suite->topology, c->curve.policy, workers);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    sb_job job = {
        .workload = c->workload,
        .size = sb_suite_workload_size(c->suite, sb_workload_index(c->workload), c->curve.task_ns),
        .tasks = sb_scaling_tasks(c->suite, c->costs, &c->curve, workers),
        .workers = workers,
        .placement = placement,
    };
    job_totals totals = {0};
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; i < iterations; i++) {
            sb_job_result result;
            if (sb_model_run(c->curve.model, &job, &result, NULL) != 0) {
                sb_gbench_fail(state, sb_last_error());
                break;
            }
            add_job(&totals, &result);
        }
    }
    if (totals.jobs > 0)
        report(state, c, &totals, workers, job.tasks);
    sb_placement_free(placement);
}

/* One job per iteration; a run sizes its workload before its loop, once
 * for the whole run (0 here). */
static sb_gbench_cost job_cost(const void *arg, int64_t workers)
{
    const scaling_case *c = arg;
    unsigned pus = sb_topology_count(c->suite->topology, HWLOC_OBJ_PU);
    unsigned tasks = sb_scaling_tasks(c->suite, c->costs, &c->curve, (unsigned)workers);
    return (sb_gbench_cost){
        .iteration_s = sb_scaling_job_s(pus, c->costs, &c->curve, (unsigned)workers, tasks),
        .spare = sb_scaling_spare(pus, c->axis.workers, c->axis.count, workers),
    };
}

static void register_curve(const scaling_case *c)
{
    char name[160];
    snprintf(name, sizeof name, "scaling/%s/%s/%s", c->workload->name, c->curve.model->name,
             sb_placement_policy_name(c->curve.policy));
    if (c->axis.stop[0]) {
        char key[200];
        snprintf(key, sizeof key, "scaling_stop/%s/%s/%s", c->workload->name, c->curve.model->name,
                 sb_placement_policy_name(c->curve.policy));
        sb_gbench_add_context(key, c->axis.stop);
    }
    if (c->axis.count == 0)
        return;
    sb_gbench_options options = {
        .arg_name = "workers",
        .args = c->axis.workers,
        .arg_count = c->axis.count,
        .real_time = true,
        .unit = SB_GBENCH_MS,
        .cost = job_cost,
    };
    sb_gbench_register(name, bench_scaling, c, &options);
}

void sb_scaling_register(sb_suite *suite)
{
    const sb_scaling_costs *kept_costs = sb_scaling_costs_of_run();
    if (!kept_costs) {
        fprintf(stderr, "slicebench: the scaling family cannot price a thread, process or coroutine: %s\n",
                sb_last_error());
        exit(1);
    }
    char text[160];
    sb_gbench_add_context("scaling_unit_costs", sb_scaling_costs_describe(kept_costs, text, sizeof text));

    for (unsigned w = 0; sb_workloads[w]; w++) {
        if (!sb_suite_has(suite->workloads, w))
            continue;
        const sb_workload *workload = sb_workloads[w];
        bool pinned = sb_suite_has(suite->pinned_workloads, w);
        for (unsigned m = 0; sb_models[m]; m++) {
            const sb_model *model = sb_models[m];
            /* seq has one worker and is the baseline: one run, unpinned. */
            bool baseline = model == &sb_model_seq;
            if (!sb_suite_has(suite->models, m))
                continue;
            for (unsigned p = 0; p < SB_PLACE_POLICY_COUNT; p++) {
                if (!sb_suite_has(suite->placements, p) || ((baseline || !pinned) && p != SB_PLACE_NONE))
                    continue;
                scaling_case c = {
                    .suite = suite,
                    .costs = kept_costs,
                    .workload = workload,
                    .curve = sb_scaling_curve_of(model, workload, (sb_placement_policy)p, suite->task_ns),
                };
                if (baseline)
                    c.axis = (sb_scaling_axis){.workers = {1}, .count = 1};
                else
                    sb_scaling_axis_plan(suite, kept_costs, &c.curve, &c.axis);
                register_curve(sb_suite_keep(suite, &c, sizeof c));
            }
        }
    }
}
