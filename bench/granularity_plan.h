/*
 * granularity_plan: the task durations the granularity family measures and
 * its rule for a job's tasks at each, which the cpython family's
 * granularity rows share, so that both run the same jobs.
 */
#ifndef SLICEBENCH_GRANULARITY_PLAN_H
#define SLICEBENCH_GRANULARITY_PLAN_H

#include <stdint.h>

/* Task durations a decade apart: the 100 ms jobs cost as much as three
 * shorter durations together, and the whole family must fit in about two
 * minutes of a full run on 2 PUs (see the family's page). */
static const int64_t sb_granularity_task_us[] = {10, 100, 1000, 10000, 100000};
enum { SB_GRANULARITY_DURATIONS = sizeof sb_granularity_task_us / sizeof *sb_granularity_task_us };

/* The tasks of a job of `workers` workers (the PUs: seq's single worker runs
 * the same tasks) whose tasks take `duration_us` each; fewer in a budget's
 * lean jobs (plan.h). */
unsigned sb_granularity_tasks(unsigned workers, int64_t duration_us);

#endif
