/*
 * The paired family's speedups (paired.c): a model's rate over seq's, a
 * slice being one job of each under placement none, judged against C3's,
 * C4's or C5's bar. A slice's job is whole rounds of its workers, each
 * worker's share at least SLICE_S of tasks, and no smaller than the
 * scaling family's (its workers' start at most 5% of it): a lean job of
 * three tasks on two workers could show no more than 1.5x, whatever the
 * machine.
 */
#include "families/paired_rows.h"

#include "base/error.h"
#include "scaling_plan.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* Each worker's share of a slice's tasks takes at least this long. */
#define SLICE_S 0.02

typedef struct comparison {
    const char *workload; /* the claims' preferred one of its kind */
    const char *model;
    unsigned workers_per_pu;
    double bar;           /* the speedup judged at least this */
    bool bar_per_pu;      /* ... times the PUs */
    bool bar_per_worker;  /* ... times the workers */
} comparison;

static const comparison comparisons[] = {
    {"cpu_int", "thread", 1, SB_BAR_C3_SPEEDUP_PER_PU, true, false},
    {"cpu_int", "gil", 1, SB_BAR_C4_SPEEDUP, false, false},
    {"cpu_int", "process_pool", 1, SB_BAR_C4_SPEEDUP, false, false},
    {"timer", "gil", 4, SB_BAR_C5_SPEEDUP_PER_WORKER, false, true},
};

/* One side of a pair: a job of a model, its rate in tasks per second. */
typedef struct job_side {
    sb_suite *suite;
    const sb_scaling_costs *costs;
    const sb_workload *workload;
    sb_scaling_curve curve;
    unsigned workers, tasks;
    sb_placement *placement;
    double fixed_s, wall_s; /* over its jobs */
} job_side;

typedef struct paired_case {
    job_side model, seq;
    double bar;
} paired_case;

static int measure_rate(void *context, double *rate)
{
    job_side *s = context;
    sb_job job = {
        .workload = s->workload,
        .size = sb_suite_workload_size(s->suite, sb_workload_index(s->workload), s->curve.task_ns),
        .tasks = s->tasks,
        .workers = s->workers,
        .placement = s->placement,
    };
    sb_job_result result;
    if (sb_model_run(s->curve.model, &job, &result, NULL) != 0)
        return -1;
    s->wall_s += result.wall_s;
    s->fixed_s += sb_scaling_fixed_s(s->costs, s->curve.model, s->workers, s->tasks);
    *rate = result.wall_s > 0 ? s->tasks / result.wall_s : 0;
    return 0;
}

/* The model's job, beside the figure. */
static void report_job(sb_gbench_state *state, const paired_case *c)
{
    sb_paired_row_counter(state, "workers", c->model.workers);
    sb_paired_row_counter(state, "tasks", c->model.tasks);
    sb_paired_row_counter(state, "task_us", (double)c->model.curve.task_ns / 1e3);
    /* The model's fixed costs over its jobs, as the scaling family's rows say. */
    double share = c->model.wall_s > 0 && c->model.fixed_s < c->model.wall_s ? c->model.fixed_s / c->model.wall_s : 1;
    sb_paired_row_counter(state, "fixed_cost_share", share);
}

static void bench_paired(sb_gbench_state *state, const void *arg)
{
    const paired_case *kept = arg;
    paired_case c = *kept;
    c.model.placement = sb_placement_plan(c.model.suite->topology, SB_PLACE_NONE, c.model.workers);
    c.seq.placement = sb_placement_plan(c.seq.suite->topology, SB_PLACE_NONE, 1);
    if (!c.model.placement || !c.seq.placement) {
        sb_gbench_fail(state, sb_last_error());
    } else {
        sb_paired_row_settle();
        sb_paired_side model = {measure_rate, &c.model}, seq = {measure_rate, &c.seq};
        sb_paired_plan plan = sb_paired_row_plan(c.bar, 0);
        if (sb_paired_row_sample(state, &model, &seq, &plan, "speedup"))
            report_job(state, &c);
    }
    sb_placement_free(c.model.placement);
    sb_placement_free(c.seq.placement);
}

/* Priced at its priced pairs of the two jobs, capped at the cap and the
 * last pair past it; never cut: a claim reads it. */
static sb_gbench_cost paired_cost(const void *arg, int64_t value)
{
    (void)value;
    const paired_case *c = arg;
    unsigned pus = sb_topology_count(c->model.suite->topology, HWLOC_OBJ_PU);
    double pair_s = sb_scaling_job_s(pus, c->model.costs, &c->model.curve, c->model.workers, c->model.tasks) +
                    sb_scaling_job_s(pus, c->seq.costs, &c->seq.curve, 1, c->seq.tasks);
    return (sb_gbench_cost){.iteration_s = fmin(SB_PAIRED_ROW_PRICED_PAIRS * pair_s, SB_PAIRED_ROW_CAP_S + pair_s),
                            .setup_s = SB_PAIRED_ROW_SETTLE_NS / 1e9};
}

static job_side side_of(sb_suite *suite, const sb_scaling_costs *costs, const sb_workload *workload,
                    const sb_model *model, unsigned workers)
{
    job_side s = {
        .suite = suite,
        .costs = costs,
        .workload = workload,
        .curve = sb_scaling_curve_of(model, workload, SB_PLACE_NONE, suite->task_ns),
        .workers = workers,
    };
    double rounds = fmax(ceil(SLICE_S * 1e9 / (double)s.curve.task_ns),
                         ceil((double)sb_scaling_tasks(suite, costs, &s.curve, workers) / workers));
    s.tasks = (unsigned)rounds * workers;
    return s;
}

static void register_comparison(sb_suite *suite, const sb_scaling_costs *costs, const comparison *wanted,
                                unsigned pus)
{
    const sb_workload *workload = sb_workload_find(wanted->workload);
    const sb_model *model = sb_model_find(wanted->model);
    if (!workload || !model || !sb_suite_has(suite->workloads, sb_workload_index(workload)) ||
        !sb_suite_has(suite->models, sb_model_index(model)) ||
        !sb_suite_has(suite->models, sb_model_index(&sb_model_seq)))
        return;
    unsigned workers = wanted->workers_per_pu * pus;
    paired_case c = {
        .model = side_of(suite, costs, workload, model, workers),
        .seq = side_of(suite, costs, workload, &sb_model_seq, 1),
        .bar = wanted->bar * (wanted->bar_per_pu ? pus : 1) * (wanted->bar_per_worker ? workers : 1),
    };
    char name[160];
    snprintf(name, sizeof name, "paired/%s/%s/none/workers:%u", workload->name, model->name, workers);
    sb_paired_row_register(suite, name, bench_paired, &c, sizeof c, paired_cost);
}

void sb_paired_speedups_register(sb_suite *suite, unsigned pus)
{
    const sb_scaling_costs *costs = sb_scaling_costs_of_run();
    if (!costs) {
        fprintf(stderr, "slicebench: the paired family cannot price a thread, process or coroutine: %s\n",
                sb_last_error());
        exit(1);
    }
    for (size_t i = 0; i < sizeof comparisons / sizeof comparisons[0]; i++)
        register_comparison(suite, costs, &comparisons[i], pus);
}
