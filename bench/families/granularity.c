/*
 * The granularity family: the reference CPU-bound (cpu_int) and IO-bound
 * (timer) workloads under every model, at as many workers as the machine has
 * PUs, placement none, with tasks of 10 us to 100 ms each. items_per_second
 * is tasks per second; the analysis derives each model's speedup over seq at
 * the same duration, and from what task duration a model pays, from these
 * rows (see docs/families/granularity.md).
 *
 * Names read granularity/<workload>/<model>/task_us:<n>/real_time.
 */
#include "suite.h"

#include "base/error.h"
#include "gbench.h"
#include "granularity_plan.h"
#include "plan.h"
#include "scaling_plan.h"

#include <stdbool.h>
#include <stdio.h>

static const int64_t *const task_us = sb_granularity_task_us;
enum { DURATIONS = SB_GRANULARITY_DURATIONS };

/* Tasks per job: at least TASKS_PER_WORKER_MIN a worker, so that every
 * worker starts several (one in a budget's lean jobs, plan.h); and at least
 * JOB_WORK_MIN_US of work in all, so that what a model pays once per job
 * (starting a pool) weighs little against what it pays per task. Not more:
 * a process per task forks for each of the 10 us tasks, at a millisecond
 * or more a fork on a VM. */
enum { TASKS_PER_WORKER_MIN = 4, JOB_WORK_MIN_US = 2000 };

/* One workload's tasks under one model. At each duration every model's job
 * holds the same tasks, seq's single worker included. */
typedef struct curve {
    sb_suite *suite;
    const sb_workload *workload;
    const sb_model *model;
    unsigned workers;
    unsigned pus;
} curve;

unsigned sb_granularity_tasks(unsigned workers, int64_t duration_us)
{
    unsigned least = sb_plan_lean_jobs() ? 1 : TASKS_PER_WORKER_MIN;
    unsigned per_worker = (unsigned)((JOB_WORK_MIN_US + workers * duration_us - 1) / (workers * duration_us));
    return workers * (per_worker > least ? per_worker : least);
}

/* The tasks of a job of duration d: the same for every model, but in a
 * budget's lean jobs, where a model that runs one task at a time has as
 * many as one worker needs: its rate of tasks does not depend on them. */
static sb_scaling_curve as_scaling_curve(const curve *c, size_t d)
{
    return sb_scaling_curve_of(c->model, c->workload, SB_PLACE_NONE, (uint64_t)task_us[d] * 1000);
}

static unsigned tasks_at(const curve *c, size_t d)
{
    sb_scaling_curve as_scaling = as_scaling_curve(c, d);
    return sb_granularity_tasks(sb_plan_lean_jobs() && sb_scaling_one_at_a_time(&as_scaling) ? 1 : c->pus, task_us[d]);
}

static size_t duration_index(int64_t us)
{
    size_t d = 0;
    while (d < DURATIONS - 1 && task_us[d] != us)
        d++;
    return d;
}

/* The size of the workload's tasks of duration d. The sizes come from one
 * calibration, in proportion to the durations (the reference workloads'
 * sizes are steps and nanoseconds): each calibration times the machine
 * anew, and on a busy one separate calibrations would disagree and bend the
 * duration axis. */
static uint64_t size_at(const curve *c, size_t d)
{
    double longest_us = (double)task_us[DURATIONS - 1];
    uint64_t longest_size =
        sb_suite_workload_size(c->suite, sb_workload_index(c->workload), (uint64_t)longest_us * 1000);
    uint64_t size = (uint64_t)((double)longest_size * (double)task_us[d] / longest_us + 0.5);
    return size > 0 ? size : 1;
}

static void bench_duration(sb_gbench_state *state, const void *arg)
{
    const curve *c = arg;
    size_t d = duration_index(sb_gbench_arg(state));
    sb_placement *placement = sb_placement_plan(c->suite->topology, SB_PLACE_NONE, c->workers);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    sb_job job = {
        .workload = c->workload,
        .size = size_at(c, d),
        .tasks = tasks_at(c, d),
        .workers = c->workers,
        .placement = placement,
    };
    uint64_t batch, jobs = 0;
    bool failed = false;
    while (sb_gbench_next_batch(state, &batch)) {
        for (uint64_t i = 0; i < batch && !failed; i++) {
            sb_job_result result;
            failed = sb_model_run(c->model, &job, &result, NULL) != 0;
            jobs += !failed;
        }
    }
    sb_placement_free(placement);
    if (failed) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    sb_gbench_items_processed(state, (int64_t)(jobs * job.tasks));
    sb_gbench_counter(state, "workers", c->workers, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "tasks", job.tasks, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "task_us", (double)task_us[d], SB_GBENCH_COUNTER_PLAIN);
}

static curve *keep_curve(sb_suite *suite, const sb_workload *workload, const sb_model *model, unsigned pus)
{
    curve c = {.suite = suite, .workload = workload, .model = model, .workers = model == &sb_model_seq ? 1 : pus,
               .pus = pus};
    return sb_suite_keep(suite, &c, sizeof c);
}

/* One job per iteration, priced as the scaling family prices its own. */
static sb_gbench_cost job_cost(const void *arg, int64_t duration_us)
{
    const curve *c = arg;
    size_t d = duration_index(duration_us);
    sb_scaling_curve priced = as_scaling_curve(c, d);
    const sb_scaling_costs *costs = sb_scaling_costs_of_run();
    double job_s = costs ? sb_scaling_job_s(c->pus, costs, &priced, c->workers, tasks_at(c, d)) : 0;
    return (sb_gbench_cost){.iteration_s = job_s};
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
        .cost = job_cost,
    };
    sb_gbench_register(name, bench_duration, c, &durations);
}

void sb_granularity_register(sb_suite *suite)
{
    static const sb_workload *const reference[] = {&sb_workload_cpu_int, &sb_workload_timer};
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);

    for (size_t r = 0; r < sizeof reference / sizeof *reference; r++) {
        const sb_workload *workload = reference[r];
        unsigned w = sb_workload_index(workload);
        if (!sb_suite_has(suite->workloads, w))
            continue;
        for (unsigned m = 0; sb_models[m]; m++) {
            if (sb_suite_has(suite->models, m))
                register_curve(keep_curve(suite, workload, sb_models[m], pus));
        }
    }
}
