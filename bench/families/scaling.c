/*
 * The scaling family: jobs of tasks run by each model with 1 to many
 * workers under each placement; items_per_second is tasks per second, so
 * speedup = items_per_second / that of the seq model. scaling_plan.h says
 * which worker counts each curve runs and how many tasks each job has.
 *
 * Names read scaling/<workload>/<model>/<placement>/workers:<n>/real_time.
 * Workloads left out of --pinned-workloads run under placement none alone.
 *
 * After each curve a row scaling/<workload>/<model>/<placement>/knee
 * (/iterations:1/real_time) reads the curve's runs so far and reports where
 * its efficiency (speedup / workers) first falls below one half, and the
 * measured costs that explain it.
 *
 * Each workload is opened once for the whole run (its server, its file),
 * outside the timed loops; the fixed costs are priced once, at registration.
 */
#include "suite.h"

#include "base/error.h"
#include "base/stats.h"
#include "gbench.h"
#include "scaling_plan.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* Runs of one point kept for its curve's knee: every run Google Benchmark
 * makes of it, its repetitions and the runs that size them. */
enum { MAX_KEPT_RUNS = 64 };

typedef struct point_runs {
    double rate[MAX_KEPT_RUNS];            /* tasks per second */
    double cpu_s_per_task[MAX_KEPT_RUNS];  /* every thread and child */
    double caller_s_per_task[MAX_KEPT_RUNS];
    double fixed_share[MAX_KEPT_RUNS];
    unsigned count;
} point_runs;

typedef struct scaling_case {
    const sb_suite *suite;
    const sb_scaling_costs *costs;
    const sb_workload *workload;
    uint64_t size;
    sb_scaling_curve curve;
    sb_scaling_axis axis;
    point_runs *runs;                /* one per axis point */
    const struct scaling_case *seq;  /* this workload's baseline, or NULL */
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

/* Reports the runs' counters and keeps them for the knee. */
static void report(sb_gbench_state *state, const scaling_case *c, size_t point, const job_totals *totals,
                   unsigned workers, unsigned tasks)
{
    double task_runs = (double)totals->jobs * tasks;
    double fixed_s = totals->jobs * sb_scaling_fixed_s(c->costs, c->curve.model, workers, tasks);
    double fixed_share = totals->wall_s > 0 && fixed_s < totals->wall_s ? fixed_s / totals->wall_s : 1;
    sb_gbench_items_processed(state, (int64_t)task_runs);
    counter(state, "workers", workers);
    counter(state, "tasks", tasks);
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

    point_runs *runs = &c->runs[point];
    if (runs->count < MAX_KEPT_RUNS && totals->wall_s > 0) {
        runs->rate[runs->count] = task_runs / totals->wall_s;
        runs->cpu_s_per_task[runs->count] = totals->cpu_s / task_runs;
        runs->caller_s_per_task[runs->count] = totals->caller_cpu_s / task_runs;
        runs->fixed_share[runs->count] = fixed_share;
        runs->count++;
    }
}

static size_t point_of(const scaling_case *c, unsigned workers)
{
    size_t point = 0;
    while (point + 1 < c->axis.count && c->axis.workers[point] != workers)
        point++;
    return point;
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
        .size = c->size,
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
        report(state, c, point_of(c, workers), &totals, workers, job.tasks);
    sb_placement_free(placement);
}

/* The median of a point's kept runs of one figure. */
static double median_of(const double *values, unsigned count)
{
    double copy[MAX_KEPT_RUNS];
    for (unsigned i = 0; i < count; i++)
        copy[i] = values[i];
    return sb_median(copy, count);
}

/* The knee of a curve from the runs it made in this run: the first worker
 * count whose median speedup over seq, per worker, is below one half; and
 * at that count (at the last one when there is none) what a task cost in
 * CPU, in all and on the caller's thread, and the speedup those costs
 * allow: the PUs' time over a task's CPU, or the caller's alone over its
 * share, whichever is less. */
static void bench_knee(sb_gbench_state *state, const void *arg)
{
    const scaling_case *c = arg;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations))
        ;
    if (!c->seq || c->seq->runs[0].count == 0) {
        sb_gbench_fail(state, "no seq run of this workload to compare with: the filter left it out");
        return;
    }
    double seq_rate = median_of(c->seq->runs[0].rate, c->seq->runs[0].count);
    size_t knee = 0, last = 0, peak = 0;
    double peak_speedup = 0;
    bool found = false;
    for (size_t p = 0; p < c->axis.count; p++) {
        const point_runs *runs = &c->runs[p];
        if (runs->count == 0)
            continue;
        double speedup = median_of(runs->rate, runs->count) / seq_rate;
        if (speedup > peak_speedup) {
            peak_speedup = speedup;
            peak = p;
        }
        if (!found && speedup / (double)c->axis.workers[p] < 0.5) {
            knee = p;
            found = true;
        }
        last = p;
    }
    if (peak_speedup == 0) {
        sb_gbench_fail(state, "none of this curve's points ran");
        return;
    }
    const point_runs *at = &c->runs[found ? knee : last];
    double task_s = (double)c->curve.task_ns / 1e9;
    double cpu_s = median_of(at->cpu_s_per_task, at->count), caller_s = median_of(at->caller_s_per_task, at->count);
    unsigned pus = sb_topology_count(c->suite->topology, HWLOC_OBJ_PU);
    double bound = cpu_s > 0 ? pus * task_s / cpu_s : 0;
    if (caller_s > 0 && (bound == 0 || task_s / caller_s < bound))
        bound = task_s / caller_s;
    counter(state, "knee_workers", found ? (double)c->axis.workers[knee] : 0);
    counter(state, "peak_speedup", peak_speedup);
    counter(state, "peak_workers", (double)c->axis.workers[peak]);
    counter(state, "largest_workers", (double)c->axis.workers[last]);
    counter(state, "cpu_us_per_task", cpu_s * 1e6);
    counter(state, "caller_cpu_us_per_task", caller_s * 1e6);
    counter(state, "fixed_cost_share", median_of(at->fixed_share, at->count));
    counter(state, "bound_speedup", bound);
    counter(state, "task_us", task_s * 1e6);
    counter(state, "pus", pus);
}

static void register_curve(scaling_case *c)
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
    };
    sb_gbench_register(name, bench_scaling, c, &options);
    /* Without seq among the models there is no speedup, so no knee. */
    if (c->curve.model == &sb_model_seq || !c->seq)
        return;
    char knee[176];
    snprintf(knee, sizeof knee, "%s/knee", name);
    sb_gbench_register(knee, bench_knee, c, &(sb_gbench_options){.real_time = true, .iterations = 1});
}

/* Room for each point's runs, zeroed, living as long as the suite. */
static point_runs *keep_runs(sb_suite *suite, size_t points)
{
    point_runs *none = calloc(points ? points : 1, sizeof *none);
    if (!none) {
        fprintf(stderr, "slicebench: out of memory\n");
        exit(1);
    }
    point_runs *kept = sb_suite_keep(suite, none, (points ? points : 1) * sizeof *none);
    free(none);
    return kept;
}

void sb_scaling_register(sb_suite *suite)
{
    sb_scaling_costs costs;
    if (sb_scaling_costs_measure(&costs) != 0) {
        fprintf(stderr, "slicebench: the scaling family cannot price a thread, process or coroutine: %s\n",
                sb_last_error());
        exit(1);
    }
    char text[160];
    sb_gbench_add_context("scaling_unit_costs", sb_scaling_costs_describe(&costs, text, sizeof text));
    const sb_scaling_costs *kept_costs = sb_suite_keep(suite, &costs, sizeof costs);

    for (unsigned w = 0; sb_workloads[w]; w++) {
        if (!sb_suite_has(suite->workloads, w))
            continue;
        const sb_workload *workload = sb_workloads[w];
        uint64_t size = workload->size_for_ns(suite->task_ns);
        /* A failure shows in each of its runs, which open it again. */
        sb_suite_open_workload(suite, w, size);
        bool pinned = sb_suite_has(suite->pinned_workloads, w);
        const scaling_case *seq = NULL;
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
                    .size = size,
                    .curve = {model, workload->kind, (sb_placement_policy)p, suite->task_ns,
                              workload->descriptors_per_task, workload->only_waits},
                    .seq = seq,
                };
                if (baseline)
                    c.axis = (sb_scaling_axis){.workers = {1}, .count = 1};
                else
                    sb_scaling_axis_plan(suite, kept_costs, &c.curve, &c.axis);
                c.runs = keep_runs(suite, c.axis.count);
                scaling_case *kept = sb_suite_keep(suite, &c, sizeof c);
                if (baseline)
                    seq = kept;
                register_curve(kept);
            }
        }
    }
}
