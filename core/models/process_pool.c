/* process_pool: `workers` processes forked once per job, bound to their
 * seats' PUs and fed task indices one at a time over sockets: what
 * multiprocessing.Pool.map with chunksize=1 pays, its workers' start-up
 * included.
 *
 * Results come back through the shared task records rather than the pool's
 * replies: sb_task_execute counts the run inside the worker, so the check
 * that every task ran exactly once sees what the workers did, not what the
 * parent believes. A reply only says that its task is done. */
#include "models/model.h"

#include "base/error.h"
#include "python/process_pool.h"

#include <stdlib.h>

typedef struct pool_run {
    const sb_job *job;
    sb_task_record *records;
} pool_run;

static uint64_t execute_task(void *context, uint64_t task)
{
    const pool_run *run = context;
    sb_task_execute(run->job, run->records, (unsigned)task);
    return 0;
}

static int process_pool_model_run(const sb_job *job, sb_task_record *records)
{
    uint64_t *tasks = malloc(job->tasks * sizeof *tasks);
    if (!tasks) {
        sb_set_error("out of memory");
        return -1;
    }
    for (unsigned t = 0; t < job->tasks; t++)
        tasks[t] = t;

    pool_run run = {.job = job, .records = records};
    sb_process_pool *pool = sb_process_pool_create(job->workers, job->placement, execute_task, &run);
    int rc = pool ? sb_process_pool_map(pool, tasks, NULL, job->tasks) : -1;
    /* After a failed map the pool has already reaped its workers and closing
     * it cannot fail, so the map's reason stays the error. */
    if (pool && sb_process_pool_close(pool) != 0)
        rc = -1;
    free(tasks);
    return rc;
}

const sb_model sb_model_process_pool = {
    .name = "process_pool",
    .description = "`workers` processes forked once per job, fed one task at a time over sockets",
    .run = process_pool_model_run,
    .per_task = SB_MODEL_UNIT_NONE,
    .per_worker = SB_MODEL_UNIT_PROCESS,
};
