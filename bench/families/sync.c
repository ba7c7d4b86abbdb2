/*
 * The sync family: what one call on each of core/python/sync.h's primitives costs
 * (claim C9), beside a pthread mutex, uncontended (one thread) and contended
 * (as many threads as PUs, and twice that, all on the same primitive). The
 * threads are not bound: this measures the primitives, not the placements.
 *
 * An operation is what a thread does with the primitive in a loop:
 *
 *   pthread_mutex      lock, unlock (the baseline)
 *   lock, rlock        acquire, release
 *   bounded_semaphore  acquire, release a BoundedSemaphore(1), so that it
 *                      admits as many as the locks do
 *   condition          acquire, release a semaphore of one place built on a
 *                      Condition over a Lock, as Python builds its Semaphore:
 *                      wait while no place is free, notify(1) on release
 *   event              set, clear (nobody waits: the price of the flag)
 *   barrier            one wait at a Barrier of as many parties as threads
 *
 * Each thread makes the same number of operations; an iteration is one
 * operation by every thread, so the time column is the time of a round, and
 * op_time the time of one operation: the round over the number of threads.
 * The context switch counters are per operation, of the whole process.
 *
 * Names read sync/<primitive>/threads:<n>/real_time.
 */
#include "suite.h"

#include "base/error.h"
#include "gbench.h"
#include "python/sync.h"
#include "base/usage.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct sync_case {
    const char *name;
    /* The primitive, for `threads` threads; NULL, with sb_last_error(). */
    void *(*create)(unsigned threads);
    void (*destroy)(void *primitive);
    /* Makes `count` operations; 0, or -1 with sb_last_error(). */
    int (*run)(void *primitive, uint64_t count);
} sync_case;

/* ---- the primitives and their operations ------------------------------ */

static void *create_pthread_mutex(unsigned threads)
{
    (void)threads;
    pthread_mutex_t *mutex = malloc(sizeof *mutex);
    if (!mutex)
        sb_set_error("out of memory");
    else
        pthread_mutex_init(mutex, NULL);
    return mutex;
}

static void destroy_pthread_mutex(void *mutex)
{
    pthread_mutex_destroy(mutex);
    free(mutex);
}

static int run_pthread_mutex(void *mutex, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        pthread_mutex_lock(mutex);
        pthread_mutex_unlock(mutex);
    }
    return 0;
}

static void *create_lock(unsigned threads)
{
    (void)threads;
    return sb_lock_create();
}

static void destroy_lock(void *lock)
{
    sb_lock_destroy(lock);
}

static int run_lock(void *lock, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++)
        if (sb_lock_acquire(lock, SB_SYNC_WAIT_FOREVER) != 0 || sb_lock_release(lock) != 0)
            return -1;
    return 0;
}

static void *create_rlock(unsigned threads)
{
    (void)threads;
    return sb_rlock_create();
}

static void destroy_rlock(void *rlock)
{
    sb_rlock_destroy(rlock);
}

static int run_rlock(void *rlock, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++)
        if (sb_rlock_acquire(rlock, SB_SYNC_WAIT_FOREVER) != 0 || sb_rlock_release(rlock) != 0)
            return -1;
    return 0;
}

static void *create_bounded_semaphore(unsigned threads)
{
    (void)threads;
    return sb_bounded_semaphore_create(1);
}

static void destroy_bounded_semaphore(void *semaphore)
{
    sb_bounded_semaphore_destroy(semaphore);
}

static int run_bounded_semaphore(void *semaphore, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++)
        if (sb_bounded_semaphore_acquire(semaphore, SB_SYNC_WAIT_FOREVER) != 0 ||
            sb_bounded_semaphore_release(semaphore) != 0)
            return -1;
    return 0;
}

/* Python's threading.Semaphore: a count of free places behind a Condition. */
typedef struct condition_semaphore {
    sb_lock *lock;
    sb_condition *condition;
    unsigned free_places; /* guarded by the lock */
} condition_semaphore;

static void destroy_condition_semaphore(void *arg)
{
    condition_semaphore *semaphore = arg;
    sb_condition_destroy(semaphore->condition);
    sb_lock_destroy(semaphore->lock);
    free(semaphore);
}

static void *create_condition_semaphore(unsigned threads)
{
    (void)threads;
    condition_semaphore *semaphore = calloc(1, sizeof *semaphore);
    if (!semaphore) {
        sb_set_error("out of memory");
        return NULL;
    }
    semaphore->free_places = 1;
    semaphore->lock = sb_lock_create();
    semaphore->condition = semaphore->lock ? sb_condition_create_on_lock(semaphore->lock) : NULL;
    if (!semaphore->condition) {
        destroy_condition_semaphore(semaphore);
        return NULL;
    }
    return semaphore;
}

static int take_place(condition_semaphore *semaphore)
{
    if (sb_condition_acquire(semaphore->condition, SB_SYNC_WAIT_FOREVER) != 0)
        return -1;
    while (semaphore->free_places == 0)
        if (sb_condition_wait(semaphore->condition, SB_SYNC_WAIT_FOREVER) != 0)
            return -1;
    semaphore->free_places--;
    return sb_condition_release(semaphore->condition);
}

static int give_place_back(condition_semaphore *semaphore)
{
    if (sb_condition_acquire(semaphore->condition, SB_SYNC_WAIT_FOREVER) != 0)
        return -1;
    semaphore->free_places++;
    int notified = sb_condition_notify(semaphore->condition, 1);
    return sb_condition_release(semaphore->condition) != 0 ? -1 : notified;
}

static int run_condition_semaphore(void *semaphore, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++)
        if (take_place(semaphore) != 0 || give_place_back(semaphore) != 0)
            return -1;
    return 0;
}

static void *create_event(unsigned threads)
{
    (void)threads;
    return sb_event_create();
}

static void destroy_event(void *event)
{
    sb_event_destroy(event);
}

static int run_event(void *event, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        sb_event_set(event);
        sb_event_clear(event);
    }
    return 0;
}

static void *create_barrier(unsigned threads)
{
    return sb_barrier_create(threads);
}

static void destroy_barrier(void *barrier)
{
    sb_barrier_destroy(barrier);
}

static int run_barrier(void *barrier, uint64_t count)
{
    unsigned index;
    for (uint64_t i = 0; i < count; i++)
        if (sb_barrier_wait(barrier, SB_SYNC_WAIT_FOREVER, &index) != 0) {
            /* The others would wait for this thread forever. */
            sb_barrier_abort(barrier);
            return -1;
        }
    return 0;
}

static const sync_case cases[] = {
    {"pthread_mutex", create_pthread_mutex, destroy_pthread_mutex, run_pthread_mutex},
    {"lock", create_lock, destroy_lock, run_lock},
    {"rlock", create_rlock, destroy_rlock, run_rlock},
    {"bounded_semaphore", create_bounded_semaphore, destroy_bounded_semaphore, run_bounded_semaphore},
    {"condition", create_condition_semaphore, destroy_condition_semaphore, run_condition_semaphore},
    {"event", create_event, destroy_event, run_event},
    {"barrier", create_barrier, destroy_barrier, run_barrier},
};

/* ---- the threads that share a primitive -------------------------------- */

/* The calling thread and the others, started before the timed loop. The
 * others spin until let go and the caller spins until they are done, giving
 * the core away at each look: waking a sleeping thread, or joining it, could
 * cost more than a short run of operations, and its delay on a busy machine
 * would land in the measured time. */
typedef struct sync_crew {
    const sync_case *c;
    void *primitive;
    uint64_t count; /* written before `go` is set, read after */
    _Atomic bool go;
    _Atomic unsigned done; /* the others that have made their operations */
    atomic_flag failed;
    char failure[256]; /* the first failure's reason, written by whoever set `failed` */
} sync_crew;

static void fail_crew(sync_crew *crew, const char *reason)
{
    if (!atomic_flag_test_and_set(&crew->failed))
        snprintf(crew->failure, sizeof crew->failure, "%s", reason);
}

static void run_share(sync_crew *crew)
{
    if (crew->c->run(crew->primitive, crew->count) != 0)
        fail_crew(crew, sb_last_error());
}

static void *crew_member(void *arg)
{
    sync_crew *crew = arg;
    while (!atomic_load(&crew->go))
        sched_yield();
    run_share(crew);
    atomic_fetch_add(&crew->done, 1);
    return NULL;
}

static void report(sb_gbench_state *state, unsigned threads, uint64_t rounds, sb_usage used)
{
    double operations = (double)threads * (double)rounds;
    sb_gbench_items_processed(state, (int64_t)operations);
    sb_gbench_counter(state, "threads", threads, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "op_time", operations, SB_GBENCH_COUNTER_TIME_EACH);
    sb_gbench_counter(state, "voluntary_switches_per_op", (double)used.voluntary_switches / operations,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "involuntary_switches_per_op", (double)used.involuntary_switches / operations,
                      SB_GBENCH_COUNTER_PLAIN);
}

/* Runs the timed loop with `threads` threads, the caller one of them. */
static void run_crew(sb_gbench_state *state, sync_crew *crew, unsigned threads, pthread_t *others)
{
    unsigned started = 0;
    while (started < threads - 1 && pthread_create(&others[started], NULL, crew_member, crew) == 0)
        started++;
    if (started < threads - 1)
        fail_crew(crew, "cannot start a thread");
    sb_usage before = {0}, after = {0};
    uint64_t rounds = 0;
    while (sb_gbench_next_batch(state, &rounds)) {
        /* A crew short of a thread runs nothing: its barrier would never fill. */
        crew->count = started == threads - 1 ? rounds : 0;
        before = sb_usage_self();
        atomic_store(&crew->go, true);
        run_share(crew);
        while (atomic_load(&crew->done) < started)
            sched_yield();
        after = sb_usage_self();
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(others[t], NULL);
    sb_usage used = sb_usage_between(before, after);
    if (atomic_flag_test_and_set(&crew->failed))
        sb_gbench_fail(state, crew->failure);
    else
        report(state, threads, rounds, used);
}

static void bench_sync(sb_gbench_state *state, const void *arg)
{
    unsigned threads = (unsigned)sb_gbench_arg(state);
    sync_crew crew = {.c = arg, .failed = ATOMIC_FLAG_INIT};
    crew.primitive = crew.c->create(threads);
    pthread_t *others = calloc(threads, sizeof *others);
    if (crew.primitive && others)
        run_crew(state, &crew, threads, others);
    else
        sb_gbench_fail(state, crew.primitive ? "out of memory" : sb_last_error());
    free(others);
    if (crew.primitive)
        crew.c->destroy(crew.primitive);
}

void sb_sync_register(sb_suite *suite)
{
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    int64_t counts[3];
    size_t n = 0;
    counts[n++] = 1;
    /* On one PU, "as many threads as PUs" is the uncontended case again. */
    if (pus > 1)
        counts[n++] = pus;
    counts[n++] = 2 * (int64_t)pus;
    sb_gbench_options options = {.arg_name = "threads",
                                 .args = sb_suite_keep(suite, counts, n * sizeof counts[0]),
                                 .arg_count = n,
                                 .real_time = true,
                                 .unit = SB_GBENCH_NS,
                                 .cost = sb_gbench_short_cost};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[128];
        snprintf(name, sizeof name, "sync/%s", cases[i].name);
        sb_gbench_register(name, bench_sync, &cases[i], &options);
    }
}
