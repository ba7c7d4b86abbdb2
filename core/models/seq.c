/* seq: every task in turn on the calling thread; the baseline for speedups. */
#include "models/model.h"

static int seq_run(const sb_job *job, sb_task_record *records)
{
    /* One worker: the caller's own thread, bound for the run if the placement
     * says so, and given back its binding afterwards. */
    sb_saved_binding *saved = sb_placement_bind_caller(job->placement, 0);
    if (!saved)
        return -1;
    for (unsigned t = 0; t < job->tasks; t++)
        sb_task_execute(job, records, t);
    return sb_placement_restore_thread_binding(saved);
}

const sb_model sb_model_seq = {
    .name = "seq",
    .description = "every task in turn on the calling thread",
    .run = seq_run,
    .per_task = SB_MODEL_UNIT_NONE,
    .per_worker = SB_MODEL_UNIT_NONE,
};
