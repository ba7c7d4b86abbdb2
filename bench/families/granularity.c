/*
 * The granularity family: the reference CPU-bound (cpu_int) and IO-bound
 * (timer) workloads under every model, at as many workers as the machine has
 * PUs, placement none, with tasks of 10 us to 100 ms each. items_per_second
 * is tasks per second and `speedup` that over seq's median at the same
 * duration; after a model's durations its break_even row reads the medians
 * measured so far and says from what task duration the model pays (see
 * base/break_even.h and docs/families/granularity.md).
 *
 * Names read granularity/<workload>/<model>/task_us:<n>/real_time and
 * granularity/<workload>/<model>/break_even/iterations:1. seq, the first
 * model, is the baseline: its rows come first and have no break_even.
 */
#include "suite.h"

#include "base/break_even.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/stats.h"
#include "gbench.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Task durations a decade apart: the 100 ms jobs cost as much as three
 * shorter durations together, and the whole family must fit in about two
 * minutes of a full run on 2 PUs (see the family's page). */
static const int64_t task_us[] = {10, 100, 1000, 10000, 100000};
enum { DURATIONS = sizeof task_us / sizeof *task_us };

/* Tasks per job: at least TASKS_PER_WORKER_MIN a worker, so that every
 * worker starts several; and at least JOB_WORK_MIN_US of work in all, so
 * that what a model pays once per job (starting a pool) weighs little
 * against what it pays per task. Not more: a process per task forks for
 * each of the 10 us tasks, at a millisecond or more a fork on a VM. */
enum { TASKS_PER_WORKER_MIN = 4, JOB_WORK_MIN_US = 2000 };

/* The medians are over the last SAMPLES_KEPT repetitions of a duration. */
enum { SAMPLES_KEPT = 100 };

/* The tasks per second of one duration's repetitions. */
typedef struct rate_samples {
    uint64_t iterations; /* of each run kept */
    size_t runs;         /* kept so far; the last SAMPLES_KEPT are in rates[] */
    double rates[SAMPLES_KEPT];
} rate_samples;

/* What every model's job holds at each duration: the same tasks for all,
 * seq's single worker included. */
typedef struct job_plan {
    unsigned tasks[DURATIONS];
    uint64_t sizes[DURATIONS];
} job_plan;

/* One workload's tasks under one model, and what its runs measured. */
typedef struct curve {
    const sb_suite *suite;
    const sb_workload *workload;
    const sb_model *model;
    const struct curve *baseline; /* seq's curve; NULL for seq and when seq is not chosen */
    unsigned workers;
    job_plan plan;
    rate_samples samples[DURATIONS];
} curve;

static unsigned tasks_per_job(unsigned workers, int64_t duration_us)
{
    unsigned per_worker = (unsigned)((JOB_WORK_MIN_US + workers * duration_us - 1) / (workers * duration_us));
    return workers * (per_worker > TASKS_PER_WORKER_MIN ? per_worker : TASKS_PER_WORKER_MIN);
}

static size_t duration_index(int64_t us)
{
    size_t d = 0;
    while (d < DURATIONS - 1 && task_us[d] != us)
        d++;
    return d;
}

/* Google Benchmark runs a benchmark a few times with more and more
 * iterations until one run lasts --benchmark_min_time, reports that run,
 * and runs each further repetition with the same count. So the runs it
 * reports are those with the most iterations: shorter ones are its trials. */
static void keep_rate(rate_samples *samples, uint64_t iterations, double rate)
{
    if (iterations < samples->iterations)
        return;
    if (iterations > samples->iterations) {
        samples->iterations = iterations;
        samples->runs = 0;
    }
    samples->rates[samples->runs % SAMPLES_KEPT] = rate;
    samples->runs++;
}

/* 0 when none is kept. */
static double median_rate(const rate_samples *samples)
{
    size_t n = samples->runs < SAMPLES_KEPT ? samples->runs : SAMPLES_KEPT;
    if (n == 0)
        return 0;
    double sorted[SAMPLES_KEPT];
    memcpy(sorted, samples->rates, n * sizeof *sorted);
    return sb_median(sorted, n);
}

static void bench_duration(sb_gbench_state *state, const void *arg)
{
    curve *c = (curve *)arg; /* kept by the suite for its runs to fill in */
    size_t d = duration_index(sb_gbench_arg(state));
    sb_placement *placement = sb_placement_plan(c->suite->topology, SB_PLACE_NONE, c->workers);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    sb_job job = {
        .workload = c->workload,
        .size = c->plan.sizes[d],
        .tasks = c->plan.tasks[d],
        .workers = c->workers,
        .placement = placement,
    };
    /* Timed as Google Benchmark times the loop, so that the rates kept for
     * the speedups are the rates it reports. */
    uint64_t iterations = 0, batch, jobs = 0, elapsed_ns = 0;
    bool failed = false;
    while (sb_gbench_next_batch(state, &batch)) {
        iterations = batch;
        uint64_t start = sb_clock_ns();
        for (uint64_t i = 0; i < batch && !failed; i++) {
            sb_job_result result;
            failed = sb_model_run(c->model, &job, &result, NULL) != 0;
            jobs += !failed;
        }
        elapsed_ns = sb_clock_ns() - start;
    }
    sb_placement_free(placement);
    if (failed) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    double rate = (double)jobs * job.tasks / (elapsed_ns > 0 ? elapsed_ns * 1e-9 : 1e-9);
    keep_rate(&c->samples[d], iterations, rate);
    sb_gbench_items_processed(state, (int64_t)(jobs * job.tasks));
    sb_gbench_counter(state, "workers", c->workers, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "tasks", job.tasks, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "task_us", (double)task_us[d], SB_GBENCH_COUNTER_PLAIN);
    double baseline = c->baseline ? median_rate(&c->baseline->samples[d]) : 0;
    if (baseline > 0)
        sb_gbench_counter(state, "speedup", rate / baseline, SB_GBENCH_COUNTER_PLAIN);
}

static void bench_break_even(sb_gbench_state *state, const void *arg)
{
    const curve *c = arg;
    double durations[DURATIONS], speedups[DURATIONS];
    size_t points = 0;
    for (size_t d = 0; d < DURATIONS; d++) {
        double rate = median_rate(&c->samples[d]), baseline = median_rate(&c->baseline->samples[d]);
        if (rate > 0 && baseline > 0) {
            durations[points] = (double)task_us[d];
            speedups[points++] = rate / baseline;
        }
    }
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations))
        ; /* one iteration, nothing to time: the row only reports */
    sb_break_even found;
    if (points == 0 || sb_break_even_find(durations, speedups, points, &found) != 0) {
        char reason[256];
        snprintf(reason, sizeof reason,
                 "no speedups to read: granularity/%s/%s/task_us:* and granularity/%s/seq/task_us:* must run, "
                 "without failing, before this row in the same run",
                 c->workload->name, c->model->name, c->workload->name);
        sb_gbench_fail(state, reason);
        return;
    }
    sb_gbench_counter(state, "points", (double)points, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "below_range", found.kind == SB_BREAK_EVEN_BELOW_RANGE, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "above_range", found.kind == SB_BREAK_EVEN_ABOVE_RANGE, SB_GBENCH_COUNTER_PLAIN);
    if (found.kind == SB_BREAK_EVEN_WITHIN)
        sb_gbench_counter(state, "break_even_us", found.duration, SB_GBENCH_COUNTER_PLAIN);
}

/* The sizes come from one calibration, in proportion to the durations (the
 * reference workloads' sizes are steps and nanoseconds): each calibration
 * times the machine anew, and on a busy one separate calibrations would
 * disagree and bend the duration axis. */
static job_plan plan_jobs(const sb_workload *workload, unsigned pus)
{
    job_plan plan;
    double longest_us = (double)task_us[DURATIONS - 1];
    double longest_size = (double)workload->size_for_ns((uint64_t)longest_us * 1000);
    for (size_t d = 0; d < DURATIONS; d++) {
        plan.tasks[d] = tasks_per_job(pus, task_us[d]);
        uint64_t size = (uint64_t)(longest_size * (double)task_us[d] / longest_us + 0.5);
        plan.sizes[d] = size > 0 ? size : 1;
    }
    return plan;
}

static curve *keep_curve(sb_suite *suite, const sb_workload *workload, const job_plan *plan, const sb_model *model,
                         const curve *baseline, unsigned pus)
{
    curve c = {.suite = suite, .workload = workload, .model = model, .baseline = baseline,
               .workers = model == &sb_model_seq ? 1 : pus, .plan = *plan};
    return sb_suite_keep(suite, &c, sizeof c);
}

static void register_curve(const curve *c)
{
    char name[128];
    snprintf(name, sizeof name, "granularity/%s/%s", c->workload->name, c->model->name);
    sb_gbench_options durations = {
        .arg_name = "task_us",
        .args = task_us,
        .arg_count = DURATIONS,
        .real_time = true,
        .unit = SB_GBENCH_MS,
    };
    sb_gbench_register(name, bench_duration, c, &durations);
    if (!c->baseline)
        return;
    snprintf(name, sizeof name, "granularity/%s/%s/break_even", c->workload->name, c->model->name);
    sb_gbench_options once = {.iterations = 1, .unit = SB_GBENCH_US};
    sb_gbench_register(name, bench_break_even, c, &once);
}

void sb_granularity_register(sb_suite *suite)
{
    static const sb_workload *const reference[] = {&sb_workload_cpu_int, &sb_workload_timer};
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    bool with_seq = sb_suite_has(suite->models, sb_model_index(&sb_model_seq));

    for (size_t r = 0; r < sizeof reference / sizeof *reference; r++) {
        const sb_workload *workload = reference[r];
        unsigned w = sb_workload_index(workload);
        if (!sb_suite_has(suite->workloads, w))
            continue;
        job_plan plan = plan_jobs(workload, pus);
        /* seq's curve exists before any other model's, which read it. */
        curve *baseline = with_seq ? keep_curve(suite, workload, &plan, &sb_model_seq, NULL, pus) : NULL;
        for (unsigned m = 0; sb_models[m]; m++) {
            const sb_model *model = sb_models[m];
            if (!sb_suite_has(suite->models, m))
                continue;
            register_curve(model == &sb_model_seq ? baseline
                                                  : keep_curve(suite, workload, &plan, model, baseline, pus));
        }
        /* A failure shows in each of its runs, which open it again. */
        sb_suite_open_workload(suite, w, plan.sizes[DURATIONS - 1]);
    }
}
