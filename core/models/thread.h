/*
 * models/thread: the thread-per-task runner behind the thread model, for
 * models that are thread-per-task with something around each task (the gil
 * model holds the GIL while a task runs). Internal to the models.
 */
#ifndef SLICEBENCH_MODELS_THREAD_H
#define SLICEBENCH_MODELS_THREAD_H

#include "models/model.h"

typedef struct sb_task_guard {
    /* Called on the task's thread, once bound: right before its task runs,
     * and right after. */
    void (*enter)(void *context);
    void (*leave)(void *context);
    void *context;
} sb_task_guard;

/* Runs every task of `job` on a new thread of its own, at most `workers` at
 * once, with `guard` around each task (NULL: none). As sb_model.run. */
int sb_thread_per_task_run(const sb_job *job, sb_task_record *records, const sb_task_guard *guard);

#endif
