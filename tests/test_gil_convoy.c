/* gil_convoy: a round refuses arguments that could measure nothing, records
 * every wake-up it was asked for (or stops at its time cap), runs its
 * threads under the interpreter it is given, and leaves no thread behind.
 *
 * Under a GIL, every thread's hooks are watched: a thread counts itself in
 * whenever the GIL's code returns it holding the GIL and out before it may
 * let go, so two threads counted in at once mean one ran without holding
 * it. That the IO thread counts itself in after each of its sleeps is what
 * shows that it really took the GIL back after each wake-up. How late any
 * wake-up comes is not checked; how the share of long waits is counted is,
 * on given figures. */
#include "base/clock.h"
#include "base/error.h"
#include "base/task_hooks.h"
#include "probes/gil_convoy.h"
#include "python/gil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "near.h"
#include "thread_state.h"

enum { SLEEP_NS = 200 * 1000, WAKEUPS = 8, NEVER_NS = 600ull * 1000 * 1000 * 1000 };

static void *do_nothing(void *arg)
{
    return arg;
}

/* A sanitizer starts a thread of its own along with the process's first new
 * thread: one started and joined before any test, so that the threads
 * counted before and after a round are the round's alone. */
static int start_the_sanitizers_thread(void **state)
{
    (void)state;
    pthread_t thread;
    if (pthread_create(&thread, NULL, do_nothing, NULL) != 0)
        return -1;
    return pthread_join(thread, NULL) == 0 ? 0 : -1;
}

/* A GIL whose takers and holders are counted. */
typedef struct watched_gil {
    sb_gil *gil;
    const sb_task_hooks *gil_hooks;
    sb_task_hooks hooks;
    atomic_int inside;      /* threads that hold the GIL, as they count themselves */
    atomic_int overlaps;    /* times a thread counted itself in beside another */
    atomic_int enters, leaves;
    atomic_int io_takes;    /* returns from a sleep, holding the GIL */
} watched_gil;

static void count_in(watched_gil *w)
{
    if (atomic_fetch_add(&w->inside, 1) != 0)
        atomic_fetch_add(&w->overlaps, 1);
}

static void count_out(watched_gil *w)
{
    atomic_fetch_sub(&w->inside, 1);
}

static void watched_checkpoint(void *context)
{
    watched_gil *w = context;
    count_out(w);
    w->gil_hooks->checkpoint(w->gil_hooks->context);
    count_in(w);
}

/* Only the IO thread sleeps. */
static void watched_sleep(void *context, uint64_t ns)
{
    watched_gil *w = context;
    count_out(w);
    w->gil_hooks->sleep_ns(w->gil_hooks->context, ns);
    count_in(w);
    atomic_fetch_add(&w->io_takes, 1);
}

static void watched_enter(void *context)
{
    watched_gil *w = context;
    sb_gil_take(w->gil);
    count_in(w);
    atomic_fetch_add(&w->enters, 1);
    sb_task_hooks_install(&w->hooks);
}

static void watched_leave(void *context)
{
    watched_gil *w = context;
    sb_task_hooks_install(NULL);
    atomic_fetch_add(&w->leaves, 1);
    count_out(w);
    sb_gil_release(w->gil);
}

static void watch(watched_gil *w)
{
    *w = (watched_gil){.gil = sb_gil_create()};
    assert_non_null(w->gil);
    /* Short turns keep the rounds short; the rule is the same. */
    sb_gil_set_switch_interval_ns(w->gil, 1000 * 1000);
    w->gil_hooks = sb_gil_task_hooks(w->gil);
    w->hooks = (sb_task_hooks){.checkpoint = watched_checkpoint, .sleep_ns = watched_sleep, .context = w};
}

static void refused(const sb_convoy_round *round, const char *reason)
{
    sb_convoy_result result = {.wakeups = 1};
    assert_int_equal(sb_convoy_run(round, &result), -1);
    assert_non_null(strstr(sb_last_error(), reason));
    assert_null(result.lateness_ns);
    assert_int_equal(result.wakeups, 0);
}

static void a_round_that_could_measure_nothing_is_refused(void **state)
{
    (void)state;
    const sb_convoy_round good = {
        .cpu_threads = 1, .sleep_ns = SLEEP_NS, .max_wakeups = WAKEUPS, .time_cap_ns = NEVER_NS};
    sb_convoy_round round = good;
    round.sleep_ns = 0;
    refused(&round, "needs 0 to");
    round = good;
    round.max_wakeups = 0;
    refused(&round, "needs 0 to");
    round = good;
    round.time_cap_ns = 0;
    refused(&round, "needs 0 to");
    round = good;
    round.cpu_threads = SB_CONVOY_MAX_CPU_THREADS + 1;
    refused(&round, "needs 0 to");
    round = good;
    round.interpreter = &(sb_convoy_interpreter){.enter = watched_enter};
    refused(&round, "both an enter and a leave");
}

/* Without an interpreter the sleep is a plain one, which sleeps to an
 * absolute deadline and so is never short. */
static void every_wake_up_asked_for_is_recorded(void **state)
{
    (void)state;
    static const unsigned ks[] = {0, 2};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        unsigned threads_before = threads_of_this_process();
        sb_convoy_round round = {
            .cpu_threads = ks[i], .sleep_ns = SLEEP_NS, .max_wakeups = WAKEUPS, .time_cap_ns = NEVER_NS};
        sb_convoy_result result;
        if (sb_convoy_run(&round, &result) != 0)
            fail_msg("round of %u threads: %s", ks[i], sb_last_error());
        assert_int_equal(result.wakeups, WAKEUPS);
        for (size_t w = 0; w < result.wakeups; w++)
            assert_true(result.lateness_ns[w] >= 0);
        sb_convoy_result_free(&result);
        assert_null(result.lateness_ns);
        assert_int_equal(threads_once_down_to(threads_before), threads_before);
    }
}

/* Each sleep lasts at least its length, so a round can fit no more than
 * one wake-up per sleep's length in its cap, and one more that started
 * before the cap ran out. */
static void the_time_cap_ends_a_round_short(void **state)
{
    (void)state;
    enum { CAP_SLEEPS = 5 };
    sb_convoy_round round = {
        .cpu_threads = 1, .sleep_ns = SLEEP_NS, .max_wakeups = 1000 * 1000, .time_cap_ns = CAP_SLEEPS * SLEEP_NS};
    sb_convoy_result result;
    if (sb_convoy_run(&round, &result) != 0)
        fail_msg("%s", sb_last_error());
    assert_in_range(result.wakeups, 1, CAP_SLEEPS + 1);
    sb_convoy_result_free(&result);
}

static void under_a_gil_the_io_thread_takes_it_back_after_every_wake_up(void **state)
{
    (void)state;
    static const unsigned ks[] = {0, 1, 2, 4};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        unsigned k = ks[i];
        watched_gil w;
        watch(&w);
        const sb_convoy_interpreter interpreter = {.enter = watched_enter, .leave = watched_leave, .context = &w};
        unsigned threads_before = threads_of_this_process();
        sb_convoy_round round = {.cpu_threads = k, .sleep_ns = SLEEP_NS, .max_wakeups = WAKEUPS,
                                 .time_cap_ns = NEVER_NS, .interpreter = &interpreter};
        sb_convoy_result result;
        if (sb_convoy_run(&round, &result) != 0)
            fail_msg("round of %u threads: %s", k, sb_last_error());
        assert_int_equal(result.wakeups, WAKEUPS);
        assert_int_equal(atomic_load(&w.io_takes), WAKEUPS);
        assert_int_equal(atomic_load(&w.overlaps), 0);
        /* Every thread entered and left, the IO thread included: the
         * CPU-bound ones stopped, and were joined. */
        assert_int_equal(atomic_load(&w.enters), k + 1);
        assert_int_equal(atomic_load(&w.leaves), k + 1);
        assert_int_equal(atomic_load(&w.inside), 0);
        assert_int_equal(threads_once_down_to(threads_before), threads_before);
        /* Nobody holds it or waits for it any more. */
        sb_gil_take(w.gil);
        sb_gil_release(w.gil);
        sb_convoy_result_free(&result);
        sb_gil_destroy(w.gil);
    }
}

/* A GIL's wake-ups wait about one switch interval or two or more: the share
 * counts those past one and a half, and no others, on the interval given. */
static void the_long_wait_share_counts_wake_ups_past_one_and_a_half_intervals(void **state)
{
    (void)state;
    enum { INTERVAL_NS = 5000000 };
    const double lateness_ns[] = {90e3, 4.7e6, 7.5e6, 7.5e6 + 1, 9.8e6, 15.2e6, -10e3, 5.1e6};
    size_t count = sizeof lateness_ns / sizeof lateness_ns[0];
    assert_near(sb_convoy_long_wait_share(lateness_ns, count, INTERVAL_NS), 3.0 / 8, 1e-12);
    /* The same wake-ups measured against an interval twice as long. */
    assert_near(sb_convoy_long_wait_share(lateness_ns, count, 2 * INTERVAL_NS), 1.0 / 8, 1e-12);
    assert_near(sb_convoy_long_wait_share(lateness_ns, 1, INTERVAL_NS), 0, 0);
    assert_near(sb_convoy_long_wait_share(lateness_ns + 5, 1, INTERVAL_NS), 1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_round_that_could_measure_nothing_is_refused),
        cmocka_unit_test(every_wake_up_asked_for_is_recorded),
        cmocka_unit_test(the_time_cap_ends_a_round_short),
        cmocka_unit_test(under_a_gil_the_io_thread_takes_it_back_after_every_wake_up),
        cmocka_unit_test(the_long_wait_share_counts_wake_ups_past_one_and_a_half_intervals),
    };
    return cmocka_run_group_tests(tests, start_the_sanitizers_thread, NULL);
}
