/*
 * model: an execution model runs a job's tasks on its workers (the calling
 * thread, new threads, forked processes, ...) and reports what that cost.
 *
 * Every model runs every task exactly once; sb_model_run checks this, so a
 * model that loses or repeats a task fails loudly instead of looking fast.
 *
 * To add a model: write core/models/<name>.c defining an sb_model, and add
 * its line to core/models/models.def.
 */
#ifndef SLICEBENCH_MODELS_MODEL_H
#define SLICEBENCH_MODELS_MODEL_H

#include "base/placement.h"
#include "workloads/workload.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct sb_job {
    const sb_workload *workload;
    uint64_t size;                 /* per task, in the workload's units */
    unsigned tasks;                /* > 0 */
    unsigned workers;              /* > 0; at most this many tasks run at once */
    const sb_placement *placement; /* planned for `workers` workers */
} sb_job;

typedef struct sb_job_result {
    double wall_s;             /* from the first task started to the last finished */
    double cpu_s;              /* user + system, of this process and its children */
    long voluntary_switches;   /* blocked: IO, sleeps, waits */
    long involuntary_switches; /* preempted by the scheduler */
    long peak_rss_kb;          /* high-water mark of the process or any child */
    double caller_cpu_s;       /* user + system of the calling thread alone: starting, handing over, collecting */
    uint64_t checksum;         /* sum of every task's result */
} sb_job_result;

/* Where a task leaves its outcome. Lives in memory shared with child
 * processes, so models that fork need not send results back themselves. */
typedef struct sb_task_record {
    _Atomic uint32_t runs;
    uint64_t result;
} sb_task_record;

/* What a model starts for its work: the fixed costs it pays before a task
 * can run, which a benchmark prices on the machine to size its jobs. */
typedef enum sb_model_unit {
    SB_MODEL_UNIT_NONE,
    SB_MODEL_UNIT_THREAD,
    SB_MODEL_UNIT_PROCESS,
    SB_MODEL_UNIT_COROUTINE,
} sb_model_unit;

typedef struct sb_model {
    const char *name;
    const char *description;
    sb_model_unit per_task;   /* started by the caller for each task, one after another */
    sb_model_unit per_worker; /* started for each worker of each job */
    /* Only one of its tasks computes or blocks at a time (one lock, one
     * thread): tasks overlap only their waits through the task hooks. */
    bool one_at_a_time;
    /* Runs every task of `job` once through sb_task_execute(). 0 on
     * success; -1 with sb_last_error() otherwise, having reaped every thread
     * and process it started. */
    int (*run)(const sb_job *job, sb_task_record *records);
} sb_model;

/* Every registered model, NULL-terminated. */
extern const sb_model *const sb_models[];

/* The registered model called `name`; NULL, with sb_last_error(), if none. */
const sb_model *sb_model_find(const char *name);

/* Its position in sb_models[]. */
unsigned sb_model_index(const sb_model *model);

/* Opens the job's workload, runs `job` under `model`, measures it and
 * closes the workload. When `task_results` is not NULL it receives each
 * task's result (job->tasks entries). -1, with sb_last_error(), on a bad job,
 * a workload that cannot be opened, a model failure, a task that failed (the
 * first one's reason), or a task that did not run exactly once. */
int sb_model_run(const sb_model *model, const sb_job *job, sb_job_result *result, uint64_t *task_results);

/* For models: runs task `task` of `job` and records its outcome in
 * `records`, the array sb_model_run() handed the model (a failing task's
 * reason is kept in the same mapping). */
void sb_task_execute(const sb_job *job, sb_task_record *records, unsigned task);

/* Each model of models.def: sb_model_seq, sb_model_thread, ... */
#define SB_MODEL(name, file, colour) extern const sb_model sb_model_##name;
#include "models/models.def"
#undef SB_MODEL

#endif
