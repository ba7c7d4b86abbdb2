/*
 * scaling_plan: what the scaling family runs on this machine. It prices the
 * fixed costs a model pays before its tasks run (starting a thread, a
 * process, a coroutine), and from them and the machine's limits it plans
 * each curve's worker counts and each job's tasks:
 *
 *   - worker counts: CPU-bound work from 1 to 4 x PUs; IO-bound work on a
 *     log-spaced axis up to --max-workers, the coroutine model up to
 *     --max-coroutines on work that only waits; placements other than none,
 *     and models that run one task at a time on work that does not only
 *     wait, stop at 4 x PUs;
 *   - a model that starts threads or processes stops where task ids or
 *     memory run out, or where a job would spend over half a second
 *     starting them; any model stops where the workload's tasks at once
 *     would need more file descriptors than the process may open; and the
 *     curve says which;
 *   - a job has at least --tasks tasks per worker, and enough more that
 *     starting its workers is at most 5% of it, within a cap.
 */
#ifndef SLICEBENCH_SCALING_PLAN_H
#define SLICEBENCH_SCALING_PLAN_H

#include "suite.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SB_SCALING_MAX_POINTS = 48 };

/* The share of a job its workers' start may take, where the tasks allow. */
#define SB_SCALING_FIXED_SHARE 0.05

/* Seconds to start and reclaim one of each sb_model_unit, measured here. */
typedef struct sb_scaling_costs {
    double unit_s[4];
} sb_scaling_costs;

/* Prices each unit (the median of a few lives, core/probes/lifecycle.h).
 * -1, with sb_last_error(), when one cannot be created. */
int sb_scaling_costs_measure(sb_scaling_costs *costs);

/* The costs measured once for the whole run, at the first call, which
 * every family that prices a job reads; NULL, with sb_last_error(), when a
 * unit cannot be created. */
const sb_scaling_costs *sb_scaling_costs_of_run(void);

/* The costs as "thread=25.1 us, process=1.02 ms, coroutine=0.31 us". */
const char *sb_scaling_costs_describe(const sb_scaling_costs *costs, char *text, size_t size);

/* One curve: a model on a kind of workload under a placement. */
typedef struct sb_scaling_curve {
    const sb_model *model;
    sb_workload_kind kind;
    sb_placement_policy policy;
    uint64_t task_ns;
    unsigned descriptors_per_task; /* the workload's */
    bool only_waits;               /* the workload's */
    unsigned computing_percent;    /* the workload's */
} sb_scaling_curve;

/* The curve of `model` on `workload` under `policy`, its tasks `task_ns` long. */
sb_scaling_curve sb_scaling_curve_of(const sb_model *model, const sb_workload *workload, sb_placement_policy policy,
                                     uint64_t task_ns);

typedef struct sb_scaling_axis {
    int64_t workers[SB_SCALING_MAX_POINTS]; /* ascending */
    size_t count;
    char stop[512]; /* why it ends before the largest count asked for; "" when it does not */
} sb_scaling_axis;

void sb_scaling_axis_plan(const sb_suite *suite, const sb_scaling_costs *costs, const sb_scaling_curve *curve,
                          sb_scaling_axis *axis);

/* The tasks of one job of `curve` with `workers` workers. */
unsigned sb_scaling_tasks(const sb_suite *suite, const sb_scaling_costs *costs, const sb_scaling_curve *curve,
                          unsigned workers);

/* The fixed costs of such a job, in seconds: its workers' start and the
 * caller's per-task starts, at the measured prices. */
double sb_scaling_fixed_s(const sb_scaling_costs *costs, const sb_model *model, unsigned workers, unsigned tasks);

/* Whether the jobs of `curve` run one task at a time: seq's, and a model's
 * that runs one task at a time (the GIL, one hub thread) on work that does
 * not only wait. */
bool sb_scaling_one_at_a_time(const sb_scaling_curve *curve);

/* The wall time of one job of `curve` with `workers` workers and `tasks`
 * tasks on `pus` PUs, for the plan (plan.h): its fixed costs, and its tasks
 * over its workers but their computing (the workload's share of each task)
 * no faster than the PUs allow, or one task after another for a model that
 * runs one at a time on work that does not only wait. */
double sb_scaling_job_s(unsigned pus, const sb_scaling_costs *costs, const sb_scaling_curve *curve, unsigned workers,
                        unsigned tasks);

/* Whether a budget may leave out the point `workers` of an axis of `count`
 * ascending `points` on `pus` PUs (see sb_gbench_cost.spare): never the
 * first worker, the PUs, 4 x PUs or the axis's end, which the claims and
 * each curve's shape read; of the others, every second point before the
 * rest. */
unsigned sb_scaling_spare(unsigned pus, const int64_t *points, size_t count, int64_t workers);

#endif
