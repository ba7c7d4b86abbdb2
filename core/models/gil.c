/* gil: a new thread per task, as in the thread model, but a task runs only
 * while its thread holds a CPython-style GIL (see python/gil.h): CPU-bound tasks take
 * turns as Python threads do, while IO-bound ones overlap their waits. */
#include "python/gil.h"
#include "models/thread.h"

static int gil_model_run(const sb_job *job, sb_task_record *records)
{
    sb_gil *gil = sb_gil_create();
    if (!gil)
        return -1;
    const sb_task_guard guard = {.enter = sb_gil_enter, .leave = sb_gil_leave, .context = gil};
    int rc = sb_thread_per_task_run(job, records, &guard);
    sb_gil_destroy(gil);
    return rc;
}

const sb_model sb_model_gil = {
    .name = "gil",
    .description = "a new thread per task, each holding a CPython-style GIL while it runs",
    .run = gil_model_run,
    .per_task = SB_MODEL_UNIT_THREAD,
    .per_worker = SB_MODEL_UNIT_NONE,
    .one_at_a_time = true,
};
