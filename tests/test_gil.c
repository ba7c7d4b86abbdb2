/* gil: one holder at a time; a busy holder hands over at a checkpoint once
 * asked, and does not win the GIL straight back; sleeps and descriptor waits
 * let others take it meanwhile; the gil model runs tasks one at a time yet
 * overlaps their waits. Every check is on state and order, never on time. */
#include "base/error.h"
#include "python/gil.h"
#include "models/model.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "topology_fixture.h"

/* Counts who is inside a stretch that needs the GIL, and the most ever at
 * once; `guarded` is touched only there without any other synchronisation,
 * so ThreadSanitizer checks that the GIL orders those stretches. */
typedef struct holders {
    atomic_uint now, most;
    unsigned long guarded;
} holders;

static void hold_briefly(holders *h)
{
    unsigned inside = atomic_fetch_add(&h->now, 1) + 1;
    unsigned most = atomic_load(&h->most);
    while (inside > most && !atomic_compare_exchange_weak(&h->most, &most, inside))
        ;
    h->guarded++;
    atomic_fetch_sub(&h->now, 1);
}

enum { CONTENDERS = 4, STRETCHES = 600 };

typedef struct contest {
    sb_gil *gil;
    holders holders;
    int always_writable; /* a pipe's write end: a descriptor wait that returns at once */
    atomic_uint failed_waits;
} contest;

/* Between stretches it checkpoints, sleeps or waits on a descriptor, each of
 * which may let the GIL go. */
static void *contender(void *arg)
{
    contest *c = arg;
    sb_gil_take(c->gil);
    sb_task_hooks_install(sb_gil_task_hooks(c->gil));
    for (unsigned i = 0; i < STRETCHES; i++) {
        hold_briefly(&c->holders);
        switch (i % 3) {
        case 0:
            sb_task_checkpoint();
            break;
        case 1:
            sb_task_sleep_ns(1000);
            break;
        default:
            if (sb_task_wait_fd(c->always_writable, POLLOUT) != POLLOUT)
                atomic_fetch_add(&c->failed_waits, 1);
        }
    }
    sb_task_hooks_install(NULL);
    sb_gil_release(c->gil);
    return NULL;
}

static void never_two_holders_at_once(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    contest c = {.gil = sb_gil_create(), .always_writable = fds[1]};
    assert_non_null(c.gil);
    /* Every wait asks for the GIL at once: as many handovers as possible. */
    sb_gil_set_switch_interval_ns(c.gil, 0);
    assert_int_equal(sb_gil_switch_interval_ns(c.gil), 0);

    pthread_t threads[CONTENDERS];
    for (int t = 0; t < CONTENDERS; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, contender, &c), 0);
    for (int t = 0; t < CONTENDERS; t++)
        pthread_join(threads[t], NULL);

    assert_int_equal(atomic_load(&c.failed_waits), 0);
    assert_int_equal(atomic_load(&c.holders.most), 1);
    assert_int_equal(c.holders.guarded, CONTENDERS * STRETCHES);
    assert_true(sb_gil_get_stats(c.gil).switches >= CONTENDERS);
    sb_gil_destroy(c.gil);
    close(fds[0]);
    close(fds[1]);
}

typedef struct handover {
    sb_gil *gil;
    atomic_bool waiter_ran;
} handover;

static void *take_once(void *arg)
{
    handover *h = arg;
    sb_gil_take(h->gil);
    atomic_store(&h->waiter_ran, true);
    sb_gil_release(h->gil);
    return NULL;
}

/* The test's thread holds the GIL and only checkpoints until the waiter has
 * run, so the waiter can only have had the GIL through a checkpoint. */
static void busy_holder_hands_over_once_asked(void **state)
{
    (void)state;
    handover h = {.gil = sb_gil_create()};
    assert_non_null(h.gil);
    sb_gil_set_switch_interval_ns(h.gil, 0);

    sb_gil_take(h.gil);
    pthread_t waiter;
    assert_int_equal(pthread_create(&waiter, NULL, take_once, &h), 0);
    unsigned long checkpoints = 0;
    while (!atomic_load(&h.waiter_ran)) {
        sb_gil_checkpoint(h.gil);
        checkpoints++;
    }
    sb_gil_stats stats = sb_gil_get_stats(h.gil);
    sb_gil_release(h.gil);
    pthread_join(waiter, NULL);

    assert_true(checkpoints >= 1);
    assert_true(stats.drop_requests >= 1);
    /* One handover: having dropped it, the holder waited for the waiter to
     * take it instead of winning it straight back and being asked again. */
    assert_int_equal(stats.handovers, 1);
    /* To us, to the waiter, back to us. */
    assert_int_equal(stats.switches, 3);
    sb_gil_destroy(h.gil);
}

typedef struct writer {
    sb_gil *gil;
    int fd;
    ssize_t written;
} writer;

static void *write_under_gil(void *arg)
{
    writer *w = arg;
    sb_gil_take(w->gil);
    w->written = write(w->fd, "x", 1);
    sb_gil_release(w->gil);
    return NULL;
}

/* The byte we wait for is written only by a thread holding the GIL, so our
 * wait returns only if it let the GIL go. */
static void descriptor_wait_lets_others_take_the_gil(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    writer w = {.gil = sb_gil_create(), .fd = fds[1]};
    assert_non_null(w.gil);
    assert_int_equal(sb_gil_switch_interval_ns(w.gil), 5000000);

    sb_gil_take(w.gil);
    sb_task_hooks_install(sb_gil_task_hooks(w.gil));
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, write_under_gil, &w), 0);
    assert_int_equal(sb_task_wait_fd(fds[0], POLLIN), POLLIN);
    sb_gil_stats stats = sb_gil_get_stats(w.gil);
    sb_task_hooks_install(NULL);
    sb_gil_release(w.gil);
    pthread_join(thread, NULL);

    assert_int_equal(w.written, 1);
    char byte;
    assert_int_equal(read(fds[0], &byte, 1), 1);
    /* To us, to the writer, back to us before the wait returned. */
    assert_int_equal(stats.switches, 3);
    assert_int_equal(stats.handovers, 0);
    sb_gil_destroy(w.gil);
    close(fds[0]);
    close(fds[1]);
}

enum phase { BEFORE_SLEEP, SLEEPING, AFTER_SLEEP };

typedef struct sleeper {
    sb_gil *gil;
    _Atomic enum phase phase;
    enum phase seen_by_other;
} sleeper;

static void *observe_phase(void *arg)
{
    sleeper *s = arg;
    sb_gil_take(s->gil);
    s->seen_by_other = atomic_load(&s->phase);
    sb_gil_release(s->gil);
    return NULL;
}

/* We change phase only while holding the GIL, so the other thread, which
 * reads it under the GIL, sees SLEEPING only if it took the GIL while we
 * slept. It has asked for the GIL before we sleep, so releasing it for the
 * sleep waits until the other has taken it: no race with a short sleep. */
static void sleep_lets_others_take_the_gil(void **state)
{
    (void)state;
    sleeper s = {.gil = sb_gil_create(), .phase = BEFORE_SLEEP};
    assert_non_null(s.gil);
    sb_gil_set_switch_interval_ns(s.gil, 0);

    sb_gil_take(s.gil);
    sb_task_hooks_install(sb_gil_task_hooks(s.gil));
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, observe_phase, &s), 0);
    while (sb_gil_get_stats(s.gil).drop_requests == 0)
        sched_yield();
    atomic_store(&s.phase, SLEEPING);
    sb_task_sleep_ns(1000);
    atomic_store(&s.phase, AFTER_SLEEP);
    sb_task_hooks_install(NULL);
    sb_gil_release(s.gil);
    pthread_join(thread, NULL);

    assert_int_equal(s.seen_by_other, SLEEPING);
    sb_gil_destroy(s.gil);
}

static uint64_t identity_size(uint64_t ns)
{
    return ns;
}

static void run_gil_job(const sb_workload *workload, unsigned tasks, unsigned workers, uint64_t *task_results)
{
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, workers);
    assert_non_null(placement);
    sb_job job = {.workload = workload, .size = 0, .tasks = tasks, .workers = workers, .placement = placement};
    sb_job_result result;
    int rc = sb_model_run(&sb_model_gil, &job, &result, task_results);
    sb_placement_free(placement);
    if (rc != 0)
        fail_msg("gil: %s", sb_last_error());
}

static holders task_holders;

static uint64_t stretches_run(uint64_t size, uint64_t task)
{
    (void)size;
    for (unsigned i = 0; i < 200; i++) {
        hold_briefly(&task_holders);
        if (i % 50 == 0)
            sb_task_sleep_ns(1000);
        else
            sb_task_checkpoint();
    }
    return task;
}

/* Stretches between checkpoints and sleeps: the model must hold the GIL
 * around them. */
static const sb_workload stretches_workload = {
    .name = "stretches", .kind = SB_WORKLOAD_CPU, .run = stretches_run, .size_for_ns = identity_size};

static void gil_model_runs_one_task_at_a_time(void **state)
{
    (void)state;
    run_gil_job(&stretches_workload, 8, 4, NULL);
    assert_int_equal(atomic_load(&task_holders.most), 1);
    assert_int_equal(task_holders.guarded, 8 * 200);
}

static int ping[2], pong[2];

/* 1 when every step worked. */
static uint64_t ping_pong_run(uint64_t size, uint64_t task)
{
    (void)size;
    char byte = 'x';
    if (task == 0)
        return sb_task_wait_fd(ping[0], POLLIN) == POLLIN && read(ping[0], &byte, 1) == 1 &&
               write(pong[1], &byte, 1) == 1;
    return write(ping[1], &byte, 1) == 1 && sb_task_wait_fd(pong[0], POLLIN) == POLLIN &&
           read(pong[0], &byte, 1) == 1;
}

/* Task 0 waits for a byte from task 1, which then waits for its answer:
 * whichever starts first waits on a descriptor while the other needs the
 * GIL, so the job finishes only if the model releases it around the wait. */
static const sb_workload ping_pong_workload = {
    .name = "ping_pong", .kind = SB_WORKLOAD_IO, .run = ping_pong_run, .size_for_ns = identity_size};

static void gil_model_overlaps_descriptor_waits(void **state)
{
    (void)state;
    assert_int_equal(pipe(ping), 0);
    assert_int_equal(pipe(pong), 0);
    uint64_t worked[2];
    run_gil_job(&ping_pong_workload, 2, 2, worked);
    assert_int_equal(worked[0], 1);
    assert_int_equal(worked[1], 1);
    for (int end = 0; end < 2; end++) {
        close(ping[end]);
        close(pong[end]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(never_two_holders_at_once),
        cmocka_unit_test(busy_holder_hands_over_once_asked),
        cmocka_unit_test(descriptor_wait_lets_others_take_the_gil),
        cmocka_unit_test(sleep_lets_others_take_the_gil),
        cmocka_unit_test(gil_model_runs_one_task_at_a_time),
        cmocka_unit_test(gil_model_overlaps_descriptor_waits),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
