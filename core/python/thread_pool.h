/*
 * thread_pool: a fixed set of worker threads that run submitted calls and hand their
 * results back through futures, like Python's
 * concurrent.futures.ThreadPoolExecutor: threads are started once and reused,
 * where the thread model starts one per task.
 *
 *     sb_thread_pool *pool = sb_thread_pool_create(workers, placement);
 *     sb_future *future = sb_thread_pool_submit(pool, fn, arg);
 *     void *value;
 *     if (sb_future_result(future, SB_FUTURE_WAIT_FOREVER, &value) == 0)
 *         use(value);
 *     sb_future_release(future);
 *     sb_thread_pool_destroy(pool);
 *
 * Who frees what: sb_thread_pool_submit hands the caller a future, which the caller
 * gives back with sb_future_release() once done with it (a future may be
 * released before its task has run: the task still runs, callbacks included).
 * Futures live in their pool's memory, so sb_thread_pool_destroy() frees any the
 * caller did not release; none may be used after it.
 *
 * Every function may be called from any thread, tasks and callbacks
 * included, except sb_thread_pool_shutdown(pool, true) and sb_thread_pool_destroy(), which
 * wait for the workers: the pool's owner calls them, from one thread.
 */
#ifndef SLICEBENCH_PYTHON_THREAD_POOL_H
#define SLICEBENCH_PYTHON_THREAD_POOL_H

#include "base/placement.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sb_thread_pool sb_thread_pool;
typedef struct sb_future sb_future;

/* A task: runs on a worker; what it returns is its future's result. */
typedef void *(*sb_thread_pool_fn)(void *arg);

/* Called once when `future` is done (its result is ready). `future` is valid
 * for the duration of the call, even if its owner has released it. */
typedef void (*sb_future_callback)(sb_future *future, void *arg);

/* Starts `workers` (> 0) threads; worker i binds itself to
 * placement's worker i, so `placement` must be planned for `workers` workers
 * and is not used after this returns. NULL, with sb_last_error(), on bad
 * arguments, or when a thread cannot start or bind. */
sb_thread_pool *sb_thread_pool_create(unsigned workers, const sb_placement *placement);

/* Queues fn(arg) to run on a worker. NULL, with sb_last_error(), after
 * sb_thread_pool_shutdown() or when out of memory. */
sb_future *sb_thread_pool_submit(sb_thread_pool *pool, sb_thread_pool_fn fn, void *arg);

/* Stops new submissions. With `wait`, returns once every queued task has run
 * and every worker has exited. Without, returns at once: the queued tasks
 * still run, and sb_thread_pool_destroy() waits for them. Calling it again is
 * allowed (to wait after all). -1, with sb_last_error(), for a NULL pool or
 * when called with `wait` from one of the pool's own workers (it would wait
 * for itself). */
int sb_thread_pool_shutdown(sb_thread_pool *pool, bool wait);

/* Shuts the pool down, waiting for every queued task, and frees it and all
 * its futures; no other thread may be using the pool by then. NULL is
 * ignored. -1, with sb_last_error(), when called from one of the pool's own
 * workers; the pool is then left as it was. */
int sb_thread_pool_destroy(sb_thread_pool *pool);

/* sb_future_result's return when the task is not done in time. The result
 * can still be asked for again later. */
enum { SB_FUTURE_TIMED_OUT = 1 };

/* A timeout that never expires. */
#define SB_FUTURE_WAIT_FOREVER UINT64_MAX

/* Waits up to `timeout_ns` (0: just look; SB_FUTURE_WAIT_FOREVER: no limit)
 * for the task to be done and stores its result in *result (which may be
 * NULL). 0 when done, SB_FUTURE_TIMED_OUT when not yet, -1 with
 * sb_last_error() for a NULL future. Waiting from a worker for a task queued
 * behind it can wait forever, as in Python. */
int sb_future_result(sb_future *future, uint64_t timeout_ns, void **result);

/* Whether the task has run and its result is ready (false for NULL). */
bool sb_future_done(const sb_future *future);

/* Has fn(future, arg) called once the task is done: on the worker that
 * finishes it, or right away on the calling thread if it is already done.
 * Callbacks run in the order they were added. -1, with sb_last_error(), for
 * a NULL future or function, or when out of memory. */
int sb_future_add_done_callback(sb_future *future, sb_future_callback fn, void *arg);

/* Gives the future back to its pool. NULL is ignored. */
void sb_future_release(sb_future *future);

#endif
