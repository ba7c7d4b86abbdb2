/* pool: every submitted task runs once and its result comes back; result()
 * times out on a task held back by the test and still gets the result later;
 * done callbacks run once, on the worker or, once done, on the caller;
 * shutdown refuses new work and, with wait, returns only when all is done;
 * concurrent submitters all get their own results; bad calls get errors. */
#include "base/clock.h"
#include "base/error.h"
#include "python/thread_pool.h"

#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "thread_state.h"
#include "topology_fixture.h"

static sb_thread_pool *new_pool(unsigned workers, sb_placement_policy policy)
{
    sb_placement *placement = sb_placement_plan(topology, policy, workers);
    assert_non_null(placement);
    sb_thread_pool *pool = sb_thread_pool_create(workers, placement);
    sb_placement_free(placement);
    if (!pool)
        fail_msg("%s", sb_last_error());
    return pool;
}

static void *value_of(uintptr_t n)
{
    return (void *)n;
}

/* A task that counts its runs in the slot it is given and returns a value
 * that names the slot. */
typedef struct counted {
    _Atomic unsigned runs;
    uintptr_t index;
} counted;

static void *count_run(void *arg)
{
    counted *c = arg;
    atomic_fetch_add(&c->runs, 1);
    return value_of(c->index * 3 + 1);
}

/* A task that waits until the test opens its gate, then returns 42. */
static void *wait_for_gate(void *arg)
{
    sem_wait(arg);
    return value_of(42);
}

static void every_task_runs_once_and_its_result_comes_back(void **state)
{
    (void)state;
    enum { TASKS = 2000 };
    static counted slots[TASKS];
    static sb_future *futures[TASKS];
    sb_thread_pool *pool = new_pool(3, SB_PLACE_NONE);
    for (uintptr_t t = 0; t < TASKS; t++) {
        slots[t] = (counted){.index = t};
        futures[t] = sb_thread_pool_submit(pool, count_run, &slots[t]);
        assert_non_null(futures[t]);
    }
    for (uintptr_t t = 0; t < TASKS; t++) {
        void *result = NULL;
        assert_int_equal(sb_future_result(futures[t], SB_FUTURE_WAIT_FOREVER, &result), 0);
        assert_ptr_equal(result, value_of(t * 3 + 1));
        assert_true(sb_future_done(futures[t]));
        sb_future_release(futures[t]);
    }
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    for (uintptr_t t = 0; t < TASKS; t++)
        assert_int_equal(atomic_load(&slots[t].runs), 1);
}

static void result_times_out_until_the_task_is_done(void **state)
{
    (void)state;
    sem_t gate;
    sem_init(&gate, 0, 0);
    sb_thread_pool *pool = new_pool(2, SB_PLACE_NONE);
    sb_future *future = sb_thread_pool_submit(pool, wait_for_gate, &gate);
    assert_non_null(future);

    void *result = value_of(7);
    assert_int_equal(sb_future_result(future, 0, &result), SB_FUTURE_TIMED_OUT);
    assert_int_equal(sb_future_result(future, 1000000, &result), SB_FUTURE_TIMED_OUT);
    assert_ptr_equal(result, value_of(7));
    assert_false(sb_future_done(future));

    sem_post(&gate);
    assert_int_equal(sb_future_result(future, SB_FUTURE_WAIT_FOREVER, &result), 0);
    assert_ptr_equal(result, value_of(42));
    assert_true(sb_future_done(future));
    /* The result stays there to be asked for again. */
    assert_int_equal(sb_future_result(future, 0, NULL), 0);

    sb_future_release(future);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    sem_destroy(&gate);
}

static void *open_gate_later(void *gate)
{
    /* Late enough that the caller is most likely asleep in result() by
     * then; the outcome checked does not depend on it. */
    sb_sleep_ns(20 * 1000 * 1000);
    sem_post(gate);
    return NULL;
}

static void a_timeout_past_the_clocks_range_waits_for_the_result(void **state)
{
    (void)state;
    sem_t gate;
    sem_init(&gate, 0, 0);
    sb_thread_pool *pool = new_pool(1, SB_PLACE_NONE);
    sb_future *future = sb_thread_pool_submit(pool, wait_for_gate, &gate);
    pthread_t opener;
    assert_int_equal(pthread_create(&opener, NULL, open_gate_later, &gate), 0);
    /* The deadline must not wrap round to the past. */
    void *result = NULL;
    assert_int_equal(sb_future_result(future, UINT64_MAX - 1, &result), 0);
    assert_ptr_equal(result, value_of(42));
    pthread_join(opener, NULL);
    sb_future_release(future);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    sem_destroy(&gate);
}

/* What each call of a done callback saw, in call order. Workers only record
 * it: the test thread checks it. */
enum { MAX_CALLS = 4 };
typedef struct callback_log {
    _Atomic unsigned calls;
    unsigned tag[MAX_CALLS];
    pthread_t thread[MAX_CALLS];
    bool done[MAX_CALLS];
    int result_rc[MAX_CALLS];
    void *result[MAX_CALLS];
    sem_t called;
} callback_log;

typedef struct callback_tag {
    callback_log *log;
    unsigned tag;
} callback_tag;

static void record_callback(sb_future *future, void *arg)
{
    const callback_tag *tag = arg;
    callback_log *log = tag->log;
    unsigned call = atomic_fetch_add(&log->calls, 1);
    if (call < MAX_CALLS) {
        log->tag[call] = tag->tag;
        log->thread[call] = pthread_self();
        log->done[call] = sb_future_done(future);
        log->result_rc[call] = sb_future_result(future, 0, &log->result[call]);
    }
    sem_post(&log->called);
}

static void done_callbacks_run_once_on_the_worker_or_at_once_if_done(void **state)
{
    (void)state;
    callback_log log = {0};
    sem_init(&log.called, 0, 0);
    callback_tag tags[3] = {{&log, 1}, {&log, 2}, {&log, 3}};
    sem_t gate;
    sem_init(&gate, 0, 0);
    sb_thread_pool *pool = new_pool(2, SB_PLACE_NONE);
    sb_future *future = sb_thread_pool_submit(pool, wait_for_gate, &gate);

    assert_int_equal(sb_future_add_done_callback(future, record_callback, &tags[0]), 0);
    assert_int_equal(sb_future_add_done_callback(future, record_callback, &tags[1]), 0);
    assert_int_equal(atomic_load(&log.calls), 0);
    sem_post(&gate);
    sem_wait(&log.called);
    sem_wait(&log.called);

    /* Added once done: runs right here, before the call returns. */
    assert_int_equal(sb_future_add_done_callback(future, record_callback, &tags[2]), 0);
    assert_int_equal(atomic_load(&log.calls), 3);
    assert_true(pthread_equal(log.thread[2], pthread_self()));

    assert_int_equal(sb_thread_pool_shutdown(pool, true), 0);
    assert_int_equal(atomic_load(&log.calls), 3);
    for (unsigned call = 0; call < 3; call++) {
        assert_int_equal(log.tag[call], call + 1);
        assert_true(log.done[call]);
        assert_int_equal(log.result_rc[call], 0);
        assert_ptr_equal(log.result[call], value_of(42));
    }
    assert_false(pthread_equal(log.thread[0], pthread_self()));
    assert_true(pthread_equal(log.thread[0], log.thread[1]));

    sb_future_release(future);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    sem_destroy(&gate);
    sem_destroy(&log.called);
}

static void a_released_future_still_runs_its_task_and_callbacks(void **state)
{
    (void)state;
    callback_log log = {0};
    sem_init(&log.called, 0, 0);
    callback_tag tag = {&log, 1};
    sem_t gate;
    sem_init(&gate, 0, 0);
    sb_thread_pool *pool = new_pool(1, SB_PLACE_NONE);
    sb_future *future = sb_thread_pool_submit(pool, wait_for_gate, &gate);
    assert_int_equal(sb_future_add_done_callback(future, record_callback, &tag), 0);
    sb_future_release(future);
    sem_post(&gate);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    assert_int_equal(atomic_load(&log.calls), 1);
    assert_ptr_equal(log.result[0], value_of(42));
    sem_destroy(&gate);
    sem_destroy(&log.called);
}

static void submit_after_shutdown_fails(void **state)
{
    (void)state;
    counted slot = {0};
    sb_thread_pool *pool = new_pool(2, SB_PLACE_NONE);
    assert_int_equal(sb_thread_pool_shutdown(pool, true), 0);
    assert_null(sb_thread_pool_submit(pool, count_run, &slot));
    assert_non_null(strstr(sb_last_error(), "shut down"));
    /* Shutting down again is harmless. */
    assert_int_equal(sb_thread_pool_shutdown(pool, true), 0);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    assert_int_equal(atomic_load(&slot.runs), 0);
}

static void shutdown_with_wait_returns_once_every_queued_task_ran(void **state)
{
    (void)state;
    enum { QUEUED = 50 };
    static counted slots[QUEUED];
    sem_t gate;
    sem_init(&gate, 0, 0);
    /* One worker, held by the first task: the rest must stay queued. */
    sb_thread_pool *pool = new_pool(1, SB_PLACE_NONE);
    sb_future_release(sb_thread_pool_submit(pool, wait_for_gate, &gate));
    for (unsigned t = 0; t < QUEUED; t++) {
        slots[t] = (counted){.index = t};
        sb_future_release(sb_thread_pool_submit(pool, count_run, &slots[t]));
    }

    /* Without wait it returns at once, with the queue untouched... */
    assert_int_equal(sb_thread_pool_shutdown(pool, false), 0);
    for (unsigned t = 0; t < QUEUED; t++)
        assert_int_equal(atomic_load(&slots[t].runs), 0);
    assert_null(sb_thread_pool_submit(pool, count_run, &slots[0]));

    /* ...and the queued tasks still run: waiting now sees them all done. */
    sem_post(&gate);
    assert_int_equal(sb_thread_pool_shutdown(pool, true), 0);
    for (unsigned t = 0; t < QUEUED; t++)
        assert_int_equal(atomic_load(&slots[t].runs), 1);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    sem_destroy(&gate);
}

static void destroy_runs_what_is_still_queued(void **state)
{
    (void)state;
    enum { QUEUED = 20 };
    static counted slots[QUEUED];
    sem_t gate;
    sem_init(&gate, 0, 0);
    sb_thread_pool *pool = new_pool(1, SB_PLACE_NONE);
    sb_future *blocked = sb_thread_pool_submit(pool, wait_for_gate, &gate);
    for (unsigned t = 0; t < QUEUED; t++) {
        slots[t] = (counted){.index = t};
        /* Kept, not released: destroy frees them. */
        assert_non_null(sb_thread_pool_submit(pool, count_run, &slots[t]));
    }
    assert_int_equal(sb_thread_pool_shutdown(pool, false), 0);
    assert_false(sb_future_done(blocked));
    sem_post(&gate);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    for (unsigned t = 0; t < QUEUED; t++)
        assert_int_equal(atomic_load(&slots[t].runs), 1);
    sem_destroy(&gate);
}

enum { PRODUCERS = 4, TASKS_PER_PRODUCER = 3000 };

typedef struct producer {
    sb_thread_pool *pool;
    counted slots[TASKS_PER_PRODUCER];
    unsigned wrong_results;
} producer;

/* Submits in waves and collects each wave, so that futures are recycled
 * between producers while others are still submitting. */
static void *produce(void *arg)
{
    producer *p = arg;
    enum { WAVE = 100 };
    sb_future *futures[WAVE];
    for (unsigned start = 0; start < TASKS_PER_PRODUCER; start += WAVE) {
        for (unsigned i = 0; i < WAVE; i++)
            futures[i] = sb_thread_pool_submit(p->pool, count_run, &p->slots[start + i]);
        for (unsigned i = 0; i < WAVE; i++) {
            void *result = NULL;
            if (!futures[i] || sb_future_result(futures[i], SB_FUTURE_WAIT_FOREVER, &result) != 0 ||
                result != value_of(p->slots[start + i].index * 3 + 1))
                p->wrong_results++;
            sb_future_release(futures[i]);
        }
    }
    return NULL;
}

static void concurrent_submitters_all_get_their_own_results(void **state)
{
    (void)state;
    static producer producers[PRODUCERS];
    pthread_t threads[PRODUCERS];
    sb_thread_pool *pool = new_pool(2, SB_PLACE_NONE);
    for (unsigned p = 0; p < PRODUCERS; p++) {
        producers[p] = (producer){.pool = pool};
        for (unsigned t = 0; t < TASKS_PER_PRODUCER; t++)
            producers[p].slots[t].index = p * TASKS_PER_PRODUCER + t;
        assert_int_equal(pthread_create(&threads[p], NULL, produce, &producers[p]), 0);
    }
    for (unsigned p = 0; p < PRODUCERS; p++)
        pthread_join(threads[p], NULL);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    for (unsigned p = 0; p < PRODUCERS; p++) {
        assert_int_equal(producers[p].wrong_results, 0);
        for (unsigned t = 0; t < TASKS_PER_PRODUCER; t++)
            assert_int_equal(atomic_load(&producers[p].slots[t].runs), 1);
    }
}

static void *where_run(void *arg)
{
    (void)arg;
    return value_of((uintptr_t)sched_getcpu());
}

static void workers_run_where_the_placement_puts_them(void **state)
{
    (void)state;
    uintptr_t first_pu = hwloc_get_obj_by_type(sb_topology_hwloc(topology), HWLOC_OBJ_PU, 0)->os_index;
    sb_thread_pool *pool = new_pool(3, SB_PLACE_SINGLE);
    for (unsigned t = 0; t < 30; t++) {
        sb_future *future = sb_thread_pool_submit(pool, where_run, NULL);
        void *cpu = NULL;
        assert_int_equal(sb_future_result(future, SB_FUTURE_WAIT_FOREVER, &cpu), 0);
        assert_ptr_equal(cpu, value_of(first_pu));
        sb_future_release(future);
    }
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
}

static void *affinity_is_only_arg(void *cpu)
{
    return value_of(affinity_is_only(0, (int)(intptr_t)cpu));
}

/* What the kernel says of the worker's affinity, not which CPU it happened
 * to run on: the creating thread first widens its own affinity to every CPU
 * it may use, so a worker that did not bind would inherit that, even in a
 * run confined to one CPU (taskset -c 0). */
static void a_worker_is_bound_to_its_planned_pu_alone(void **state)
{
    (void)state;
    cpu_set_t saved;
    int cpus = widen_affinity(&saved);
    assert_true(cpus >= 1);
    if (cpus == 1) {
        sched_setaffinity(0, sizeof saved, &saved);
        skip();
    }
    sb_thread_pool *pool = new_pool(1, SB_PLACE_COMPACT);
    assert_int_equal(sched_setaffinity(0, sizeof saved, &saved), 0);
    uintptr_t pu = (uintptr_t)hwloc_get_obj_by_type(sb_topology_hwloc(topology), HWLOC_OBJ_PU, 0)->os_index;
    sb_future *future = sb_thread_pool_submit(pool, affinity_is_only_arg, (void *)pu);
    void *only = NULL;
    assert_int_equal(sb_future_result(future, SB_FUTURE_WAIT_FOREVER, &only), 0);
    sb_future_release(future);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    assert_ptr_equal(only, value_of(1));
}

/* test_pool links with -Wl,--wrap=pthread_mutex_lock (tests/CMakeLists.txt):
 * a thread that arms `pause_before_locking` stops before its next lock until
 * `finished_meanwhile` is done and its worker, `finishing_worker`, has gone
 * back to sleep for want of work (so it is past any wake-up it makes for the
 * task), so that the task finishes exactly between a result waiter's
 * decision to sleep and its taking of the completion lock. */
int __real_pthread_mutex_lock(pthread_mutex_t *mutex);

static _Thread_local bool pause_before_locking;
static atomic_bool paused_before_lock;
static sb_future *_Atomic finished_meanwhile;
static _Atomic pid_t finishing_worker;

int __wrap_pthread_mutex_lock(pthread_mutex_t *mutex)
{
    if (pause_before_locking) {
        pause_before_locking = false;
        atomic_store(&paused_before_lock, true);
        while (!sb_future_done(atomic_load(&finished_meanwhile)) ||
               !thread_sleeps_in(atomic_load(&finishing_worker), SYS_futex))
            sched_yield();
    }
    return __real_pthread_mutex_lock(mutex);
}

/* wait_for_gate, on a worker that notes its thread id first. */
static void *note_worker_and_wait_for_gate(void *gate)
{
    atomic_store(&finishing_worker, thread_state_tid());
    return wait_for_gate(gate);
}

typedef struct late_waiter {
    sb_future *future;
    _Atomic pid_t tid;
    atomic_bool returned;
    void *result;
} late_waiter;

static void *wait_with_a_pause(void *arg)
{
    late_waiter *w = arg;
    atomic_store(&w->tid, thread_state_tid());
    /* The task cannot finish while the waiter spins (its gate is shut), so
     * the next lock is the completion lock's, in sleep_until_done. */
    pause_before_locking = true;
    if (sb_future_result(w->future, SB_FUTURE_WAIT_FOREVER, &w->result) == 0)
        atomic_store(&w->returned, true);
    return NULL;
}

/* The task finishes while its waiter is on its way to sleep, before it
 * holds the completion lock: the waiter must then see the result rather
 * than sleep on a broadcast that came and went. After the pause it either
 * returns or sleeps in the kernel (a futex) for good; nothing is timed. */
static void a_task_finishing_as_its_waiter_goes_to_sleep_wakes_it(void **state)
{
    (void)state;
    sem_t gate;
    sem_init(&gate, 0, 0);
    sb_thread_pool *pool = new_pool(1, SB_PLACE_NONE);
    atomic_store(&finishing_worker, 0);
    late_waiter w = {.future = sb_thread_pool_submit(pool, note_worker_and_wait_for_gate, &gate)};
    assert_non_null(w.future);
    atomic_store(&finished_meanwhile, w.future);
    atomic_store(&paused_before_lock, false);
    pthread_t waiter;
    assert_int_equal(pthread_create(&waiter, NULL, wait_with_a_pause, &w), 0);
    while (!atomic_load(&paused_before_lock))
        sched_yield();
    sem_post(&gate);

    pid_t tid = atomic_load(&w.tid);
    bool asleep = false;
    while (!atomic_load(&w.returned) && !(asleep = thread_sleeps_in(tid, SYS_futex)))
        sched_yield();
    if (asleep && !atomic_load(&w.returned)) {
        /* It would sleep forever: leave it, and the pool it sleeps on. */
        pthread_detach(waiter);
        fail_msg("the waiter sleeps though its task is done: a lost wake-up");
    }
    pthread_join(waiter, NULL);
    assert_ptr_equal(w.result, value_of(42));
    sb_future_release(w.future);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
    sem_destroy(&gate);
}

typedef struct self_wait {
    sb_thread_pool *pool;
    int shutdown_rc, destroy_rc;
    char error[256];
} self_wait;

static void *wait_for_own_pool(void *arg)
{
    self_wait *w = arg;
    w->shutdown_rc = sb_thread_pool_shutdown(w->pool, true);
    snprintf(w->error, sizeof w->error, "%s", sb_last_error());
    w->destroy_rc = sb_thread_pool_destroy(w->pool);
    return NULL;
}

static void a_worker_cannot_wait_for_its_own_pool(void **state)
{
    (void)state;
    sb_thread_pool *pool = new_pool(1, SB_PLACE_NONE);
    self_wait w = {.pool = pool};
    sb_future *future = sb_thread_pool_submit(pool, wait_for_own_pool, &w);
    assert_int_equal(sb_future_result(future, SB_FUTURE_WAIT_FOREVER, NULL), 0);
    assert_int_equal(w.shutdown_rc, -1);
    assert_int_equal(w.destroy_rc, -1);
    assert_non_null(strstr(w.error, "wait for itself"));
    sb_future_release(future);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
}

static void ignore_callback(sb_future *future, void *arg)
{
    (void)future;
    (void)arg;
}

static void bad_calls_get_clear_errors(void **state)
{
    (void)state;
    sb_placement *two = sb_placement_plan(topology, SB_PLACE_NONE, 2);
    assert_null(sb_thread_pool_create(0, two));
    assert_non_null(strstr(sb_last_error(), "at least 1 worker"));
    assert_null(sb_thread_pool_create(2, NULL));
    assert_non_null(strstr(sb_last_error(), "no placement"));
    assert_null(sb_thread_pool_create(3, two));
    assert_non_null(strstr(sb_last_error(), "planned for 2 workers"));

    sb_thread_pool *pool = sb_thread_pool_create(2, two);
    sb_placement_free(two);
    assert_non_null(pool);
    assert_null(sb_thread_pool_submit(NULL, count_run, NULL));
    assert_non_null(strstr(sb_last_error(), "needs a pool"));
    assert_null(sb_thread_pool_submit(pool, NULL, NULL));
    assert_non_null(strstr(sb_last_error(), "and a function"));
    assert_int_equal(sb_future_result(NULL, 0, NULL), -1);
    assert_non_null(strstr(sb_last_error(), "no future"));
    assert_false(sb_future_done(NULL));
    assert_int_equal(sb_future_add_done_callback(NULL, ignore_callback, NULL), -1);
    assert_non_null(strstr(sb_last_error(), "needs a future"));
    sb_future_release(NULL);
    assert_int_equal(sb_thread_pool_shutdown(NULL, true), -1);
    assert_non_null(strstr(sb_last_error(), "no pool"));
    assert_int_equal(sb_thread_pool_destroy(NULL), 0);
    assert_int_equal(sb_thread_pool_destroy(pool), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_task_runs_once_and_its_result_comes_back),
        cmocka_unit_test(result_times_out_until_the_task_is_done),
        cmocka_unit_test(a_timeout_past_the_clocks_range_waits_for_the_result),
        cmocka_unit_test(done_callbacks_run_once_on_the_worker_or_at_once_if_done),
        cmocka_unit_test(a_released_future_still_runs_its_task_and_callbacks),
        cmocka_unit_test(submit_after_shutdown_fails),
        cmocka_unit_test(shutdown_with_wait_returns_once_every_queued_task_ran),
        cmocka_unit_test(destroy_runs_what_is_still_queued),
        cmocka_unit_test(concurrent_submitters_all_get_their_own_results),
        cmocka_unit_test(workers_run_where_the_placement_puts_them),
        cmocka_unit_test(a_worker_is_bound_to_its_planned_pu_alone),
        cmocka_unit_test(a_task_finishing_as_its_waiter_goes_to_sleep_wakes_it),
        cmocka_unit_test(a_worker_cannot_wait_for_its_own_pool),
        cmocka_unit_test(bad_calls_get_clear_errors),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
