/* coroutine: every task a coroutine on one hub on the calling thread, at
 * most `workers` alive at once: gevent's model. A task's sleeps and
 * descriptor waits park its coroutine, so IO-bound tasks overlap their waits
 * on one thread, far past the core count; CPU-bound ones cannot overlap at
 * all, since nothing preempts a running coroutine. */
#include "models/coroutine.h"

#include "coro/coro.h"
#include "base/error.h"
#include "models/spawner.h"

#include <stdlib.h>

struct coroutine_run;

typedef struct seat {
    struct coroutine_run *run;
    unsigned worker;
    unsigned task;
} seat;

typedef struct coroutine_run {
    const sb_job *job;
    sb_task_record *records;
    sb_hub *hub;
    seat *seats;
} coroutine_run;

static void run_task(void *arg)
{
    const seat *s = arg;
    sb_task_execute(s->run->job, s->run->records, s->task);
}

static int spawn_task(void *context, unsigned worker, unsigned task)
{
    coroutine_run *run = context;
    seat *s = &run->seats[worker];
    *s = (seat){.run = run, .worker = worker, .task = task};
    return sb_hub_spawn(run->hub, run_task, s);
}

static int join_any_task(void *context, unsigned *worker)
{
    coroutine_run *run = context;
    void *finished;
    if (sb_hub_join_any(run->hub, &finished) != 0)
        return -1;
    *worker = ((const seat *)finished)->worker;
    return 0;
}

int sb_coroutine_model_run(const sb_job *job, sb_task_record *records, sb_hub_backend backend, sb_hub_stats *stats)
{
    /* One worker, the caller's thread, as in the seq model: all the
     * coroutines share it. */
    sb_saved_binding *saved = sb_placement_bind_caller(job->placement, 0);
    if (!saved)
        return -1;
    coroutine_run run = {.job = job, .records = records};
    run.seats = calloc(job->workers, sizeof *run.seats);
    run.hub = run.seats ? sb_hub_create(backend, SB_CORO_STACK_DEFAULT) : NULL;
    int rc = -1;
    if (run.hub) {
        static const sb_spawner_ops ops = {.start = spawn_task, .wait_any = join_any_task};
        rc = sb_spawner_run(&ops, &run, job->tasks, job->workers);
        if (stats)
            *stats = sb_hub_get_stats(run.hub);
    } else if (!run.seats) {
        sb_set_error("out of memory");
    }
    sb_hub_destroy(run.hub);
    free(run.seats);
    if (sb_placement_restore_thread_binding(saved) != 0)
        rc = -1;
    return rc;
}

static int coroutine_model_run(const sb_job *job, sb_task_record *records)
{
    return sb_coroutine_model_run(job, records, sb_hub_backend_default(), NULL);
}

const sb_model sb_model_coroutine = {
    .name = "coroutine",
    .description = "every task a coroutine on one hub on the calling thread, at most `workers` at once",
    .run = coroutine_model_run,
    .per_task = SB_MODEL_UNIT_COROUTINE,
    .per_worker = SB_MODEL_UNIT_NONE,
    .one_at_a_time = true,
};
