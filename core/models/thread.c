/* thread: a new thread for every task (at most `workers` alive at once),
 * created, bound to its seat's PU and joined: the cost Python's
 * threading.Thread(target=...).start() pays per task. */
#include "models/thread.h"

#include "base/error.h"
#include "models/spawner.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct thread_run;

typedef struct seat {
    struct thread_run *run;
    pthread_t thread;
    unsigned worker;
    unsigned task;
    char failure[256]; /* set by the thread when it could not bind */
} seat;

typedef struct thread_run {
    const sb_job *job;
    sb_task_record *records;
    const sb_task_guard *guard;
    seat *seats;
    /* Seats whose thread has finished, in finishing order. Each seat is in
     * flight at most once, so `workers` entries always suffice. */
    pthread_mutex_t lock;
    pthread_cond_t finished;
    unsigned *done;
    unsigned done_head, done_count;
} thread_run;

static void *task_thread(void *arg)
{
    seat *s = arg;
    thread_run *run = s->run;
    const sb_task_guard *guard = run->guard;
    if (sb_placement_bind_thread(run->job->placement, s->worker) == 0) {
        if (guard)
            guard->enter(guard->context);
        sb_task_execute(run->job, run->records, s->task);
        if (guard)
            guard->leave(guard->context);
    } else {
        snprintf(s->failure, sizeof s->failure, "%s", sb_last_error());
    }

    pthread_mutex_lock(&run->lock);
    run->done[(run->done_head + run->done_count) % run->job->workers] = s->worker;
    run->done_count++;
    pthread_cond_signal(&run->finished);
    pthread_mutex_unlock(&run->lock);
    return NULL;
}

static int start_thread(void *context, unsigned worker, unsigned task)
{
    thread_run *run = context;
    seat *s = &run->seats[worker];
    *s = (seat){.run = run, .worker = worker, .task = task};
    int rc = pthread_create(&s->thread, NULL, task_thread, s);
    if (rc != 0) {
        sb_set_error("cannot create a thread for task %u: %s", task, strerror(rc));
        return -1;
    }
    return 0;
}

static int wait_any_thread(void *context, unsigned *worker)
{
    thread_run *run = context;
    pthread_mutex_lock(&run->lock);
    while (run->done_count == 0)
        pthread_cond_wait(&run->finished, &run->lock);
    *worker = run->done[run->done_head];
    run->done_head = (run->done_head + 1) % run->job->workers;
    run->done_count--;
    pthread_mutex_unlock(&run->lock);

    seat *s = &run->seats[*worker];
    pthread_join(s->thread, NULL);
    if (s->failure[0]) {
        sb_set_error("%s", s->failure);
        return -1;
    }
    return 0;
}

int sb_thread_per_task_run(const sb_job *job, sb_task_record *records, const sb_task_guard *guard)
{
    thread_run run = {.job = job, .records = records, .guard = guard};
    run.seats = calloc(job->workers, sizeof *run.seats);
    run.done = calloc(job->workers, sizeof *run.done);
    if (!run.seats || !run.done) {
        free(run.seats);
        free(run.done);
        sb_set_error("out of memory");
        return -1;
    }
    pthread_mutex_init(&run.lock, NULL);
    pthread_cond_init(&run.finished, NULL);

    static const sb_spawner_ops ops = {.start = start_thread, .wait_any = wait_any_thread};
    int rc = sb_spawner_run(&ops, &run, job->tasks, job->workers);

    pthread_cond_destroy(&run.finished);
    pthread_mutex_destroy(&run.lock);
    free(run.done);
    free(run.seats);
    return rc;
}

static int thread_model_run(const sb_job *job, sb_task_record *records)
{
    return sb_thread_per_task_run(job, records, NULL);
}

const sb_model sb_model_thread = {
    .name = "thread",
    .description = "a new thread per task, at most `workers` at once",
    .run = thread_model_run,
    .per_task = SB_MODEL_UNIT_THREAD,
    .per_worker = SB_MODEL_UNIT_NONE,
};
