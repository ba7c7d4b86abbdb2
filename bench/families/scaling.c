/*
 * The scaling family: a fixed job of `tasks` tasks, run by each model with 1
 * to max_workers workers under each placement. items_per_second is tasks per
 * second, so speedup = items_per_second / that of the seq model.
 *
 * Names read scaling/<workload>/<model>/<placement>/workers:<n>/real_time.
 * Workloads left out of --pinned-workloads run under placement none alone.
 *
 * Each workload is opened once for the whole run (its server, its file),
 * outside the timed loops.
 */
#include "suite.h"

#include "base/error.h"
#include "gbench.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct scaling_case {
    const sb_suite *suite;
    const sb_workload *workload;
    uint64_t size;
    const sb_model *model;
    sb_placement_policy policy;
} scaling_case;

typedef struct job_totals {
    double wall_s, cpu_s;
    long voluntary_switches, involuntary_switches, peak_rss_kb;
    unsigned jobs;
} job_totals;

static void add_job(job_totals *totals, const sb_job_result *result)
{
    totals->wall_s += result->wall_s;
    totals->cpu_s += result->cpu_s;
    totals->voluntary_switches += result->voluntary_switches;
    totals->involuntary_switches += result->involuntary_switches;
    if (result->peak_rss_kb > totals->peak_rss_kb)
        totals->peak_rss_kb = result->peak_rss_kb;
    totals->jobs++;
}

static void report(sb_gbench_state *state, const job_totals *totals, unsigned workers, unsigned tasks)
{
    double task_runs = (double)totals->jobs * tasks;
    sb_gbench_items_processed(state, (int64_t)task_runs);
    sb_gbench_counter(state, "workers", workers, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "tasks", tasks, SB_GBENCH_COUNTER_PLAIN);
    /* How many cores the job kept busy on average: ~workers for CPU-bound
     * work that scales, ~0 for work that waits. */
    sb_gbench_counter(state, "cores_busy", totals->wall_s > 0 ? totals->cpu_s / totals->wall_s : 0,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "voluntary_switches_per_task", (double)totals->voluntary_switches / task_runs,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "involuntary_switches_per_task", (double)totals->involuntary_switches / task_runs,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "peak_rss_kb", (double)totals->peak_rss_kb, SB_GBENCH_COUNTER_PLAIN);
}

static void bench_scaling(sb_gbench_state *state, const void *arg)
{
    const scaling_case *c = arg;
    unsigned workers = (unsigned)sb_gbench_arg(state);
    sb_placement *placement = sb_placement_plan(c->suite->topology, c->policy, workers);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    sb_job job = {
        .workload = c->workload,
        .size = c->size,
        .tasks = c->suite->tasks,
        .workers = workers,
        .placement = placement,
    };
    job_totals totals = {0};
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; i < iterations; i++) {
            sb_job_result result;
            if (sb_model_run(c->model, &job, &result, NULL) != 0) {
                sb_gbench_fail(state, sb_last_error());
                break;
            }
            add_job(&totals, &result);
        }
    }
    if (totals.jobs > 0)
        report(state, &totals, workers, job.tasks);
    sb_placement_free(placement);
}

static int compare_counts(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* 1, 2, 3, 4, 6, 8, 12, 16, 24, ... up to `max`, plus `pus` and `max`
 * themselves: dense where curves bend, sparse where they are straight.
 * `out` needs room for 2 * log2(max) + 4 entries. */
static size_t worker_counts(unsigned max, unsigned pus, int64_t *out)
{
    size_t n = 0;
    out[n++] = max;
    if (pus <= max)
        out[n++] = pus;
    for (unsigned base = 1; base <= max; base *= 2) {
        out[n++] = base;
        if (base + base / 2 <= max)
            out[n++] = base + base / 2;
    }
    qsort(out, n, sizeof *out, compare_counts);
    size_t unique = 0;
    for (size_t i = 0; i < n; i++)
        if (unique == 0 || out[i] != out[unique - 1])
            out[unique++] = out[i];
    return unique;
}

void sb_scaling_register(sb_suite *suite)
{
    int64_t workers[72];
    size_t worker_count = worker_counts(suite->max_workers, sb_topology_count(suite->topology, HWLOC_OBJ_PU), workers);
    static const int64_t one_worker[] = {1};

    for (unsigned w = 0; sb_workloads[w]; w++) {
        if (!sb_suite_has(suite->workloads, w))
            continue;
        const sb_workload *workload = sb_workloads[w];
        uint64_t size = workload->size_for_ns(suite->task_ns);
        /* A failure shows in each of its runs, which open it again. */
        sb_suite_open_workload(suite, w, size);
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
                scaling_case *c = sb_suite_keep(
                    suite, &(scaling_case){suite, workload, size, model, (sb_placement_policy)p}, sizeof(scaling_case));
                char name[128];
                snprintf(name, sizeof name, "scaling/%s/%s/%s", workload->name, model->name,
                         sb_placement_policy_name(c->policy));
                sb_gbench_options options = {
                    .arg_name = "workers",
                    .args = baseline ? one_worker : workers,
                    .arg_count = baseline ? 1 : worker_count,
                    .real_time = true,
                    .unit = SB_GBENCH_MS,
                };
                sb_gbench_register(name, bench_scaling, c, &options);
            }
        }
    }
}
