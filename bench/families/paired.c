/*
 * The paired family: the ratios of two timings that the claims judge, each
 * measured in alternating slices within one benchmark (paired.h), so that
 * load which comes and goes between two benchmarks minutes apart does not
 * land in the ratio. Sampling goes on until the interval of the pairs'
 * median ratio lies wholly on one side of the claim's bar (claim_bars.h,
 * from docs/claims.json) or CAP_S ends it.
 *
 * Speedups over seq, a slice being one job of the scaling family's size:
 *
 *   C3  thread on CPU-bound work at workers = PUs, against 0.7 x PUs
 *   C4  gil and process_pool there, against 1.2
 *   C5  gil on IO-bound work at 4 x PUs workers, against 0.5 x workers
 *
 * named paired/<workload>/<model>/none/workers:<n>, the scaling point each
 * stands for, on the workloads the claims prefer (cpu_int, timer) when the
 * run has them, with more than one PU. Counters: speedup and its interval
 * (speedup_lo, speedup_hi), the model's job and its fixed_cost_share.
 *
 * C7's weights, each a heavier operation over its lighter twin, a slice
 * being as many runs of it as take SLICE_NS of the lighter:
 *
 *   a switch to a process over one to a thread, on each channel, same PU
 *   and across PUs (the ctxswitch family's ping-pongs, both partners
 *   started at once), against 0.9: paired/ctxswitch/<channel>/<where>;
 *   a process's life over a thread's, and a thread's over a coroutine's
 *   (the ctxswitch family's spawns), against 1: paired/spawn/<unit>/<unit>.
 *
 * Counters: ratio and its interval (ratio_lo, ratio_hi), runs per_slice.
 *
 * Each row runs once whatever the repetitions: its pairs are its samples.
 * Every row has pairs, sampling_s, decided, the bar, and others_cpu_pus,
 * the PUs other work kept busy while it sampled.
 */
#include "suite.h"

#include "base/clock.h"
#include "families/timeslice.h"
#include "base/error.h"
#include "claim_bars.h"
#include "gbench.h"
#include "paired.h"
#include "probes/lifecycle.h"
#include "probes/pingpong.h"
#include "probes/timeslice.h"
#include "scaling_plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* No comparison samples past this: a claim it leaves undecided says so. */
#define CAP_S 6.0
/* The plan prices a comparison at this many pairs: most decide at the
 * first interval's, some take a few more. */
#define PRICED_PAIRS (2 * SB_INTERVAL_MIN_SAMPLES)

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

static void counter(sb_gbench_state *state, const char *name, double value)
{
    sb_gbench_counter(state, name, value, SB_GBENCH_COUNTER_PLAIN);
}

/* The figure as `ratio` (speedup, ...) with its interval, and how it was sampled. */
static void report_figure(sb_gbench_state *state, const char *ratio, double bar, const sb_paired_figure *figure)
{
    char name[64];
    counter(state, ratio, figure->median);
    /* A figure of too few pairs has no interval: its ends are left out. */
    if (!isnan(figure->lo)) {
        snprintf(name, sizeof name, "%s_lo", ratio);
        counter(state, name, figure->lo);
        snprintf(name, sizeof name, "%s_hi", ratio);
        counter(state, name, figure->hi);
    }
    counter(state, "pairs", figure->pairs);
    counter(state, "sampling_s", figure->sampling_s);
    counter(state, "decided", figure->decided);
    counter(state, "bar", bar);
    if (!isnan(figure->others_cpu_pus))
        counter(state, "others_cpu_pus", figure->others_cpu_pus);
}

static sb_paired_plan plan_against(double bar)
{
    return (sb_paired_plan){
        .bar = bar,
        .confidence = SB_INTERVAL_CONFIDENCE,
        .cap_s = CAP_S,
        .max_pairs = SB_PAIRED_MAX_PAIRS,
    };
}

static void report(sb_gbench_state *state, const paired_case *c, const sb_paired_figure *figure)
{
    report_figure(state, "speedup", c->bar, figure);
    counter(state, "workers", c->model.workers);
    counter(state, "tasks", c->model.tasks);
    counter(state, "task_us", (double)c->model.curve.task_ns / 1e3);
    /* The model's fixed costs over its jobs, as the scaling family's rows say. */
    double share = c->model.wall_s > 0 && c->model.fixed_s < c->model.wall_s ? c->model.fixed_s / c->model.wall_s : 1;
    counter(state, "fixed_cost_share", share);
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
        sb_paired_side model = {measure_rate, &c.model}, seq = {measure_rate, &c.seq};
        sb_paired_plan plan = plan_against(c.bar);
        sb_paired_figure figure;
        uint64_t iterations;
        while (sb_gbench_next_batch(state, &iterations))
            if (sb_paired_sample(&model, &seq, &plan, &figure) != 0)
                sb_gbench_fail(state, sb_last_error());
            else
                report(state, &c, &figure);
    }
    sb_placement_free(c.model.placement);
    sb_placement_free(c.seq.placement);
}

/* Priced at PRICED_PAIRS pairs of the two jobs, capped at CAP_S and the
 * last pair past it; never cut: a claim reads it. */
static sb_gbench_cost paired_cost(const void *arg, int64_t value)
{
    (void)value;
    const paired_case *c = arg;
    unsigned pus = sb_topology_count(c->model.suite->topology, HWLOC_OBJ_PU);
    double pair_s = sb_scaling_job_s(pus, c->model.costs, &c->model.curve, c->model.workers, c->model.tasks) +
                    sb_scaling_job_s(pus, c->seq.costs, &c->seq.curve, 1, c->seq.tasks);
    return (sb_gbench_cost){.iteration_s = fmin(PRICED_PAIRS * pair_s, CAP_S + pair_s)};
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
    s.tasks = sb_scaling_tasks(suite, costs, &s.curve, workers);
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
    sb_gbench_options options = {
        .real_time = true,
        .iterations = 1,
        .repetitions = 1,
        .unit = SB_GBENCH_S,
        .cost = paired_cost,
    };
    sb_gbench_register(name, bench_paired, sb_suite_keep(suite, &c, sizeof c), &options);
}

/* ---- C7: a switch and a life, each against its lighter twin ------------------ */

/* A slice of the lighter side takes about this long. */
#define SLICE_NS 2000000

/* Samples `heavier` over `lighter`, both run as many times a slice as make
 * SLICE_NS of the lighter, against `bar`. */
static void sample_counted(sb_gbench_state *state, sb_paired_counted *heavier, sb_paired_counted *lighter,
                           double bar)
{
    if (sb_paired_size_counted(lighter, SLICE_NS) != 0) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    heavier->count = lighter->count;
    sb_paired_side a = {sb_paired_measure_counted, heavier}, b = {sb_paired_measure_counted, lighter};
    sb_paired_plan plan = plan_against(bar);
    sb_paired_figure figure;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations))
        if (sb_paired_sample(&a, &b, &plan, &figure) != 0) {
            sb_gbench_fail(state, sb_last_error());
        } else {
            report_figure(state, "ratio", plan.bar, &figure);
            counter(state, "per_slice", (double)lighter->count);
        }
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

/* Priced at PRICED_PAIRS pairs of slices, the heavier side's unknown
 * before it runs: as long as the lighter's. */
static sb_gbench_cost counted_cost(const void *arg, int64_t value)
{
    (void)arg;
    (void)value;
    return (sb_gbench_cost){.iteration_s = PRICED_PAIRS * 2 * SLICE_NS / 1e9};
}

static void register_counted(sb_suite *suite, const char *name, sb_gbench_fn fn, const void *arg, size_t size)
{
    sb_gbench_options options = {
        .real_time = true,
        .iterations = 1,
        .repetitions = 1,
        .unit = SB_GBENCH_S,
        .cost = counted_cost,
    };
    sb_gbench_register(name, fn, sb_suite_keep(suite, arg, size), &options);
}

/* The switch twins' two parties: same PU, or as far apart as the machine has. */
static const struct {
    const char *name;
    sb_placement_policy policy;
    unsigned min_pus;
} wheres[] = {
    {"same_pu", SB_PLACE_SINGLE, 1},
    {"cross_pu", SB_PLACE_SCATTER, 2},
};

static void register_weights(sb_suite *suite, unsigned pus)
{
    char name[128];
    for (unsigned ch = 0; ch < SB_PINGPONG_CHANNEL_COUNT; ch++) {
        for (size_t w = 0; w < sizeof wheres / sizeof wheres[0]; w++) {
            if (pus < wheres[w].min_pus)
                continue;
            twin_case c = {suite->topology, (sb_pingpong_channel)ch, wheres[w].policy};
            snprintf(name, sizeof name, "paired/ctxswitch/%s/%s", sb_pingpong_channel_name(c.channel),
                     wheres[w].name);
            register_counted(suite, name, bench_twins, &c, sizeof c);
        }
    }
    for (size_t l = 0; l < sizeof lives / sizeof lives[0]; l++) {
        snprintf(name, sizeof name, "paired/spawn/%s/%s", sb_lifecycle_unit_name(lives[l][0]),
                 sb_lifecycle_unit_name(lives[l][1]));
        register_counted(suite, name, bench_lives, lives[l], sizeof lives[l]);
    }
}

/* ---- C2: throughput with many spinners over throughput with few ---------- */

/* A throughput slice's window: both ends measured over the same time. */
#define WINDOW_NS 100000000
#define PROBE_PERIOD_NS 10000000

typedef struct spinning_case {
    const sb_topology *topology;
    sb_spinner_kind kind;
} spinning_case;

/* One round of `spinners` spinners over the PUs; its figure, their steps per second in the window. */
typedef struct spinning_side {
    sb_timeslice_round round;
} spinning_side;

static int measure_throughput(void *context, double *steps_per_s)
{
    const spinning_side *side = context;
    sb_timeslice_result result;
    if (sb_timeslice_run(&side->round, &result) != 0)
        return -1;
    double steps = 0;
    for (unsigned i = 0; i < side->round.spinners; i++)
        steps += (double)result.spinners[i].window_steps;
    *steps_per_s = result.window_s > 0 ? steps / result.window_s : 0;
    sb_timeslice_result_free(&result);
    return 0;
}

static void bench_spinning(sb_gbench_state *state, const void *arg)
{
    const spinning_case *c = arg;
    unsigned pus = sb_topology_count(c->topology, HWLOC_OBJ_PU);
    /* Planned for the PUs, so spinner i goes to PU i mod PUs, as in the timeslice family. */
    sb_placement *placement = sb_placement_plan(c->topology, SB_PLACE_COMPACT, pus);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    /* The probe's wake-ups never close the window first: it lasts WINDOW_NS. */
    sb_timeslice_round round = {
        .kind = c->kind,
        .placement = placement,
        .probe_wakeups = WINDOW_NS / PROBE_PERIOD_NS + 2,
        .rounds = 1,
        .max_window_ns = WINDOW_NS,
        .probe_period_ns = PROBE_PERIOD_NS,
        .probe_priority = SB_PROBE_DEFAULT,
    };
    spinning_side most = {round}, fewest = {round};
    most.round.spinners = SB_TIMESLICE_MOST_PER_PU * pus;
    fewest.round.spinners = SB_TIMESLICE_FEWEST_PER_PU * pus;
    sb_paired_side a = {measure_throughput, &most}, b = {measure_throughput, &fewest};
    sb_paired_plan plan = plan_against(SB_BAR_C2_THROUGHPUT_LOW);
    plan.upper_bar = SB_BAR_C2_THROUGHPUT_HIGH;
    sb_paired_figure figure;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations))
        if (sb_paired_sample(&a, &b, &plan, &figure) != 0) {
            sb_gbench_fail(state, sb_last_error());
        } else {
            report_figure(state, "ratio", plan.bar, &figure);
            counter(state, "upper_bar", plan.upper_bar);
            counter(state, "most_spinners", most.round.spinners);
            counter(state, "fewest_spinners", fewest.round.spinners);
        }
    sb_placement_free(placement);
}

/* A pair: both rounds' spinners started at the run's price, and their windows. */
static sb_gbench_cost spinning_cost(const void *arg, int64_t value)
{
    (void)value;
    const spinning_case *c = arg;
    unsigned pus = sb_topology_count(c->topology, HWLOC_OBJ_PU);
    const sb_scaling_costs *costs = sb_scaling_costs_of_run();
    sb_model_unit unit = c->kind == SB_SPINNER_PROCESSES ? SB_MODEL_UNIT_PROCESS : SB_MODEL_UNIT_THREAD;
    double start_s = costs ? (SB_TIMESLICE_MOST_PER_PU + SB_TIMESLICE_FEWEST_PER_PU) * pus * costs->unit_s[unit] : 0;
    return (sb_gbench_cost){.iteration_s = fmin(PRICED_PAIRS * (start_s + 2 * WINDOW_NS / 1e9), CAP_S)};
}

static void register_spinning(sb_suite *suite)
{
    for (unsigned k = 0; k < SB_SPINNER_KIND_COUNT; k++) {
        sb_spinner_kind kind = (sb_spinner_kind)k;
        const sb_model *model = sb_model_find(sb_spinner_kind_name(kind));
        if (!model || !sb_suite_has(suite->models, sb_model_index(model)))
            continue;
        spinning_case c = {suite->topology, kind};
        char name[128];
        snprintf(name, sizeof name, "paired/timeslice/%s", sb_spinner_kind_name(kind));
        sb_gbench_options options = {
            .real_time = true,
            .iterations = 1,
            .repetitions = 1,
            .unit = SB_GBENCH_S,
            .cost = spinning_cost,
        };
        sb_gbench_register(name, bench_spinning, sb_suite_keep(suite, &c, sizeof c), &options);
    }
}

void sb_paired_register(sb_suite *suite)
{
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    /* One PU has no second core to speed up on: the claims say so from the scaling family. */
    if (pus >= 2) {
        const sb_scaling_costs *costs = sb_scaling_costs_of_run();
        if (!costs) {
            fprintf(stderr, "slicebench: the paired family cannot price a thread, process or coroutine: %s\n",
                    sb_last_error());
            exit(1);
        }
        for (size_t i = 0; i < sizeof comparisons / sizeof comparisons[0]; i++)
            register_comparison(suite, costs, &comparisons[i], pus);
    }
    register_weights(suite, pus);
    register_spinning(suite);
}
