/* pool: a thread pool of `workers` threads, each bound to its seat's PU and
 * started once per job; every task is submitted as a future and its result
 * awaited: what Python's ThreadPoolExecutor pays per task. */
#include "models/model.h"

#include "base/error.h"
#include "python/thread_pool.h"

#include <stdlib.h>

typedef struct pool_task {
    const sb_job *job;
    sb_task_record *records;
    unsigned task;
} pool_task;

static void *run_task(void *arg)
{
    const pool_task *t = arg;
    sb_task_execute(t->job, t->records, t->task);
    return NULL;
}

static int pool_model_run(const sb_job *job, sb_task_record *records)
{
    pool_task *tasks = calloc(job->tasks, sizeof *tasks);
    sb_future **futures = calloc(job->tasks, sizeof *futures);
    sb_thread_pool *pool = tasks && futures ? sb_thread_pool_create(job->workers, job->placement) : NULL;
    if (!pool) {
        if (!tasks || !futures)
            sb_set_error("out of memory");
        free(futures);
        free(tasks);
        return -1;
    }

    /* Everything is submitted before anything is awaited, so the workers are
     * never held back by the caller. */
    unsigned submitted = 0;
    for (; submitted < job->tasks; submitted++) {
        tasks[submitted] = (pool_task){.job = job, .records = records, .task = submitted};
        futures[submitted] = sb_thread_pool_submit(pool, run_task, &tasks[submitted]);
        if (!futures[submitted])
            break;
    }
    for (unsigned t = 0; t < submitted; t++) {
        sb_future_result(futures[t], SB_FUTURE_WAIT_FOREVER, NULL);
        sb_future_release(futures[t]);
    }
    sb_thread_pool_destroy(pool);
    free(futures);
    free(tasks);
    return submitted == job->tasks ? 0 : -1;
}

const sb_model sb_model_pool = {
    .name = "pool",
    .description = "a pool of `workers` threads started once; each task a future",
    .run = pool_model_run,
    .per_task = SB_MODEL_UNIT_NONE,
    .per_worker = SB_MODEL_UNIT_THREAD,
};
