/* sync: the notes' programs as behaviour tests (claim C9). A Lock admits one
 * thread at a time and an RLock lets its holder in again; a
 * BoundedSemaphore(3) admits three and refuses a release too many; an Event
 * holds every waiter until set and then lets all of them go; Condition's
 * notify(n) picks exactly n waiters; a Barrier hands out distinct places and
 * lets nobody through before everyone came. Nothing here depends on timing:
 * where a test must know that threads are blocked, it waits until the
 * primitive counts them as waiting, and the only timeouts are waits on
 * something that is never signalled. */
#include "base/error.h"
#include "python/sync.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "thread_state.h"

enum { THREADS = 10, ROUNDS = 2000, SHORT_TIMEOUT_NS = 1000000 };

static void start_threads(pthread_t *threads, unsigned n, void *(*fn)(void *), void *arg)
{
    for (unsigned t = 0; t < n; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, fn, arg), 0);
}

static void join_threads(pthread_t *threads, unsigned n)
{
    for (unsigned t = 0; t < n; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
}

static void wait_until_equal(const _Atomic unsigned *value, unsigned expected)
{
    while (atomic_load(value) != expected)
        sched_yield();
}

static void assert_error_mentions(const char *words)
{
    if (!strstr(sb_last_error(), words))
        fail_msg("error '%s' does not mention '%s'", sb_last_error(), words);
}

/* ---- admission: how many threads are inside at once -------------------- */

/* THREADS threads each enter and leave ROUNDS times, counting who is inside
 * and how many times anyone went in. Behind an exclusive primitive (Lock,
 * RLock) they also count in a plain variable, which only stays exact, and
 * free of races in ThreadSanitizer's eyes, if one thread at a time is in. */
typedef struct crowd {
    int (*enter)(void *primitive);
    int (*leave)(void *primitive);
    void *primitive;
    bool exclusive;
    _Atomic unsigned inside, most_inside, failures, visits;
    unsigned exclusive_visits;
} crowd;

static void note_inside(crowd *c)
{
    unsigned now = atomic_fetch_add(&c->inside, 1) + 1;
    unsigned most = atomic_load(&c->most_inside);
    while (now > most && !atomic_compare_exchange_weak(&c->most_inside, &most, now))
        ;
}

static void *crowd_member(void *arg)
{
    crowd *c = arg;
    for (unsigned r = 0; r < ROUNDS; r++) {
        if (c->enter(c->primitive) != 0) {
            atomic_fetch_add(&c->failures, 1);
            return NULL;
        }
        note_inside(c);
        if (c->exclusive)
            c->exclusive_visits++;
        atomic_fetch_add(&c->visits, 1);
        atomic_fetch_sub(&c->inside, 1);
        if (c->leave(c->primitive) != 0)
            atomic_fetch_add(&c->failures, 1);
    }
    return NULL;
}

/* Returns the most threads that were inside at once. */
static unsigned run_crowd(crowd *c)
{
    pthread_t threads[THREADS];
    start_threads(threads, THREADS, crowd_member, c);
    join_threads(threads, THREADS);
    assert_int_equal(atomic_load(&c->failures), 0);
    assert_int_equal(atomic_load(&c->visits), THREADS * ROUNDS);
    if (c->exclusive)
        assert_int_equal(c->exclusive_visits, THREADS * ROUNDS);
    return atomic_load(&c->most_inside);
}

static int lock_enter(void *lock)
{
    return sb_lock_acquire(lock, SB_SYNC_WAIT_FOREVER);
}

static int lock_leave(void *lock)
{
    return sb_lock_release(lock);
}

/* Takes the RLock twice and lets it go twice: re-entry must not let others in. */
static int rlock_enter(void *rlock)
{
    int first = sb_rlock_acquire(rlock, SB_SYNC_WAIT_FOREVER);
    return first != 0 ? first : sb_rlock_acquire(rlock, SB_SYNC_WAIT_FOREVER);
}

static int rlock_leave(void *rlock)
{
    int inner = sb_rlock_release(rlock);
    return inner != 0 ? inner : sb_rlock_release(rlock);
}

static int semaphore_enter(void *semaphore)
{
    return sb_bounded_semaphore_acquire(semaphore, SB_SYNC_WAIT_FOREVER);
}

static int semaphore_leave(void *semaphore)
{
    return sb_bounded_semaphore_release(semaphore);
}

static void a_lock_admits_one_thread_at_a_time(void **state)
{
    (void)state;
    sb_lock *lock = sb_lock_create();
    assert_non_null(lock);
    crowd c = {.enter = lock_enter, .leave = lock_leave, .primitive = lock, .exclusive = true};
    assert_int_equal(run_crowd(&c), 1);
    assert_false(sb_lock_locked(lock));
    sb_lock_destroy(lock);
}

static void an_rlock_admits_one_thread_at_a_time(void **state)
{
    (void)state;
    sb_rlock *rlock = sb_rlock_create();
    assert_non_null(rlock);
    crowd c = {.enter = rlock_enter, .leave = rlock_leave, .primitive = rlock, .exclusive = true};
    assert_int_equal(run_crowd(&c), 1);
    sb_rlock_destroy(rlock);
}

static void a_bounded_semaphore_admits_at_most_its_value(void **state)
{
    (void)state;
    sb_bounded_semaphore *semaphore = sb_bounded_semaphore_create(3);
    assert_non_null(semaphore);
    crowd c = {.enter = semaphore_enter, .leave = semaphore_leave, .primitive = semaphore};
    assert_in_range(run_crowd(&c), 1, 3);
    sb_bounded_semaphore_destroy(semaphore);
}

/* ---- Lock and RLock: trying, timeouts, who may release ------------------ */

static void *release_lock(void *lock)
{
    return (void *)(intptr_t)sb_lock_release(lock);
}

static void *try_rlock_then_release_it(void *rlock)
{
    intptr_t tried = sb_rlock_acquire(rlock, 0);
    intptr_t released = sb_rlock_release(rlock);
    return (void *)(tried * 10 + released);
}

static void a_held_lock_refuses_even_its_holder_until_released(void **state)
{
    (void)state;
    sb_lock *lock = sb_lock_create();
    assert_int_equal(sb_lock_acquire(lock, 0), 0);
    assert_true(sb_lock_locked(lock));
    assert_int_equal(sb_lock_acquire(lock, 0), SB_SYNC_TIMED_OUT);
    assert_int_equal(sb_lock_acquire(lock, SHORT_TIMEOUT_NS), SB_SYNC_TIMED_OUT);

    /* Any thread may release a Lock, as in Python. */
    pthread_t other;
    void *released;
    assert_int_equal(pthread_create(&other, NULL, release_lock, lock), 0);
    assert_int_equal(pthread_join(other, &released), 0);
    assert_int_equal((intptr_t)released, 0);
    assert_false(sb_lock_locked(lock));

    assert_int_equal(sb_lock_release(lock), -1);
    assert_error_mentions("not locked");
    assert_int_equal(sb_lock_acquire(lock, SHORT_TIMEOUT_NS), 0);
    assert_int_equal(sb_lock_release(lock), 0);
    sb_lock_destroy(lock);
}

static void an_rlock_reenters_and_only_its_owner_releases_it(void **state)
{
    (void)state;
    sb_rlock *rlock = sb_rlock_create();
    for (int depth = 0; depth < 3; depth++)
        assert_int_equal(sb_rlock_acquire(rlock, 0), 0);
    assert_true(sb_rlock_is_owned(rlock));

    /* Another thread can neither take it nor release it. */
    pthread_t other;
    void *outcome;
    assert_int_equal(pthread_create(&other, NULL, try_rlock_then_release_it, rlock), 0);
    assert_int_equal(pthread_join(other, &outcome), 0);
    assert_int_equal((intptr_t)outcome, SB_SYNC_TIMED_OUT * 10 - 1);

    for (int depth = 0; depth < 3; depth++) {
        assert_true(sb_rlock_is_owned(rlock));
        assert_int_equal(sb_rlock_release(rlock), 0);
    }
    assert_false(sb_rlock_is_owned(rlock));
    assert_int_equal(sb_rlock_release(rlock), -1);
    assert_error_mentions("does not hold");

    /* Free again, the other thread takes it (and lets it go). */
    assert_int_equal(pthread_create(&other, NULL, try_rlock_then_release_it, rlock), 0);
    assert_int_equal(pthread_join(other, &outcome), 0);
    assert_int_equal((intptr_t)outcome, 0);
    sb_rlock_destroy(rlock);
}

/* ---- BoundedSemaphore: three together, and no release too many ---------- */

typedef struct trio {
    sb_bounded_semaphore *semaphore;
    _Atomic unsigned inside;
    _Atomic bool leave;
} trio;

/* Goes in and stays until told to leave. */
static void *enter_and_stay(void *arg)
{
    trio *t = arg;
    if (sb_bounded_semaphore_acquire(t->semaphore, SB_SYNC_WAIT_FOREVER) != 0)
        return NULL;
    atomic_fetch_add(&t->inside, 1);
    while (!atomic_load(&t->leave))
        sched_yield();
    sb_bounded_semaphore_release(t->semaphore);
    return NULL;
}

static void three_are_inside_a_bounded_semaphore_3_together_and_no_fourth(void **state)
{
    (void)state;
    trio t = {.semaphore = sb_bounded_semaphore_create(3)};
    pthread_t threads[3];
    start_threads(threads, 3, enter_and_stay, &t);
    wait_until_equal(&t.inside, 3);
    assert_int_equal(sb_bounded_semaphore_acquire(t.semaphore, 0), SB_SYNC_TIMED_OUT);
    assert_int_equal(sb_bounded_semaphore_acquire(t.semaphore, SHORT_TIMEOUT_NS), SB_SYNC_TIMED_OUT);
    atomic_store(&t.leave, true);
    join_threads(threads, 3);

    for (int place = 0; place < 3; place++)
        assert_int_equal(sb_bounded_semaphore_acquire(t.semaphore, 0), 0);
    for (int place = 0; place < 3; place++)
        assert_int_equal(sb_bounded_semaphore_release(t.semaphore), 0);
    assert_int_equal(sb_bounded_semaphore_release(t.semaphore), -1);
    assert_error_mentions("released more times");
    sb_bounded_semaphore_destroy(t.semaphore);
}

static void a_bounded_semaphore_0_admits_nobody(void **state)
{
    (void)state;
    sb_bounded_semaphore *semaphore = sb_bounded_semaphore_create(0);
    assert_int_equal(sb_bounded_semaphore_acquire(semaphore, 0), SB_SYNC_TIMED_OUT);
    assert_int_equal(sb_bounded_semaphore_release(semaphore), -1);
    sb_bounded_semaphore_destroy(semaphore);
}

typedef struct sleeping_acquirer {
    sb_bounded_semaphore *semaphore;
    _Atomic pid_t tid;
    _Atomic bool acquired;
} sleeping_acquirer;

static void *acquire_and_note_it(void *arg)
{
    sleeping_acquirer *a = arg;
    atomic_store(&a->tid, thread_state_tid());
    if (sb_bounded_semaphore_acquire(a->semaphore, SB_SYNC_WAIT_FOREVER) == 0)
        atomic_store(&a->acquired, true);
    return NULL;
}

/* Interrupts a futex wait (installed without SA_RESTART). */
static void interrupt_a_wait(int signo)
{
    (void)signo;
}

/* The acquirer is provably asleep in the kernel (its futex wait) before the
 * release, so only the release's wake-up can get it going. Both threads share
 * one CPU, where the kernel makes a woken thread runnable before FUTEX_WAKE
 * returns: once the release returns, the acquirer is no longer asleep there,
 * whatever the scheduler does next. Nothing is timed. */
static void a_release_wakes_an_acquirer_asleep_in_the_kernel(void **state)
{
    (void)state;
    cpu_set_t saved;
    assert_int_equal(pin_to_one_cpu(&saved), 0);
    sleeping_acquirer a = {.semaphore = sb_bounded_semaphore_create(1)};
    assert_int_equal(sb_bounded_semaphore_acquire(a.semaphore, 0), 0);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, acquire_and_note_it, &a), 0);
    while (atomic_load(&a.tid) == 0)
        sched_yield();
    wait_until_thread_sleeps_in(atomic_load(&a.tid), SYS_futex);

    assert_int_equal(sb_bounded_semaphore_release(a.semaphore), 0);
    bool still_asleep = !atomic_load(&a.acquired) && thread_sleeps_in(atomic_load(&a.tid), SYS_futex);

    if (still_asleep) {
        /* Not woken: interrupt its wait so that it retries and takes the
         * place, then fail. */
        struct sigaction action = {.sa_handler = interrupt_a_wait};
        sigaction(SIGUSR1, &action, NULL);
        pthread_kill(thread, SIGUSR1);
    }
    pthread_join(thread, NULL);
    assert_int_equal(sched_setaffinity(0, sizeof saved, &saved), 0);
    assert_false(still_asleep);
    assert_true(atomic_load(&a.acquired));
    sb_bounded_semaphore_destroy(a.semaphore);
}

/* ---- Event: everyone waits until set, then everyone goes --------------- */

typedef struct gate {
    sb_event *event;
    _Atomic unsigned passed, failures;
} gate;

static void *wait_at_gate(void *arg)
{
    gate *g = arg;
    if (sb_event_wait(g->event, SB_SYNC_WAIT_FOREVER) == 0)
        atomic_fetch_add(&g->passed, 1);
    else
        atomic_fetch_add(&g->failures, 1);
    return NULL;
}

/* With `clear_at_once`, the flag is cleared right after the set: the set has
 * released the waiters all the same. */
static void check_set_releases_every_waiter(bool clear_at_once)
{
    gate g = {.event = sb_event_create()};
    pthread_t threads[THREADS];
    start_threads(threads, THREADS, wait_at_gate, &g);
    /* Those that passed without a set are counted too, so that the test
     * fails rather than waits forever. */
    while (sb_event_waiting(g.event) + atomic_load(&g.passed) + atomic_load(&g.failures) < THREADS)
        sched_yield();
    assert_int_equal(atomic_load(&g.passed), 0);
    assert_false(sb_event_is_set(g.event));
    sb_event_set(g.event);
    if (clear_at_once)
        sb_event_clear(g.event);
    join_threads(threads, THREADS);
    assert_int_equal(atomic_load(&g.passed), THREADS);
    assert_int_equal(atomic_load(&g.failures), 0);
    assert_int_equal(sb_event_waiting(g.event), 0);
    assert_int_equal(sb_event_is_set(g.event), !clear_at_once);
    sb_event_destroy(g.event);
}

static void an_event_holds_every_waiter_until_set_then_releases_all(void **state)
{
    (void)state;
    check_set_releases_every_waiter(false);
}

static void a_set_releases_every_waiter_even_if_cleared_at_once(void **state)
{
    (void)state;
    check_set_releases_every_waiter(true);
}

static void waiting_on_an_unset_event_times_out(void **state)
{
    (void)state;
    sb_event *event = sb_event_create();
    assert_int_equal(sb_event_wait(event, 0), SB_SYNC_TIMED_OUT);
    assert_int_equal(sb_event_wait(event, SHORT_TIMEOUT_NS), SB_SYNC_TIMED_OUT);
    assert_int_equal(sb_event_waiting(event), 0);
    sb_event_set(event);
    sb_event_set(event);
    assert_true(sb_event_is_set(event));
    assert_int_equal(sb_event_wait(event, 0), 0);
    assert_int_equal(sb_event_wait(event, SB_SYNC_WAIT_FOREVER), 0);
    sb_event_clear(event);
    assert_false(sb_event_is_set(event));
    assert_int_equal(sb_event_wait(event, 0), SB_SYNC_TIMED_OUT);
    sb_event_destroy(event);
}

/* ---- Condition: notify(n) picks exactly n ------------------------------ */

/* The notes' program: THREADS threads wait on `condition`; the test notifies
 * some of them at a time. Both conditions share one lock; `progress` tells
 * the test that a thread has registered or has woken, so that it can wait
 * for them without sleeping. Over an RLock, each waiter holds it twice. */
typedef struct stage {
    sb_condition *condition, *progress;
    sb_rlock *rlock; /* NULL over a Lock */
    unsigned registered, woken; /* guarded by the lock */
    _Atomic unsigned failures;
} stage;

static void *wait_for_notify(void *arg)
{
    stage *s = arg;
    bool ok = sb_condition_acquire(s->condition, SB_SYNC_WAIT_FOREVER) == 0 &&
              (!s->rlock || sb_rlock_acquire(s->rlock, 0) == 0);
    s->registered++;
    ok = ok && sb_condition_notify_all(s->progress) == 0;
    ok = ok && sb_condition_wait(s->condition, SB_SYNC_WAIT_FOREVER) == 0;
    /* Woken holding the lock as before, however deep. */
    ok = ok && (!s->rlock || (sb_rlock_is_owned(s->rlock) && sb_rlock_release(s->rlock) == 0));
    s->woken++;
    ok = ok && sb_condition_notify_all(s->progress) == 0;
    ok = ok && sb_condition_release(s->condition) == 0;
    if (!ok)
        atomic_fetch_add(&s->failures, 1);
    return NULL;
}

static void wait_for_progress(stage *s, const unsigned *count, unsigned expected)
{
    while (*count < expected)
        assert_int_equal(sb_condition_wait(s->progress, SB_SYNC_WAIT_FOREVER), 0);
    assert_int_equal(*count, expected);
}

static sb_condition *condition_over(sb_lock *lock, sb_rlock *rlock)
{
    sb_condition *condition = rlock ? sb_condition_create_on_rlock(rlock) : sb_condition_create_on_lock(lock);
    assert_non_null(condition);
    return condition;
}

/* Over `lock`, or over `rlock` when it is not NULL. */
static void check_notify_picks_exactly_n(sb_lock *lock, sb_rlock *rlock)
{
    sb_condition *condition = condition_over(lock, rlock);
    stage s = {.condition = condition, .progress = condition_over(lock, rlock), .rlock = rlock};
    pthread_t threads[THREADS];
    start_threads(threads, THREADS, wait_for_notify, &s);
    assert_int_equal(sb_condition_acquire(condition, SB_SYNC_WAIT_FOREVER), 0);
    wait_for_progress(&s, &s.registered, THREADS);
    /* Every waiter let the lock go, so each one is queued by now. */
    assert_int_equal(sb_condition_waiting(condition), THREADS);

    static const unsigned notifies[] = {3, 1, 4, 5};
    unsigned released = 0;
    for (size_t i = 0; i < sizeof notifies / sizeof notifies[0]; i++) {
        assert_int_equal(sb_condition_notify(condition, notifies[i]), 0);
        released += notifies[i] < THREADS - released ? notifies[i] : THREADS - released;
        assert_int_equal(sb_condition_waiting(condition), THREADS - released);
        wait_for_progress(&s, &s.woken, released);
        assert_int_equal(sb_condition_waiting(condition), THREADS - released);
    }
    assert_int_equal(released, THREADS);
    assert_int_equal(sb_condition_notify(condition, 1), 0);
    assert_int_equal(sb_condition_release(condition), 0);
    join_threads(threads, THREADS);
    assert_int_equal(atomic_load(&s.failures), 0);
    sb_condition_destroy(s.progress);
    sb_condition_destroy(condition);
}

static void notify_n_wakes_exactly_n_waiters_over_a_lock(void **state)
{
    (void)state;
    sb_lock *lock = sb_lock_create();
    check_notify_picks_exactly_n(lock, NULL);
    sb_lock_destroy(lock);
}

static void notify_n_wakes_exactly_n_waiters_over_an_rlock(void **state)
{
    (void)state;
    sb_rlock *rlock = sb_rlock_create();
    check_notify_picks_exactly_n(NULL, rlock);
    sb_rlock_destroy(rlock);
}

static void *notify_without_the_rlock(void *condition)
{
    return (void *)(intptr_t)sb_condition_notify(condition, 1);
}

static void a_condition_needs_its_lock_held(void **state)
{
    (void)state;
    assert_null(sb_condition_create_on_lock(NULL));
    assert_error_mentions("needs a lock");

    sb_lock *lock = sb_lock_create();
    sb_condition *condition = sb_condition_create_on_lock(lock);
    assert_int_equal(sb_condition_wait(condition, 0), -1);
    assert_error_mentions("without holding its lock");
    assert_int_equal(sb_condition_notify_all(condition), -1);
    assert_error_mentions("without holding its lock");

    /* A wait that nobody notifies times out, holding the lock again. */
    assert_int_equal(sb_condition_acquire(condition, 0), 0);
    assert_int_equal(sb_condition_wait(condition, SHORT_TIMEOUT_NS), SB_SYNC_TIMED_OUT);
    assert_true(sb_lock_locked(lock));
    assert_int_equal(sb_condition_waiting(condition), 0);
    assert_int_equal(sb_condition_release(condition), 0);
    sb_condition_destroy(condition);
    sb_lock_destroy(lock);

    /* An RLock knows its owner: another thread may not notify. */
    sb_rlock *rlock = sb_rlock_create();
    condition = sb_condition_create_on_rlock(rlock);
    assert_int_equal(sb_condition_acquire(condition, 0), 0);
    pthread_t other;
    void *notified;
    assert_int_equal(pthread_create(&other, NULL, notify_without_the_rlock, condition), 0);
    assert_int_equal(pthread_join(other, &notified), 0);
    assert_int_equal((intptr_t)notified, -1);
    assert_int_equal(sb_condition_release(condition), 0);
    sb_condition_destroy(condition);
    sb_rlock_destroy(rlock);
}

/* ---- Barrier: distinct places, nobody through before everyone ---------- */

enum { PARTIES = 5, BARRIER_ROUNDS = 50 };

typedef struct meeting {
    sb_barrier *barrier;
    _Atomic unsigned arrived, early, failures;
    _Atomic unsigned places[BARRIER_ROUNDS][PARTIES]; /* how often each place was handed out */
} meeting;

static void *meet(void *arg)
{
    meeting *m = arg;
    for (unsigned round = 0; round < BARRIER_ROUNDS; round++) {
        atomic_fetch_add(&m->arrived, 1);
        unsigned index;
        if (sb_barrier_wait(m->barrier, SB_SYNC_WAIT_FOREVER, &index) != 0 || index >= PARTIES) {
            atomic_fetch_add(&m->failures, 1);
            return NULL;
        }
        if (atomic_load(&m->arrived) < (round + 1) * PARTIES)
            atomic_fetch_add(&m->early, 1);
        atomic_fetch_add(&m->places[round][index], 1);
    }
    return NULL;
}

static void a_barrier_releases_all_parties_together_with_distinct_places(void **state)
{
    (void)state;
    meeting m = {.barrier = sb_barrier_create(PARTIES)};
    pthread_t threads[PARTIES];
    start_threads(threads, PARTIES, meet, &m);
    join_threads(threads, PARTIES);
    assert_int_equal(atomic_load(&m.failures), 0);
    assert_int_equal(atomic_load(&m.early), 0);
    for (unsigned round = 0; round < BARRIER_ROUNDS; round++)
        for (unsigned place = 0; place < PARTIES; place++)
            assert_int_equal(atomic_load(&m.places[round][place]), 1);
    assert_false(sb_barrier_broken(m.barrier));
    sb_barrier_destroy(m.barrier);
}

static void *wait_at_barrier(void *barrier)
{
    unsigned index;
    return (void *)(intptr_t)sb_barrier_wait(barrier, SB_SYNC_WAIT_FOREVER, &index);
}

static void a_timeout_or_an_abort_breaks_a_barrier(void **state)
{
    (void)state;
    assert_null(sb_barrier_create(0));
    assert_error_mentions("at least one party");

    sb_barrier *barrier = sb_barrier_create(2);
    unsigned index;
    assert_int_equal(sb_barrier_wait(barrier, SHORT_TIMEOUT_NS, &index), SB_SYNC_TIMED_OUT);
    assert_true(sb_barrier_broken(barrier));
    assert_int_equal(sb_barrier_wait(barrier, SB_SYNC_WAIT_FOREVER, &index), -1);
    assert_error_mentions("broken");
    sb_barrier_destroy(barrier);

    /* Whether they were waiting already or came after, two of three parties
     * are turned away by an abort. */
    barrier = sb_barrier_create(3);
    pthread_t threads[2];
    start_threads(threads, 2, wait_at_barrier, barrier);
    sb_barrier_abort(barrier);
    for (int t = 0; t < 2; t++) {
        void *waited;
        assert_int_equal(pthread_join(threads[t], &waited), 0);
        assert_int_equal((intptr_t)waited, -1);
    }
    sb_barrier_destroy(barrier);

    barrier = sb_barrier_create(1);
    assert_int_equal(sb_barrier_wait(barrier, 0, &index), 0);
    assert_int_equal(index, 0);
    sb_barrier_destroy(barrier);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_lock_admits_one_thread_at_a_time),
        cmocka_unit_test(an_rlock_admits_one_thread_at_a_time),
        cmocka_unit_test(a_bounded_semaphore_admits_at_most_its_value),
        cmocka_unit_test(a_held_lock_refuses_even_its_holder_until_released),
        cmocka_unit_test(an_rlock_reenters_and_only_its_owner_releases_it),
        cmocka_unit_test(three_are_inside_a_bounded_semaphore_3_together_and_no_fourth),
        cmocka_unit_test(a_bounded_semaphore_0_admits_nobody),
        cmocka_unit_test(a_release_wakes_an_acquirer_asleep_in_the_kernel),
        cmocka_unit_test(an_event_holds_every_waiter_until_set_then_releases_all),
        cmocka_unit_test(a_set_releases_every_waiter_even_if_cleared_at_once),
        cmocka_unit_test(waiting_on_an_unset_event_times_out),
        cmocka_unit_test(notify_n_wakes_exactly_n_waiters_over_a_lock),
        cmocka_unit_test(notify_n_wakes_exactly_n_waiters_over_an_rlock),
        cmocka_unit_test(a_condition_needs_its_lock_held),
        cmocka_unit_test(a_barrier_releases_all_parties_together_with_distinct_places),
        cmocka_unit_test(a_timeout_or_an_abort_breaks_a_barrier),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
