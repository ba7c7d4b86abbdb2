/* process: a forked child for every task (at most `workers` alive at once),
 * bound to its seat's PU and reaped: what multiprocessing.Process pays per
 * task. Results come back through the shared task records. */
#include "model.h"

#include "error.h"
#include "spawner.h"
#include "worker_exit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct process_run {
    const sb_job *job;
    sb_task_record *records;
    pid_t *children; /* by seat; 0 when the seat is empty */
} process_run;

static int start_process(void *context, unsigned worker, unsigned task)
{
    process_run *run = context;
    pid_t pid = fork();
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
    return 0;
}

static int seat_of(const process_run *run, pid_t pid)
{
    for (unsigned w = 0; w < run->job->workers; w++)
        if (run->children[w] == pid)
            return (int)w;
    return -1;
}

static int wait_any_process(void *context, unsigned *worker)
{
    process_run *run = context;
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            sb_set_error("waitpid: %s", strerror(errno));
            return -1;
        }
        int seat = seat_of(run, pid);
        if (seat < 0)
            continue; /* not one of ours */
        run->children[seat] = 0;
        *worker = (unsigned)seat;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            return 0;
        sb_worker_exit_error(run->job->placement, *worker, pid, status);
        return -1;
    }
}

static int process_model_run(const sb_job *job, sb_task_record *records)
{
    process_run run = {.job = job, .records = records};
    run.children = calloc(job->workers, sizeof *run.children);
    if (!run.children) {
        sb_set_error("out of memory");
        return -1;
    }
    static const sb_spawner_ops ops = {.start = start_process, .wait_any = wait_any_process};
    int rc = sb_spawner_run(&ops, &run, job->tasks, job->workers);
    free(run.children);
    return rc;
}

const sb_model sb_model_process = {
    .name = "process",
    .description = "a forked child process per task, at most `workers` at once",
    .run = process_model_run,
};
