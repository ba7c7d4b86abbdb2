/* process: a forked child for every task (at most `workers` alive at once),
 * bound to its seat's PU and reaped: what multiprocessing.Process pays per
 * task. Results come back through the shared task records.
 *
 * The parent waits on a pidfd per child rather than waitpid(-1), so that it
 * reaps only its own children and never steals another part of the program's
 * (a process pool's workers, say). */
#include "models/model.h"

#include "base/child.h"
#include "base/error.h"
#include "models/spawner.h"
#include "base/worker_exit.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct process_run {
    const sb_job *job;
    sb_task_record *records;
    pid_t *children;        /* by seat */
    struct pollfd *pidfds;  /* by seat; fd -1 (ignored by poll) when the seat is empty */
} process_run;

static int start_process(void *context, unsigned worker, unsigned task)
{
    process_run *run = context;
    pid_t pid = sb_child_fork();
    if (pid < 0) {
        sb_set_error("cannot fork a process for task %u: %s", task, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        if (sb_placement_bind_process(run->job->placement, worker) != 0)
            _exit(SB_WORKER_EXIT_BIND_FAILED);
        sb_task_execute(run->job, run->records, task);
        _exit(0);
    }
    run->children[worker] = pid;
    run->pidfds[worker].fd = pidfd_open(pid, 0);
    if (run->pidfds[worker].fd < 0) {
        /* Without a pidfd it cannot be waited for with the others: reap it
         * now, and fail the run. */
        sb_set_error("cannot watch the process of task %u: %s", task, strerror(errno));
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        return -1;
    }
    return 0;
}

/* Reaps the child in `seat`, which has exited. */
static int reap(process_run *run, unsigned seat)
{
    int status;
    pid_t pid = run->children[seat];
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            sb_set_error("waitpid: %s", strerror(errno));
            return -1;
        }
    close(run->pidfds[seat].fd);
    run->pidfds[seat].fd = -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    sb_worker_exit_error(run->job->placement, seat, pid, status);
    return -1;
}

static int wait_any_process(void *context, unsigned *worker)
{
    process_run *run = context;
    for (;;) {
        /* A pidfd becomes readable when its process exits. */
        if (poll(run->pidfds, run->job->workers, -1) < 0) {
            if (errno == EINTR)
                continue;
            sb_set_error("poll: %s", strerror(errno));
            return -1;
        }
        for (unsigned seat = 0; seat < run->job->workers; seat++) {
            if (run->pidfds[seat].fd >= 0 && run->pidfds[seat].revents) {
                *worker = seat;
                return reap(run, seat);
            }
        }
    }
}

static int process_model_run(const sb_job *job, sb_task_record *records)
{
    process_run run = {.job = job, .records = records};
    run.children = calloc(job->workers, sizeof *run.children);
    run.pidfds = calloc(job->workers, sizeof *run.pidfds);
    if (!run.children || !run.pidfds) {
        free(run.children);
        free(run.pidfds);
        sb_set_error("out of memory");
        return -1;
    }
    for (unsigned seat = 0; seat < job->workers; seat++)
        run.pidfds[seat] = (struct pollfd){.fd = -1, .events = POLLIN};
    static const sb_spawner_ops ops = {.start = start_process, .wait_any = wait_any_process};
    int rc = sb_spawner_run(&ops, &run, job->tasks, job->workers);
    free(run.pidfds);
    free(run.children);
    return rc;
}

const sb_model sb_model_process = {
    .name = "process",
    .description = "a forked child process per task, at most `workers` at once",
    .run = process_model_run,
    .per_task = SB_MODEL_UNIT_PROCESS,
    .per_worker = SB_MODEL_UNIT_NONE,
};
