/*
 * process_pool: worker processes forked once and then fed request after
 * request, as multiprocessing.Pool does, so a task pays a round trip instead
 * of a fork.
 *
 * Each worker talks to the pool over its own Unix stream socket pair (a pipe
 * in both directions). Chosen over shared memory because the kernel does the
 * waking: an idle worker sleeps in recv(), the pool sleeps in poll() over the
 * busy ones, and a worker that dies shows up as end-of-file on its socket,
 * with no heartbeat or timeout. Chosen over two pipes because send() with
 * MSG_NOSIGNAL turns a write to a dead worker into EPIPE without touching the
 * process-wide SIGPIPE disposition, which belongs to the program.
 *
 * A worker serves one request at a time, so the pool always knows which
 * request a dead worker took with it. Workers are forked from the creating
 * thread, and are killed should it end first (base/child.h): the handler
 * and its context are valid in them, but nothing written in a worker is
 * seen by the parent except the result (or memory the context shares, such
 * as a MAP_SHARED mapping). Besides the handler, a worker only binds itself
 * to its PU and makes async-signal-safe calls.
 */
#ifndef SLICEBENCH_PYTHON_PROCESS_POOL_H
#define SLICEBENCH_PYTHON_PROCESS_POOL_H

#include "base/placement.h"

#include <stddef.h>
#include <stdint.h>

/* What a worker does with one request; runs in the worker process. */
typedef uint64_t (*sb_process_pool_handler)(void *context, uint64_t request);

typedef struct sb_process_pool sb_process_pool;

/* Forks `workers` workers, worker i bound to `placement`'s PU for worker i
 * (planned for exactly `workers` workers; it must outlive the pool). NULL,
 * with sb_last_error(), on bad arguments or when a worker cannot be started;
 * none is then left running. */
sb_process_pool *sb_process_pool_create(unsigned workers, const sb_placement *placement,
                                        sb_process_pool_handler handler, void *context);

/* Has the workers run requests[0..count-1], each exactly once, and stores
 * request i's result in results[i] (results may be NULL when only the
 * handler's effects matter). 0 when every request was answered. -1, with
 * sb_last_error(), on bad arguments, on a pool that has stopped, or when a
 * worker dies: the error names the request, the worker and how it ended, and
 * the pool stops, killing and reaping every worker. */
int sb_process_pool_map(sb_process_pool *pool, const uint64_t *requests, uint64_t *results, size_t count);

/* Tells the workers to exit, reaps them all and frees the pool. 0, or -1 with
 * sb_last_error() naming a worker that did not exit cleanly. After a failed
 * map the workers are already gone and this only frees. */
int sb_process_pool_close(sb_process_pool *pool);

#endif
