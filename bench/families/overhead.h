/*
 * overhead: empty tasks run through a model (core/models/model.h), in jobs
 * of at most SB_OVERHEAD_TASKS_PER_JOB, so that a job's start is spread
 * over many tasks yet its task records stay small: as the overhead family
 * prices a model's task (claim C10), and the paired family sets the pool's
 * against a thread per task's.
 */
#ifndef SLICEBENCH_FAMILIES_OVERHEAD_H
#define SLICEBENCH_FAMILIES_OVERHEAD_H

#include "suite.h"

#include <stdint.h>

enum { SB_OVERHEAD_TASKS_PER_JOB = 1 << 16 };

/* Runs `tasks` empty tasks through `model` on `workers` workers placed by
 * `placement`, adding the CPU time the jobs used to *cpu_s unless it is
 * NULL. -1, with sb_last_error(), when a job failed. */
int sb_overhead_run_tasks(const sb_model *model, const sb_placement *placement, unsigned workers, uint64_t tasks,
                          double *cpu_s);

#endif
