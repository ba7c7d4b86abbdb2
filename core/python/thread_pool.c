/*
 * The pool's hot path is submit (one lock), a worker taking the task (one
 * lock), running it, and the caller reading the result (one atomic load).
 * What keeps it short:
 *
 * - Futures come from slabs and are recycled: a future goes back once both
 *   its caller and its worker have let go of it, onto a lock-free stack that
 *   submit takes whole when its own free list runs dry. In steady state no
 *   task allocates.
 * - A worker that runs out of tasks spins briefly before sleeping, since
 *   waking a sleeping thread costs a system call on each side, far more than
 *   an empty task. Only a worker that is really asleep is woken, each by its
 *   own condition variable, so a burst of submissions makes one wake-up per
 *   sleeping worker, not one per task.
 * - A caller whose future is not done spins as briefly, then sleeps on the
 *   pool's completion condition; the worker finishing a task takes that lock
 *   only when the future says someone sleeps on it.
 * - Futures are cache-line aligned, so workers finishing neighbouring tasks
 *   do not write to the same line.
 */
#include "python/thread_pool.h"

#include "base/clock.h"
#include "base/cpu_relax.h"
#include "base/error.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    CACHE_LINE = 64,
    FUTURES_PER_SLAB = 256,
    /* How long a thread with nothing to do looks before it sleeps: long
     * enough to cover a submitter's next call or a short task, short against
     * a time slice. It pauses for the first PAUSE_NS, then yields. Measured
     * on 2 cores, spinning made a submit-then-wait round trip about 30 times
     * faster than sleeping at once; yielding instead of pausing after the
     * first 2 us made a burst of empty tasks about 30% cheaper. */
    SPIN_NS = 20000,
    PAUSE_NS = 2000,
};

/* Bits of a future's state. */
enum {
    FUTURE_DONE = 1u,   /* the result is stored */
    FUTURE_WAITED = 2u, /* a caller sleeps on the pool's completion condition for it */
};

typedef struct callback_node {
    struct callback_node *next;
    sb_future_callback fn;
    void *arg;
} callback_node;

/* Closes a done future's callback list: callbacks added later run at once. */
static callback_node callbacks_closed;

struct sb_future {
    alignas(CACHE_LINE) _Atomic unsigned state;
    /* The caller and the worker: the future is recycled when both let go. */
    _Atomic unsigned holders;
    _Atomic(callback_node *) callbacks; /* newest first; &callbacks_closed once done */
    sb_thread_pool *pool;
    sb_thread_pool_fn fn;
    void *arg;
    void *result;
    sb_future *next; /* in the queue, a free list or the returned stack */
};

typedef struct future_slab {
    struct future_slab *next;
    sb_future futures[FUTURES_PER_SLAB];
} future_slab;

typedef struct pool_worker {
    sb_thread_pool *pool;
    pthread_t thread;
    unsigned index;
    /* Guarded by the pool's lock. */
    bool asleep;
    struct pool_worker *next_idle;
    pthread_cond_t wake;
} pool_worker;

struct sb_thread_pool {
    /* Everything up to `returned` is guarded by `lock`. */
    pthread_mutex_t lock;
    sb_future *head, *tail;
    /* The queue's length, also read without the lock by spinning workers. */
    _Atomic unsigned queued;
    sb_future *free;
    future_slab *slabs;
    pool_worker *idle; /* sleeping workers, most recently idle first */
    bool shutting_down;
    unsigned started;         /* workers that have tried to bind */
    pthread_cond_t all_started;
    char failure[256];        /* why the first worker that failed to bind did */

    /* Futures both holders let go of, pushed without the lock. */
    alignas(CACHE_LINE) _Atomic(sb_future *) returned;

    alignas(CACHE_LINE) pthread_mutex_t done_lock;
    pthread_cond_t done; /* broadcast when a future with FUTURE_WAITED is done */

    const sb_placement *placement; /* read by the workers while sb_thread_pool_create waits */
    pool_worker *workers;
    unsigned threads; /* workers started */
    bool joined;
};

/* The pool whose worker the calling thread is, if any. */
static _Thread_local const sb_thread_pool *own_pool;

/* Waits up to `ns` for any of `mask`'s bits to be set in *word, without
 * sleeping: first with the processor's pause hint, for a hand-off about to
 * happen; then giving the core away at each look, since with more threads
 * than cores the thread that would set the bit may be waiting for this one's
 * core. */
static bool spin_until_set(const _Atomic unsigned *word, unsigned mask, uint64_t ns)
{
    uint64_t start = sb_clock_ns();
    for (uint64_t spun = 0; spun < ns; spun = sb_clock_ns() - start) {
        if (atomic_load_explicit(word, memory_order_acquire) & mask)
            return true;
        if (spun < PAUSE_NS)
            sb_cpu_relax();
        else
            sched_yield();
    }
    return false;
}

/* ---- futures ---------------------------------------------------------- */

static void return_future(sb_future *future)
{
    sb_thread_pool *pool = future->pool;
    sb_future *head = atomic_load_explicit(&pool->returned, memory_order_relaxed);
    do
        future->next = head;
    while (!atomic_compare_exchange_weak_explicit(&pool->returned, &head, future, memory_order_release,
                                                  memory_order_relaxed));
}

static void let_go(sb_future *future)
{
    if (atomic_fetch_sub_explicit(&future->holders, 1, memory_order_acq_rel) == 1)
        return_future(future);
}

static bool is_done(const sb_future *future)
{
    return atomic_load_explicit(&future->state, memory_order_acquire) & FUTURE_DONE;
}

/* Runs the callbacks of `list` (newest first) oldest first, and frees them. */
static void run_callbacks(sb_future *future, callback_node *list)
{
    callback_node *oldest_first = NULL;
    while (list) {
        callback_node *next = list->next;
        list->next = oldest_first;
        oldest_first = list;
        list = next;
    }
    while (oldest_first) {
        callback_node *next = oldest_first->next;
        oldest_first->fn(future, oldest_first->arg);
        free(oldest_first);
        oldest_first = next;
    }
}

static void finish(sb_future *future, void *result)
{
    sb_thread_pool *pool = future->pool;
    future->result = result;
    unsigned before = atomic_fetch_or_explicit(&future->state, FUTURE_DONE, memory_order_acq_rel);
    if (before & FUTURE_WAITED) {
        pthread_mutex_lock(&pool->done_lock);
        pthread_cond_broadcast(&pool->done);
        pthread_mutex_unlock(&pool->done_lock);
    }
    run_callbacks(future, atomic_exchange_explicit(&future->callbacks, &callbacks_closed, memory_order_acq_rel));
    let_go(future);
}

/* Sleeps until the future is done or the clock reaches `deadline_ns`
 * (SB_FUTURE_WAIT_FOREVER: no deadline). */
static void sleep_until_done(sb_future *future, uint64_t deadline_ns)
{
    sb_thread_pool *pool = future->pool;
    bool forever = deadline_ns == SB_FUTURE_WAIT_FOREVER;
    struct timespec deadline = {.tv_sec = (time_t)(deadline_ns / 1000000000u),
                                .tv_nsec = (long)(deadline_ns % 1000000000u)};
    pthread_mutex_lock(&pool->done_lock);
    /* Flagged under done_lock: a worker finishing the task after this point
     * sees the flag, and its broadcast needs done_lock, which it gets only
     * once this thread waits. */
    unsigned state = atomic_fetch_or_explicit(&future->state, FUTURE_WAITED, memory_order_acq_rel);
    int rc = 0;
    while (!(state & FUTURE_DONE) && rc != ETIMEDOUT) {
        rc = forever ? pthread_cond_wait(&pool->done, &pool->done_lock)
                     : pthread_cond_timedwait(&pool->done, &pool->done_lock, &deadline);
        state = atomic_load_explicit(&future->state, memory_order_acquire);
    }
    pthread_mutex_unlock(&pool->done_lock);
}

int sb_future_result(sb_future *future, uint64_t timeout_ns, void **result)
{
    if (!future) {
        sb_set_error("no future to wait for");
        return -1;
    }
    if (!is_done(future) && timeout_ns > 0) {
        uint64_t now = sb_clock_ns();
        /* A timeout too long to add to the clock is as good as none. */
        uint64_t deadline = timeout_ns >= SB_FUTURE_WAIT_FOREVER - now ? SB_FUTURE_WAIT_FOREVER : now + timeout_ns;
        if (!spin_until_set(&future->state, FUTURE_DONE, timeout_ns < SPIN_NS ? timeout_ns : SPIN_NS))
            sleep_until_done(future, deadline);
    }
    if (!is_done(future))
        return SB_FUTURE_TIMED_OUT;
    if (result)
        *result = future->result;
    return 0;
}

bool sb_future_done(const sb_future *future)
{
    return future && is_done(future);
}

int sb_future_add_done_callback(sb_future *future, sb_future_callback fn, void *arg)
{
    if (!future || !fn) {
        sb_set_error("a done callback needs a future and a function");
        return -1;
    }
    callback_node *head = atomic_load_explicit(&future->callbacks, memory_order_acquire);
    callback_node *node = NULL;
    while (head != &callbacks_closed) {
        if (!node && !(node = malloc(sizeof *node))) {
            sb_set_error("out of memory");
            return -1;
        }
        *node = (callback_node){.next = head, .fn = fn, .arg = arg};
        if (atomic_compare_exchange_weak_explicit(&future->callbacks, &head, node, memory_order_release,
                                                  memory_order_acquire))
            return 0;
    }
    /* Done already: the result is there, so the callback runs here, now. */
    free(node);
    fn(future, arg);
    return 0;
}

void sb_future_release(sb_future *future)
{
    if (future)
        let_go(future);
}

/* ---- the queue and the free futures (under the pool's lock) ----------- */

static void enqueue(sb_thread_pool *pool, sb_future *future)
{
    future->next = NULL;
    if (pool->tail)
        pool->tail->next = future;
    else
        pool->head = future;
    pool->tail = future;
    atomic_store_explicit(&pool->queued, atomic_load_explicit(&pool->queued, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

static sb_future *dequeue(sb_thread_pool *pool)
{
    sb_future *future = pool->head;
    if (!future)
        return NULL;
    pool->head = future->next;
    if (!pool->head)
        pool->tail = NULL;
    atomic_store_explicit(&pool->queued, atomic_load_explicit(&pool->queued, memory_order_relaxed) - 1,
                          memory_order_relaxed);
    return future;
}

static int add_slab(sb_thread_pool *pool)
{
    future_slab *slab = aligned_alloc(alignof(future_slab), sizeof *slab);
    if (!slab) {
        sb_set_error("out of memory");
        return -1;
    }
    for (unsigned i = 0; i < FUTURES_PER_SLAB; i++) {
        slab->futures[i].pool = pool;
        slab->futures[i].next = i + 1 < FUTURES_PER_SLAB ? &slab->futures[i + 1] : pool->free;
    }
    pool->free = slab->futures;
    slab->next = pool->slabs;
    pool->slabs = slab;
    return 0;
}

static sb_future *take_free_future(sb_thread_pool *pool)
{
    if (!pool->free)
        pool->free = atomic_exchange_explicit(&pool->returned, NULL, memory_order_acquire);
    if (!pool->free && add_slab(pool) != 0)
        return NULL;
    sb_future *future = pool->free;
    pool->free = future->next;
    return future;
}

/* The worker to wake for a new task, taken off the idle stack; NULL if
 * every worker is awake. */
static pool_worker *take_idle_worker(sb_thread_pool *pool)
{
    pool_worker *worker = pool->idle;
    if (worker) {
        pool->idle = worker->next_idle;
        worker->asleep = false;
    }
    return worker;
}

sb_future *sb_thread_pool_submit(sb_thread_pool *pool, sb_thread_pool_fn fn, void *arg)
{
    if (!pool || !fn) {
        sb_set_error("submit needs a pool and a function");
        return NULL;
    }
    pthread_mutex_lock(&pool->lock);
    if (pool->shutting_down) {
        pthread_mutex_unlock(&pool->lock);
        sb_set_error("cannot submit to a pool that has been shut down");
        return NULL;
    }
    sb_future *future = take_free_future(pool);
    if (!future) {
        pthread_mutex_unlock(&pool->lock);
        return NULL;
    }
    future->fn = fn;
    future->arg = arg;
    atomic_store_explicit(&future->state, 0, memory_order_relaxed);
    atomic_store_explicit(&future->holders, 2, memory_order_relaxed);
    atomic_store_explicit(&future->callbacks, NULL, memory_order_relaxed);
    enqueue(pool, future);
    pool_worker *woken = take_idle_worker(pool);
    pthread_mutex_unlock(&pool->lock);
    /* Signalled after unlocking, so the worker does not wake into a held lock. */
    if (woken)
        pthread_cond_signal(&woken->wake);
    return future;
}

/* ---- workers ---------------------------------------------------------- */

static void sleep_until_woken(sb_thread_pool *pool, pool_worker *self)
{
    self->asleep = true;
    self->next_idle = pool->idle;
    pool->idle = self;
    while (self->asleep)
        pthread_cond_wait(&self->wake, &pool->lock);
}

/* The next task, or NULL once the pool is shut down and its queue empty. */
static sb_future *next_task(sb_thread_pool *pool, pool_worker *self)
{
    pthread_mutex_lock(&pool->lock);
    while (!pool->head && !pool->shutting_down) {
        pthread_mutex_unlock(&pool->lock);
        bool arrived = spin_until_set(&pool->queued, ~0u, SPIN_NS);
        pthread_mutex_lock(&pool->lock);
        if (!arrived && !pool->head && !pool->shutting_down)
            sleep_until_woken(pool, self);
    }
    sb_future *future = dequeue(pool);
    pthread_mutex_unlock(&pool->lock);
    return future;
}

static void *worker_main(void *arg)
{
    pool_worker *self = arg;
    sb_thread_pool *pool = self->pool;
    own_pool = pool;
    int bound = sb_placement_bind_thread(pool->placement, self->index);

    pthread_mutex_lock(&pool->lock);
    pool->started++;
    if (bound != 0 && !pool->failure[0])
        snprintf(pool->failure, sizeof pool->failure, "%s", sb_last_error());
    pthread_cond_broadcast(&pool->all_started);
    pthread_mutex_unlock(&pool->lock);

    if (bound == 0)
        for (sb_future *future; (future = next_task(pool, self));)
            finish(future, future->fn(future->arg));
    return NULL;
}

/* ---- the pool's life -------------------------------------------------- */

static void wake_all_idle(sb_thread_pool *pool)
{
    for (pool_worker *worker; (worker = take_idle_worker(pool));)
        pthread_cond_signal(&worker->wake);
}

int sb_thread_pool_shutdown(sb_thread_pool *pool, bool wait)
{
    if (!pool) {
        sb_set_error("no pool to shut down");
        return -1;
    }
    if (wait && own_pool == pool) {
        sb_set_error("a pool's worker cannot wait for the pool to shut down (it would wait for itself)");
        return -1;
    }
    pthread_mutex_lock(&pool->lock);
    pool->shutting_down = true;
    wake_all_idle(pool);
    pthread_mutex_unlock(&pool->lock);
    if (wait && !pool->joined) {
        for (unsigned w = 0; w < pool->threads; w++)
            pthread_join(pool->workers[w].thread, NULL);
        pool->joined = true;
    }
    return 0;
}

/* Frees a pool whose workers have all been joined. */
static void free_pool(sb_thread_pool *pool)
{
    while (pool->slabs) {
        future_slab *next = pool->slabs->next;
        free(pool->slabs);
        pool->slabs = next;
    }
    for (unsigned w = 0; w < pool->threads; w++)
        pthread_cond_destroy(&pool->workers[w].wake);
    free(pool->workers);
    pthread_cond_destroy(&pool->done);
    pthread_mutex_destroy(&pool->done_lock);
    pthread_cond_destroy(&pool->all_started);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

int sb_thread_pool_destroy(sb_thread_pool *pool)
{
    if (!pool)
        return 0;
    if (own_pool == pool) {
        sb_set_error("a pool's worker cannot destroy its pool");
        return -1;
    }
    sb_thread_pool_shutdown(pool, true);
    free_pool(pool);
    return 0;
}

static sb_thread_pool *new_pool(unsigned workers, const sb_placement *placement)
{
    sb_thread_pool *pool = aligned_alloc(alignof(sb_thread_pool), sizeof *pool);
    pool_worker *worker_seats = calloc(workers, sizeof *worker_seats);
    if (!pool || !worker_seats) {
        free(pool);
        free(worker_seats);
        sb_set_error("out of memory");
        return NULL;
    }
    memset(pool, 0, sizeof *pool);
    pool->placement = placement;
    pool->workers = worker_seats;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->all_started, NULL);
    pthread_mutex_init(&pool->done_lock, NULL);
    /* Timed waits measure against the suite's clock. */
    sb_clock_cond_init(&pool->done);
    return pool;
}

sb_thread_pool *sb_thread_pool_create(unsigned workers, const sb_placement *placement)
{
    if (workers == 0 || !placement) {
        sb_set_error("a pool needs at least 1 worker and a placement (got %u workers%s)", workers,
                     placement ? "" : ", no placement");
        return NULL;
    }
    if (sb_placement_workers(placement) != workers) {
        sb_set_error("placement planned for %u workers, pool has %u", sb_placement_workers(placement), workers);
        return NULL;
    }
    sb_thread_pool *pool = new_pool(workers, placement);
    if (!pool)
        return NULL;

    for (unsigned w = 0; w < workers; w++) {
        pool_worker *worker = &pool->workers[w];
        *worker = (pool_worker){.pool = pool, .index = w};
        pthread_cond_init(&worker->wake, NULL);
        int rc = pthread_create(&worker->thread, NULL, worker_main, worker);
        if (rc != 0) {
            pthread_cond_destroy(&worker->wake);
            pthread_mutex_lock(&pool->lock);
            snprintf(pool->failure, sizeof pool->failure, "cannot start pool worker %u: %s", w, strerror(rc));
            pthread_mutex_unlock(&pool->lock);
            break;
        }
        pool->threads++;
    }

    /* Every worker binds before the pool is handed out, so that a binding
     * the kernel refuses fails here rather than later, silently. */
    pthread_mutex_lock(&pool->lock);
    while (pool->started < pool->threads)
        pthread_cond_wait(&pool->all_started, &pool->lock);
    bool failed = pool->failure[0] != '\0';
    pthread_mutex_unlock(&pool->lock);
    if (failed) {
        sb_set_error("%s", pool->failure);
        sb_thread_pool_destroy(pool);
        return NULL;
    }
    return pool;
}
