/*
 * The semantics family: not a timing but what the run itself saw of two
 * claims that are about behaviour, checked once per repetition (a fixed
 * iteration count of 1), so that the claims table decides them from the
 * results rather than from programs run beside them.
 *
 *   semantics/memory             C1: a forked child writes 1 to a global, is
 *                                reaped, and the parent reads it; then a
 *                                thread does, and the parent reads it again
 *   semantics/lock               C9: LOCK_TRIES threads in turn try, without
 *                                waiting, to take a Lock that nobody lets go
 *   semantics/bounded_semaphore  C9: PLACES + 1 threads do the same with a
 *                                BoundedSemaphore(PLACES); once its places
 *                                are given back, one release more
 *   semantics/rlock              C9: this thread takes an RLock RLOCK_DEPTH
 *                                times over, another tries to take it, this
 *                                one lets it go as often, the other tries again
 *   semantics/event              C9: EVENT_WAITERS threads wait on an Event;
 *                                once it counts them all waiting, it is set
 *   semantics/condition          C9: NOTIFY_WAITERS threads wait on a
 *                                Condition; once it counts them all waiting,
 *                                notify(NOTIFY_N)
 *
 * Nothing depends on timing: a release comes only once the primitive counts
 * every waiter as waiting. A check records what it saw in counters, right or
 * wrong (the claims' rules in scripts/analysis/claims/ judge them); one that
 * cannot run (no fork, no thread, waiters that do not come within
 * SETTLE_NS) fails the benchmark with the reason.
 *
 * Names read semantics/<check>/iterations:1/real_time; the time column is
 * the check's wall time.
 */
#include "suite.h"

#include "base/child.h"
#include "base/clock.h"
#include "base/error.h"
#include "gbench.h"
#include "python/sync.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
    LOCK_TRIES = 3,
    PLACES = 3,
    RLOCK_DEPTH = 3,
    EVENT_WAITERS = 4,
    NOTIFY_WAITERS = 4,
    NOTIFY_N = 2,
    MOST_WAITERS = EVENT_WAITERS > NOTIFY_WAITERS ? EVENT_WAITERS : NOTIFY_WAITERS,
};

/* How long waiters may take to come, or the picked ones to go; a waiter
 * gives up after twice that, so that a primitive that never releases ends
 * the check instead of hanging the run. */
static const uint64_t SETTLE_NS = 5000000000u;

static void counter(sb_gbench_state *state, const char *name, double value)
{
    sb_gbench_counter(state, name, value, SB_GBENCH_COUNTER_PLAIN);
}

/* ---- C1: memory -------------------------------------------------------- */

static int shared_value;

static void *write_one(void *unused)
{
    (void)unused;
    shared_value = 1;
    return NULL;
}

static int check_memory(sb_gbench_state *state)
{
    shared_value = 0;
    pid_t child = sb_child_fork();
    if (child < 0) {
        sb_set_error("cannot fork: %s", strerror(errno));
        return -1;
    }
    if (child == 0) {
        write_one(NULL);
        _exit(shared_value == 1 ? 0 : 1); /* the child does see its own write */
    }
    int status;
    pid_t reaped;
    while ((reaped = waitpid(child, &status, 0)) < 0 && errno == EINTR)
        continue;
    if (reaped != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        sb_set_error("the forked child did not write its own copy and exit");
        return -1;
    }
    int child_write_seen = shared_value;
    pthread_t thread;
    if (pthread_create(&thread, NULL, write_one, NULL) != 0) {
        sb_set_error("cannot start a thread");
        return -1;
    }
    pthread_join(thread, NULL);
    counter(state, "child_write_seen", child_write_seen);
    counter(state, "thread_write_seen", shared_value);
    return 0;
}

/* ---- C9: admission ----------------------------------------------------- */

/* Runs fn(arg) on a thread of its own and adds what it returns, a count, to
 * *total. -1, with sb_last_error(), when the thread does not start. */
static int add_from_thread(void *(*fn)(void *), void *arg, unsigned *total)
{
    pthread_t thread;
    void *result;
    if (pthread_create(&thread, NULL, fn, arg) != 0) {
        sb_set_error("cannot start a thread");
        return -1;
    }
    pthread_join(thread, &result);
    *total += (unsigned)(uintptr_t)result;
    return 0;
}

/* `tries` threads, one after another, each try fn(primitive); the count of
 * those that got in. */
static int count_admitted(void *(*fn)(void *), void *primitive, unsigned tries, unsigned *admitted)
{
    *admitted = 0;
    for (unsigned t = 0; t < tries; t++)
        if (add_from_thread(fn, primitive, admitted) != 0)
            return -1;
    return 0;
}

/* Each takes the primitive without waiting and keeps it: 1 when it got in. */
static void *try_lock(void *lock)
{
    return (void *)(uintptr_t)(sb_lock_acquire(lock, 0) == 0);
}

static void *try_semaphore(void *semaphore)
{
    return (void *)(uintptr_t)(sb_bounded_semaphore_acquire(semaphore, 0) == 0);
}

/* An RLock is its owner's to release, so this one lets it go again. */
static void *try_rlock(void *rlock)
{
    return (void *)(uintptr_t)(sb_rlock_acquire(rlock, 0) == 0 && sb_rlock_release(rlock) == 0);
}

static int check_lock(sb_gbench_state *state)
{
    sb_lock *lock = sb_lock_create();
    unsigned admitted;
    if (!lock || count_admitted(try_lock, lock, LOCK_TRIES, &admitted) != 0) {
        sb_lock_destroy(lock);
        return -1;
    }
    if (admitted > 0)
        sb_lock_release(lock);
    sb_lock_destroy(lock);
    counter(state, "lock_tries", LOCK_TRIES);
    counter(state, "lock_admitted", admitted);
    return 0;
}

static int check_bounded_semaphore(sb_gbench_state *state)
{
    sb_bounded_semaphore *semaphore = sb_bounded_semaphore_create(PLACES);
    unsigned admitted;
    if (!semaphore || count_admitted(try_semaphore, semaphore, PLACES + 1, &admitted) != 0) {
        sb_bounded_semaphore_destroy(semaphore);
        return -1;
    }
    for (unsigned i = 0; i < admitted; i++)
        sb_bounded_semaphore_release(semaphore);
    bool refused = sb_bounded_semaphore_release(semaphore) == -1;
    sb_bounded_semaphore_destroy(semaphore);
    counter(state, "semaphore_places", PLACES);
    counter(state, "semaphore_tries", PLACES + 1);
    counter(state, "semaphore_admitted", admitted);
    counter(state, "semaphore_over_release_refused", refused);
    return 0;
}

static int check_rlock(sb_gbench_state *state)
{
    sb_rlock *rlock = sb_rlock_create();
    if (!rlock)
        return -1;
    unsigned depth = 0, other_while_held = 0, other_after = 0;
    while (depth < RLOCK_DEPTH && sb_rlock_acquire(rlock, 0) == 0)
        depth++;
    int started = add_from_thread(try_rlock, rlock, &other_while_held);
    for (unsigned i = 0; i < depth; i++)
        sb_rlock_release(rlock);
    if (started == 0)
        started = add_from_thread(try_rlock, rlock, &other_after);
    sb_rlock_destroy(rlock);
    if (started != 0)
        return -1;
    counter(state, "rlock_acquires", RLOCK_DEPTH);
    counter(state, "rlock_depth", depth);
    counter(state, "rlock_other_admitted", other_while_held);
    counter(state, "rlock_freed", other_after);
    return 0;
}

/* ---- C9: release ------------------------------------------------------- */

/* Threads waiting on one primitive, and how many of them it released. */
typedef struct crowd {
    void *primitive;
    unsigned (*waiting)(const void *primitive); /* how many it counts waiting */
    _Atomic unsigned released;
    pthread_t threads[MOST_WAITERS];
    unsigned started;
} crowd;

static unsigned event_waiting(const void *event)
{
    return sb_event_waiting(event);
}

static unsigned condition_waiting(const void *condition)
{
    return sb_condition_waiting(condition);
}

static void *wait_for_event(void *arg)
{
    crowd *c = arg;
    if (sb_event_wait(c->primitive, 2 * SETTLE_NS) == 0)
        atomic_fetch_add(&c->released, 1);
    return NULL;
}

static void *wait_for_notify(void *arg)
{
    crowd *c = arg;
    if (sb_condition_acquire(c->primitive, 2 * SETTLE_NS) != 0)
        return NULL;
    if (sb_condition_wait(c->primitive, 2 * SETTLE_NS) == 0)
        atomic_fetch_add(&c->released, 1);
    sb_condition_release(c->primitive);
    return NULL;
}

/* Starts `n` threads running fn(c); -1, with sb_last_error(), when some did
 * not start (those that did are in c->started). */
static int start_crowd(crowd *c, unsigned n, void *(*fn)(void *))
{
    while (c->started < n && pthread_create(&c->threads[c->started], NULL, fn, c) == 0)
        c->started++;
    if (c->started == n)
        return 0;
    sb_set_error("cannot start a thread");
    return -1;
}

static void join_crowd(crowd *c)
{
    for (unsigned t = 0; t < c->started; t++)
        pthread_join(c->threads[t], NULL);
}

/* Yields until the primitive counts `waiting` waiters and `released` are
 * out, for at most SETTLE_NS; whether they got there. */
static bool settles(crowd *c, unsigned waiting, unsigned released)
{
    uint64_t deadline = sb_clock_deadline_ns(SETTLE_NS);
    while (c->waiting(c->primitive) != waiting || atomic_load(&c->released) != released) {
        if (sb_clock_ns() >= deadline)
            return false;
        sched_yield();
    }
    return true;
}

static int check_event(sb_gbench_state *state)
{
    crowd c = {.primitive = sb_event_create(), .waiting = event_waiting};
    if (!c.primitive)
        return -1;
    int outcome = start_crowd(&c, EVENT_WAITERS, wait_for_event);
    if (outcome == 0 && !settles(&c, EVENT_WAITERS, 0)) {
        sb_set_error("the %d waiters did not all come to the event within %.0f s", EVENT_WAITERS, SETTLE_NS / 1e9);
        outcome = -1;
    }
    sb_event_set(c.primitive);
    join_crowd(&c);
    sb_event_destroy(c.primitive);
    if (outcome == 0) {
        counter(state, "event_waiters", EVENT_WAITERS);
        counter(state, "event_released", atomic_load(&c.released));
    }
    return outcome;
}

static int check_condition(sb_gbench_state *state)
{
    sb_lock *lock = sb_lock_create();
    crowd c = {.primitive = lock ? sb_condition_create_on_lock(lock) : NULL, .waiting = condition_waiting};
    if (!c.primitive) {
        sb_lock_destroy(lock);
        return -1;
    }
    int outcome = start_crowd(&c, NOTIFY_WAITERS, wait_for_notify);
    if (outcome == 0 && !settles(&c, NOTIFY_WAITERS, 0)) {
        sb_set_error("the %d waiters did not all come to the condition within %.0f s", NOTIFY_WAITERS,
                     SETTLE_NS / 1e9);
        outcome = -1;
    }
    unsigned released = 0, still_waiting = 0;
    if (outcome == 0) {
        sb_condition_acquire(c.primitive, SB_SYNC_WAIT_FOREVER);
        sb_condition_notify(c.primitive, NOTIFY_N);
        sb_condition_release(c.primitive);
        /* What the notify did, as it stands once the picked ones are out
         * (or, when they do not all come out, after SETTLE_NS). */
        settles(&c, NOTIFY_WAITERS - NOTIFY_N, NOTIFY_N);
        released = atomic_load(&c.released);
        still_waiting = sb_condition_waiting(c.primitive);
    }
    sb_condition_acquire(c.primitive, SB_SYNC_WAIT_FOREVER);
    sb_condition_notify_all(c.primitive);
    sb_condition_release(c.primitive);
    join_crowd(&c);
    sb_condition_destroy(c.primitive);
    sb_lock_destroy(lock);
    if (outcome == 0) {
        counter(state, "notify_waiters", NOTIFY_WAITERS);
        counter(state, "notify_n", NOTIFY_N);
        counter(state, "notify_released", released);
        counter(state, "notify_still_waiting", still_waiting);
    }
    return outcome;
}

/* ---- the benchmarks ---------------------------------------------------- */

typedef struct semantics_check {
    const char *name;
    /* Checks once and records its counters; -1, with sb_last_error(), when
     * it cannot run. */
    int (*run)(sb_gbench_state *state);
} semantics_check;

static const semantics_check checks[] = {
    {"memory", check_memory},
    {"lock", check_lock},
    {"bounded_semaphore", check_bounded_semaphore},
    {"rlock", check_rlock},
    {"event", check_event},
    {"condition", check_condition},
};

static void bench_semantics(sb_gbench_state *state, const void *arg)
{
    const semantics_check *check = arg;
    uint64_t iterations;
    int outcome = 0;
    while (sb_gbench_next_batch(state, &iterations))
        for (uint64_t i = 0; outcome == 0 && i < iterations; i++)
            outcome = check->run(state);
    if (outcome != 0)
        sb_gbench_fail(state, sb_last_error());
}

void sb_semantics_register(sb_suite *suite)
{
    (void)suite;
    static const sb_gbench_options options = {.real_time = true, .iterations = 1, .unit = SB_GBENCH_US,
        .cost = sb_gbench_short_cost};
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        char name[128];
        snprintf(name, sizeof name, "semantics/%s", checks[i].name);
        sb_gbench_register(name, bench_semantics, &checks[i], &options);
    }
}
