/*
 * spawner: the loop shared by the models that start a fresh thread or process
 * per task. It keeps at most `workers` tasks in flight; a new task starts in
 * the worker seat the last finished one freed, so it inherits that seat's
 * placement.
 */
#ifndef SLICEBENCH_MODELS_SPAWNER_H
#define SLICEBENCH_MODELS_SPAWNER_H

typedef struct sb_spawner_ops {
    /* Starts task `task` in seat `worker`. 0, or -1 with sb_last_error(). */
    int (*start)(void *context, unsigned worker, unsigned task);
    /* Waits until any started task ends and reaps it; stores its seat. 0, or
     * -1 with sb_last_error() when the task failed (it is reaped all the same). */
    int (*wait_any)(void *context, unsigned *worker);
} sb_spawner_ops;

/* Runs tasks 0..tasks-1. On the first failure it starts nothing more, waits
 * for the tasks still in flight, and returns -1 with that failure's reason. */
int sb_spawner_run(const sb_spawner_ops *ops, void *context, unsigned tasks, unsigned workers);

#endif
