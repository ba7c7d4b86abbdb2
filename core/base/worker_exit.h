/*
 * worker_exit: how a forked worker process ended, in words, so that every
 * model that forks reports a crashed or failed worker the same way.
 */
#ifndef SLICEBENCH_BASE_WORKER_EXIT_H
#define SLICEBENCH_BASE_WORKER_EXIT_H

#include "base/placement.h"

#include <sys/types.h>

/* The exit status of a worker that could not bind to its PU: distinct from
 * 0 and 1 so that it cannot be mistaken for a task's own exit. */
enum { SB_WORKER_EXIT_BIND_FAILED = 3 };

/* Sets the error to how worker `worker` (process `pid`, planned by
 * `placement`, or NULL when it was not bound) ended, from waitpid's
 * `status`: killed by a signal, unable to bind to its PU, or exiting with a
 * status. */
void sb_worker_exit_error(const sb_placement *placement, unsigned worker, pid_t pid, int status);

#endif
