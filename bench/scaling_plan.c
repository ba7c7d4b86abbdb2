/* The scaling family's plan on this machine: see scaling_plan.h. */
#include "scaling_plan.h"

#include "base/capacity.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/stats.h"
#include "plan.h"
#include "probes/lifecycle.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* A job spends at most this long starting what its model starts: past it a
 * curve stops, since its points would cost the run minutes and show only
 * the start. */
static const double MAX_FIXED_S = 0.5;
/* Job sizing adds tasks up to this many per worker, and this many in all. */
enum { MAX_SIZED_TASKS_PER_WORKER = 64, MAX_SIZED_TASKS = 4096 };
/* Resident memory one more thread or process holds at least: a thread's
 * stack pages and kernel state; a forked child's page tables and the
 * pages it copies. Conservative, to stop well before the machine would. */
enum { THREAD_BYTES = 256 << 10, PROCESS_BYTES = 4 << 20 };

static const struct {
    const char *name, *plural;
    sb_lifecycle_unit lifecycle;
    unsigned lives;
} units[] = {
    [SB_MODEL_UNIT_THREAD] = {"thread", "threads", SB_LIFECYCLE_THREAD, 31},
    [SB_MODEL_UNIT_PROCESS] = {"process", "processes", SB_LIFECYCLE_PROCESS, 15},
    [SB_MODEL_UNIT_COROUTINE] = {"coroutine", "coroutines", SB_LIFECYCLE_POOLED_COROUTINE, 255},
};

int sb_scaling_costs_measure(sb_scaling_costs *costs)
{
    *costs = (sb_scaling_costs){{0}};
    for (unsigned u = SB_MODEL_UNIT_THREAD; u <= SB_MODEL_UNIT_COROUTINE; u++) {
        double lives_s[255];
        for (unsigned i = 0; i < units[u].lives; i++) {
            uint64_t start = sb_clock_ns();
            if (sb_lifecycle_run(units[u].lifecycle) != 0)
                return -1;
            lives_s[i] = (double)(sb_clock_ns() - start) / 1e9;
        }
        costs->unit_s[u] = sb_median(lives_s, units[u].lives);
    }
    return 0;
}

const sb_scaling_costs *sb_scaling_costs_of_run(void)
{
    static sb_scaling_costs costs;
    static bool measured;
    if (!measured && sb_scaling_costs_measure(&costs) != 0)
        return NULL;
    measured = true;
    return &costs;
}

/* Seconds for people: "1.02 ms". */
static const char *seconds_text(double s, char *text, size_t size)
{
    if (s >= 1)
        snprintf(text, size, "%.3g s", s);
    else if (s >= 1e-3)
        snprintf(text, size, "%.3g ms", s * 1e3);
    else
        snprintf(text, size, "%.3g us", s * 1e6);
    return text;
}

const char *sb_scaling_costs_describe(const sb_scaling_costs *costs, char *text, size_t size)
{
    size_t used = 0;
    text[0] = '\0';
    for (unsigned u = SB_MODEL_UNIT_THREAD; u <= SB_MODEL_UNIT_COROUTINE && used < size; u++) {
        char cost[32];
        used += (size_t)snprintf(text + used, size - used, "%s%s=%s", used ? ", " : "", units[u].name,
                                 seconds_text(costs->unit_s[u], cost, sizeof cost));
    }
    return text;
}

double sb_scaling_fixed_s(const sb_scaling_costs *costs, const sb_model *model, unsigned workers, unsigned tasks)
{
    return workers * costs->unit_s[model->per_worker] + tasks * costs->unit_s[model->per_task];
}

sb_scaling_curve sb_scaling_curve_of(const sb_model *model, const sb_workload *workload, sb_placement_policy policy,
                                     uint64_t task_ns)
{
    return (sb_scaling_curve){
        .model = model,
        .kind = workload->kind,
        .policy = policy,
        .task_ns = task_ns,
        .descriptors_per_task = workload->descriptors_per_task,
        .only_waits = workload->only_waits,
        .computing_percent = workload->computing_percent,
    };
}

static unsigned pus_of(const sb_suite *suite)
{
    return sb_topology_count(suite->topology, HWLOC_OBJ_PU);
}

bool sb_scaling_one_at_a_time(const sb_scaling_curve *curve)
{
    return curve->model == &sb_model_seq || (curve->model->one_at_a_time && !curve->only_waits);
}

/* A job's wall time past its starts: its tasks' time over its workers, and
 * no less than their computing over the PUs; one task after another for a
 * model that runs them so. */
static double tasks_wall_s(unsigned pus, const sb_scaling_curve *curve, unsigned workers, double tasks)
{
    double tasks_s = tasks * (double)curve->task_ns / 1e9;
    if (sb_scaling_one_at_a_time(curve))
        return tasks_s;
    return fmax(tasks_s / workers, tasks_s * curve->computing_percent / 100 / pus);
}

unsigned sb_scaling_tasks(const sb_suite *suite, const sb_scaling_costs *costs, const sb_scaling_curve *curve,
                          unsigned workers)
{
    bool lean = sb_plan_lean_jobs();
    unsigned base = (lean ? 1 : suite->tasks_per_worker) * workers;
    double start_s = workers * costs->unit_s[curve->model->per_worker];
    if (start_s <= 0)
        return base;
    double needed = ceil(start_s / (SB_SCALING_FIXED_SHARE * tasks_wall_s(pus_of(suite), curve, workers, 1)));
    double cap = fmin((double)MAX_SIZED_TASKS_PER_WORKER * workers, MAX_SIZED_TASKS);
    if (lean)
        cap /= SB_PLAN_LEAN_DIVISOR;
    double sized = fmin(needed, cap);
    return sized > base ? (unsigned)sized : base;
}

double sb_scaling_job_s(unsigned pus, const sb_scaling_costs *costs, const sb_scaling_curve *curve, unsigned workers,
                        unsigned tasks)
{
    return sb_scaling_fixed_s(costs, curve->model, workers, tasks) + tasks_wall_s(pus, curve, workers, tasks);
}

unsigned sb_scaling_spare(unsigned pus, const int64_t *points, size_t count, int64_t workers)
{
    if (workers == 1 || workers == pus || workers == 4 * (int64_t)pus || workers == points[count - 1])
        return 0;
    size_t index = 0;
    while (index < count && points[index] != workers)
        index++;
    return index % 2 ? 2 : 1;
}

static int compare_counts(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The counts asked for, up to `max`, ascending, each once. CPU-bound: the
 * powers of two and the PUs. IO-bound: doubling to 16, then four times
 * each step, which reaches 1,024 in eight points; and `max` itself. */
static size_t candidate_counts(sb_workload_kind kind, unsigned max, unsigned pus, int64_t *out)
{
    size_t n = 0;
    out[n++] = max;
    if (pus <= max)
        out[n++] = pus;
    for (uint64_t count = 1; count <= max && n < SB_SCALING_MAX_POINTS; count *= kind == SB_WORKLOAD_IO && count >= 16 ? 4 : 2)
        out[n++] = (int64_t)count;
    qsort(out, n, sizeof *out, compare_counts);
    size_t unique = 0;
    for (size_t i = 0; i < n; i++)
        if (unique == 0 || out[i] != out[unique - 1])
            out[unique++] = out[i];
    return unique;
}

/* Why `workers` workers of `curve` cannot run here, in `why`; 0 when they can. */
static int refuse(const sb_suite *suite, const sb_scaling_costs *costs, const sb_scaling_curve *curve,
                  unsigned workers, char *why, size_t size)
{
    const sb_model *model = curve->model;
    sb_model_unit unit = model->per_worker ? model->per_worker : model->per_task;
    if (unit == SB_MODEL_UNIT_THREAD || unit == SB_MODEL_UNIT_PROCESS) {
        sb_capacity limits[] = {sb_capacity_tasks(),
                                sb_capacity_memory(unit == SB_MODEL_UNIT_THREAD ? THREAD_BYTES : PROCESS_BYTES)};
        for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
            if (workers > limits[i].count) {
                snprintf(why, size, "%u %s at once do not fit: %s", workers, units[unit].plural, limits[i].reason);
                return 1;
            }
    }
    if (curve->descriptors_per_task > 0) {
        sb_capacity descriptors = sb_capacity_descriptors(curve->descriptors_per_task);
        if (workers > descriptors.count) {
            snprintf(why, size, "%u tasks at once do not fit: %s", workers, descriptors.reason);
            return 1;
        }
    }
    unsigned tasks = sb_scaling_tasks(suite, costs, curve, workers);
    double fixed_s = sb_scaling_fixed_s(costs, model, workers, tasks);
    if (fixed_s > MAX_FIXED_S) {
        char fixed[32], each[32];
        snprintf(why, size, "a job of %u workers and %u tasks would spend %s starting %s at %s each (over %.1f s)",
                 workers, tasks, seconds_text(fixed_s, fixed, sizeof fixed), units[unit].plural,
                 seconds_text(costs->unit_s[unit], each, sizeof each), MAX_FIXED_S);
        return 1;
    }
    return 0;
}

void sb_scaling_axis_plan(const sb_suite *suite, const sb_scaling_costs *costs, const sb_scaling_curve *curve,
                          sb_scaling_axis *axis)
{
    unsigned pus = pus_of(suite);
    /* Coroutines go further where a task only waits: there one hub thread
     * overlaps them all. */
    unsigned max = curve->only_waits && curve->model == &sb_model_coroutine ? suite->max_coroutines
                                                                            : suite->max_workers;
    /* Past the cores, where a waiting worker sits changes little: the far
     * axis is run unpinned alone. A model that runs one task's computing
     * or blocking at a time (the GIL, one hub thread) reaches its bound
     * within a few workers on work that does not only wait (a part of
     * mixed work, an O_DIRECT read): more would only lengthen its jobs. */
    if (curve->kind == SB_WORKLOAD_CPU || curve->policy != SB_PLACE_NONE ||
        (curve->model->one_at_a_time && !curve->only_waits))
        max = max < 4 * pus ? max : 4 * pus;
    int64_t counts[SB_SCALING_MAX_POINTS];
    size_t count = candidate_counts(curve->kind, max, pus, counts);
    axis->count = 0;
    axis->stop[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        char why[400];
        if (refuse(suite, costs, curve, (unsigned)counts[i], why, sizeof why)) {
            snprintf(axis->stop, sizeof axis->stop, "stops at %lld of %u workers: %s",
                     axis->count ? (long long)axis->workers[axis->count - 1] : 0LL, max, why);
            break;
        }
        axis->workers[axis->count++] = counts[i];
    }
}
