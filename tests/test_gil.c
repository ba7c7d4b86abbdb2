/* gil: one holder at a time; a busy holder hands over at a checkpoint once
 * asked, and does not win the GIL straight back, but keeps it through its
 * checkpoints while nobody asked; only a thread kept waiting asks, and only
 * when its whole interval went by with one holder (a wake-up before it ends
 * is no reason, the holder unchanged or not); a release nobody asked
 * for waits for no taker; sleeps and descriptor waits let others take it
 * meanwhile, and leave the task their own errno; the gil model runs tasks
 * one at a time yet overlaps their waits; a GIL without memory says so.
 * Every check is on state and order, never on time. */
#include "base/clock.h"
#include "base/error.h"
#include "python/gil.h"
#include "models/model.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "failing_alloc.h"
#include "thread_state.h"
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

/* ---- forced interleavings -------------------------------------------
 *
 * The tests below make the interleaving that matters happen every time:
 * a thread is provably asleep in the kernel (thread_state.h), frozen in a
 * signal handler, or paused right after the GIL's mutex is unlocked, so
 * nothing depends on the scheduler. */

/* test_gil links with -Wl,--wrap=pthread_mutex_unlock (tests/CMakeLists.txt),
 * so every unlock in the GIL's code comes here first. A thread that arms
 * `pause_after_unlocking` stops right after its next unlock of that mutex
 * (the GIL's own, its first member, has the GIL's address) until told to go
 * on: between a drop's unlock and its look at the drop request. */
int __real_pthread_mutex_unlock(pthread_mutex_t *mutex);

static _Thread_local const void *pause_after_unlocking;
static atomic_bool paused_after_unlock, go_on_after_unlock;
/* POSIX lets any call whose errno it does not describe change errno: a
 * thread that sets this has every unlock of its do so. */
static _Thread_local bool unlock_changes_errno;

int __wrap_pthread_mutex_unlock(pthread_mutex_t *mutex)
{
    int rc = __real_pthread_mutex_unlock(mutex);
    if (unlock_changes_errno)
        errno = ENOTRECOVERABLE;
    if (pause_after_unlocking && (const void *)mutex == pause_after_unlocking) {
        pause_after_unlocking = NULL;
        atomic_store(&paused_after_unlock, true);
        while (!atomic_load(&go_on_after_unlock))
            sched_yield();
    }
    return rc;
}

/* A switch interval no test outlives: a waiter then never asks on its own. */
static const uint64_t NEVER_NS = 3600ull * 1000000000ull;

typedef struct forced {
    sb_gil *gil;
    _Atomic pid_t waiter_tid, holder_tid;
    atomic_bool holding, waiter_took, go_checkpoint, checkpoint_returned, go_release, released, go_on;
    atomic_bool go_take_back, took_back;
    sb_gil_stats waiter_stats;
} forced;

static void wait_for(const atomic_bool *flag)
{
    while (!atomic_load(flag))
        sched_yield();
}

static void *take_then_release(void *arg)
{
    forced *f = arg;
    atomic_store(&f->waiter_tid, thread_state_tid());
    sb_gil_take(f->gil);
    atomic_store(&f->waiter_took, true);
    sb_gil_release(f->gil);
    return NULL;
}

/* The GIL's one waiter, once it has asked the holder to drop the GIL: it
 * asks at once with a switch interval of 0, then waits `interval_ns` at a
 * time (asking no more: its request is pending). With NEVER_NS, it is then
 * provably asleep in the kernel on `released` (a futex). */
static pthread_t start_asking_waiter(forced *f, void *(*body)(void *), uint64_t interval_ns)
{
    sb_gil_set_switch_interval_ns(f->gil, 0);
    pthread_t waiter;
    assert_int_equal(pthread_create(&waiter, NULL, body, f), 0);
    while (sb_gil_get_stats(f->gil).drop_requests == 0)
        sched_yield();
    sb_gil_set_switch_interval_ns(f->gil, interval_ns);
    while (atomic_load(&f->waiter_tid) == 0)
        sched_yield();
    if (interval_ns == NEVER_NS)
        wait_until_thread_sleeps_in(atomic_load(&f->waiter_tid), SYS_futex);
    return waiter;
}

/* Whether a release wakes a waiter asleep on `released`, as the next test
 * checks. The two after it sleep waiters on `released` with an interval of
 * an hour: they skip, rather than hang, when it does not. */
static bool release_wakes_waiters = true;

static void skip_unless_release_wakes_waiters(void)
{
    if (!release_wakes_waiters) {
        print_message("skipped: a release does not wake a sleeping waiter (see above)\n");
        skip();
    }
}

/* The waiter is provably asleep on `released` before the holder lets the
 * GIL go, and the interval is an hour, so only the release's signal can wake
 * it: once the release returns, it must no longer sleep there. Both threads
 * share one CPU, where FUTEX_WAKE makes the woken thread runnable before it
 * returns (across CPUs the kernel may finish a wake-up a little later). */
static void a_release_wakes_a_waiter_asleep_in_the_kernel(void **state)
{
    (void)state;
    cpu_set_t saved;
    assert_int_equal(pin_to_one_cpu(&saved), 0);
    forced f = {.gil = sb_gil_create()};
    assert_non_null(f.gil);
    sb_gil_set_switch_interval_ns(f.gil, NEVER_NS);
    sb_gil_take(f.gil);
    pthread_t waiter;
    assert_int_equal(pthread_create(&waiter, NULL, take_then_release, &f), 0);
    while (atomic_load(&f.waiter_tid) == 0)
        sched_yield();
    wait_until_thread_sleeps_in(atomic_load(&f.waiter_tid), SYS_futex);

    sb_gil_release(f.gil);
    bool still_asleep = !atomic_load(&f.waiter_took) && thread_sleeps_in(atomic_load(&f.waiter_tid), SYS_futex);
    assert_int_equal(sched_setaffinity(0, sizeof saved, &saved), 0);
    if (still_asleep) {
        release_wakes_waiters = false;
        /* It would sleep for the hour: leave it (and the GIL) behind. */
        pthread_detach(waiter);
        fail_msg("the waiter still sleeps after the release: released was not signalled");
    }
    pthread_join(waiter, NULL);
    assert_true(atomic_load(&f.waiter_took));
    sb_gil_destroy(f.gil);
}

static atomic_bool waiter_frozen;
static int thaw_pipe[2];

/* Holds the thread it interrupts until `thaw_pipe` is written to. */
static void freeze(int signo)
{
    (void)signo;
    atomic_store(&waiter_frozen, true);
    char byte;
    while (read(thaw_pipe[0], &byte, 1) < 0)
        ;
}

static void *hold_then_checkpoint(void *arg)
{
    forced *f = arg;
    atomic_store(&f->holder_tid, thread_state_tid());
    sb_gil_take(f->gil);
    atomic_store(&f->holding, true);
    wait_for(&f->go_checkpoint);
    sb_gil_checkpoint(f->gil);
    atomic_store(&f->checkpoint_returned, true);
    wait_for(&f->go_release);
    sb_gil_release(f->gil);
    return NULL;
}

/* A GIL, and SIGUSR1 set to freeze the thread it is sent to (freeze) until
 * thaw_pipe is written. */
static forced forced_with_a_freezable_waiter(void)
{
    forced f = {.gil = sb_gil_create()};
    assert_non_null(f.gil);
    assert_int_equal(pipe(thaw_pipe), 0);
    atomic_store(&waiter_frozen, false);
    struct sigaction action = {.sa_handler = freeze};
    sigemptyset(&action.sa_mask);
    assert_int_equal(sigaction(SIGUSR1, &action, NULL), 0);
    return f;
}

/* Joins the two threads of a forced_with_a_freezable_waiter() test once its
 * waiter is thawed, undoes the freezing, and frees the GIL: its stats. */
static sb_gil_stats finish_freezable(forced *f, pthread_t first, pthread_t second)
{
    pthread_join(first, NULL);
    pthread_join(second, NULL);
    signal(SIGUSR1, SIG_DFL);
    close(thaw_pipe[0]);
    close(thaw_pipe[1]);
    sb_gil_stats stats = sb_gil_get_stats(f->gil);
    sb_gil_destroy(f->gil);
    return stats;
}

/* The waiter asks for the GIL, then is frozen in a signal handler (its wait
 * interrupted, no lock held): it cannot take the GIL. A holder that drops it
 * at a checkpoint must then wait, asleep on `switched`, rather than take it
 * straight back: the checkpoint returns only after the waiter has been
 * thawed and has had the GIL. */
static void a_holder_asked_to_drop_waits_until_the_waiter_took_it(void **state)
{
    (void)state;
    skip_unless_release_wakes_waiters();
    forced f = forced_with_a_freezable_waiter();

    pthread_t holder;
    assert_int_equal(pthread_create(&holder, NULL, hold_then_checkpoint, &f), 0);
    wait_for(&f.holding);
    pthread_t waiter = start_asking_waiter(&f, take_then_release, NEVER_NS);
    pthread_kill(waiter, SIGUSR1);
    wait_for(&waiter_frozen);

    atomic_store(&f.go_checkpoint, true);
    pid_t holder_tid = atomic_load(&f.holder_tid);
    bool returned_early;
    while (!(returned_early = atomic_load(&f.checkpoint_returned)) && !thread_sleeps_in(holder_tid, SYS_futex))
        sched_yield();

    assert_int_equal(write(thaw_pipe[1], "x", 1), 1);
    atomic_store(&f.go_release, true);
    sb_gil_stats stats = finish_freezable(&f, holder, waiter);

    assert_false(returned_early);
    assert_int_equal(stats.handovers, 1);
    /* The holder, the waiter, the holder again. */
    assert_int_equal(stats.switches, 3);
}

static void *take_hold_then_release(void *arg)
{
    forced *f = arg;
    atomic_store(&f->holder_tid, thread_state_tid());
    sb_gil_take(f->gil);
    atomic_store(&f->holding, true);
    wait_for(&f->go_release);
    sb_gil_release(f->gil);
    atomic_store(&f->released, true);
    return NULL;
}

/* Until thread `tid` sleeps in a futex wait and is still there, not woken
 * since, when looked at again: past a wait that ends at once. */
static void wait_until_thread_stays_asleep(pid_t tid)
{
    for (;;) {
        wait_until_thread_sleeps_in(tid, SYS_futex);
        unsigned long switches = thread_voluntary_switches(tid);
        sched_yield();
        if (thread_sleeps_in(tid, SYS_futex) && thread_voluntary_switches(tid) == switches)
            return;
    }
}

/* Starts a waiter that takes the GIL (and releases it once it has it) and,
 * once it sleeps waiting, freezes it in its signal handler. */
static pthread_t start_frozen_waiter(forced *f)
{
    pthread_t waiter;
    assert_int_equal(pthread_create(&waiter, NULL, take_then_release, f), 0);
    while (atomic_load(&f->waiter_tid) == 0)
        sched_yield();
    wait_until_thread_sleeps_in(atomic_load(&f->waiter_tid), SYS_futex);
    pthread_kill(waiter, SIGUSR1);
    wait_for(&waiter_frozen);
    return waiter;
}

/* A 1 ms switch interval, which the waiter's frozen wait outlasts. */
static const uint64_t SHORT_NS = 1000000;

/* We hold the GIL; a second thread sleeps on `released` for an hour; the
 * waiter waits 1 ms at a time (it may ask us, which changes nothing here)
 * and is frozen in a signal handler in the middle of a wait. We let the GIL
 * go, the second thread takes it (the waiter, frozen, cannot), and the
 * waiter's 1 ms runs out. Thawed, its wait times out on a GIL that changed
 * hands meanwhile: that is no stall, and it must not ask the new holder to
 * drop it but wait a whole interval of its own. */
static void a_handover_during_a_waiters_interval_is_no_reason_to_ask(void **state)
{
    (void)state;
    skip_unless_release_wakes_waiters();
    forced f = forced_with_a_freezable_waiter();

    sb_gil_set_switch_interval_ns(f.gil, NEVER_NS);
    sb_gil_take(f.gil);
    pthread_t taker;
    assert_int_equal(pthread_create(&taker, NULL, take_hold_then_release, &f), 0);
    while (atomic_load(&f.holder_tid) == 0)
        sched_yield();
    wait_until_thread_sleeps_in(atomic_load(&f.holder_tid), SYS_futex);

    sb_gil_set_switch_interval_ns(f.gil, SHORT_NS);
    pthread_t waiter = start_frozen_waiter(&f);
    /* Its next wait, once thawed, lasts the hour. */
    sb_gil_set_switch_interval_ns(f.gil, NEVER_NS);

    sb_gil_release(f.gil);
    wait_for(&f.holding);
    sb_sleep_ns(SHORT_NS);
    sb_gil_stats handed_over = sb_gil_get_stats(f.gil);
    assert_int_equal(write(thaw_pipe[1], "x", 1), 1);
    wait_until_thread_stays_asleep(atomic_load(&f.waiter_tid));
    sb_gil_stats thawed = sb_gil_get_stats(f.gil);

    atomic_store(&f.go_release, true);
    finish_freezable(&f, taker, waiter);

    /* Us, then the second thread. */
    assert_int_equal(handed_over.switches, 2);
    assert_int_equal(thawed.drop_requests, handed_over.drop_requests);
    assert_true(atomic_load(&f.waiter_took));
}

static void *hold_let_go_and_take_back(void *arg)
{
    forced *f = arg;
    sb_gil_take(f->gil);
    atomic_store(&f->holding, true);
    wait_for(&f->go_take_back);
    sb_gil_release(f->gil);
    sb_gil_take(f->gil);
    atomic_store(&f->took_back, true);
    wait_for(&f->go_release);
    sb_gil_release(f->gil);
    return NULL;
}

/* The waiter sleeps on `released` for the hour and is frozen in a signal
 * handler; the holder lets the GIL go, which signals the waiter, and takes
 * it straight back. Thawed, the waiter finds the GIL held by the holder it
 * left, with no switch since, but its wait did not time out: its interval
 * is not over, so it must not ask, and sleeps again. */
static void a_wake_up_before_the_interval_is_over_is_no_reason_to_ask(void **state)
{
    (void)state;
    skip_unless_release_wakes_waiters();
    forced f = forced_with_a_freezable_waiter();
    sb_gil_set_switch_interval_ns(f.gil, NEVER_NS);
    pthread_t holder;
    assert_int_equal(pthread_create(&holder, NULL, hold_let_go_and_take_back, &f), 0);
    wait_for(&f.holding);
    pthread_t waiter = start_frozen_waiter(&f);

    atomic_store(&f.go_take_back, true);
    wait_for(&f.took_back);
    assert_int_equal(write(thaw_pipe[1], "x", 1), 1);
    wait_until_thread_stays_asleep(atomic_load(&f.waiter_tid));
    sb_gil_stats woken = sb_gil_get_stats(f.gil);
    bool taken_meanwhile = atomic_load(&f.waiter_took);

    atomic_store(&f.go_release, true);
    finish_freezable(&f, holder, waiter);

    assert_false(taken_meanwhile);
    assert_int_equal(woken.switches, 1);
    assert_int_equal(woken.drop_requests, 0);
    assert_true(atomic_load(&f.waiter_took));
}

static void *release_paused(void *arg)
{
    forced *f = arg;
    sb_gil_take(f->gil);
    atomic_store(&f->holding, true);
    wait_for(&f->go_release);
    pause_after_unlocking = f->gil;
    sb_gil_release(f->gil);
    atomic_store(&f->released, true);
    return NULL;
}

static void *take_then_checkpoint(void *arg)
{
    forced *f = arg;
    atomic_store(&f->waiter_tid, thread_state_tid());
    sb_gil_take(f->gil);
    atomic_store(&f->waiter_took, true);
    wait_for(&f->go_on);
    sb_gil_checkpoint(f->gil);
    atomic_store(&f->checkpoint_returned, true);
    f->waiter_stats = sb_gil_get_stats(f->gil);
    sb_gil_release(f->gil);
    return NULL;
}

static void *take_and_release(void *gil)
{
    sb_gil_take(gil);
    sb_gil_release(gil);
    return NULL;
}

/* The waiter's request is served by its own take, which happens while the
 * releasing holder is paused between unlocking the GIL and looking at the
 * request: the take must forget the request, or the new holder's next
 * checkpoint hands the GIL over though nobody asked since. With nobody to
 * take it, such a checkpoint sleeps in the kernel (on `switched`) for good;
 * one that is right returns after one load. */
static void a_take_forgets_the_request_it_served(void **state)
{
    (void)state;
    skip_unless_release_wakes_waiters();
    forced f = {.gil = sb_gil_create()};
    assert_non_null(f.gil);
    atomic_store(&paused_after_unlock, false);
    atomic_store(&go_on_after_unlock, false);

    pthread_t holder;
    assert_int_equal(pthread_create(&holder, NULL, release_paused, &f), 0);
    wait_for(&f.holding);
    /* Woken by the release, or else by its own timeout, rather than never. */
    pthread_t waiter = start_asking_waiter(&f, take_then_checkpoint, 1000000);

    atomic_store(&f.go_release, true);
    wait_for(&paused_after_unlock);
    wait_for(&f.waiter_took);
    atomic_store(&go_on_after_unlock, true);
    wait_for(&f.released);
    pthread_join(holder, NULL);

    atomic_store(&f.go_on, true);
    pid_t waiter_tid = atomic_load(&f.waiter_tid);
    bool handing_over = false;
    while (!atomic_load(&f.checkpoint_returned) && !(handing_over = thread_sleeps_in(waiter_tid, SYS_futex)))
        sched_yield();
    if (handing_over && !atomic_load(&f.checkpoint_returned)) {
        /* Someone must take it for the checkpoint to return. */
        pthread_t rescuer;
        assert_int_equal(pthread_create(&rescuer, NULL, take_and_release, f.gil), 0);
        pthread_join(rescuer, NULL);
    } else {
        handing_over = false;
    }
    pthread_join(waiter, NULL);
    sb_gil_destroy(f.gil);

    assert_false(handing_over);
    assert_int_equal(f.waiter_stats.drop_requests, 1);
    assert_int_equal(f.waiter_stats.handovers, 0);
}

/* Taken while free, checkpointed and let go by one thread, then taken
 * while free by another: with an interval of 0, a thread kept waiting would
 * ask at once, but none was kept waiting, so nobody asked. */
static void only_a_thread_kept_waiting_asks(void **state)
{
    (void)state;
    sb_gil *gil = sb_gil_create();
    assert_non_null(gil);
    sb_gil_set_switch_interval_ns(gil, 0);
    sb_gil_take(gil);
    for (int i = 0; i < 1000; i++)
        sb_gil_checkpoint(gil);
    sb_gil_release(gil);
    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, take_and_release, gil), 0);
    pthread_join(other, NULL);
    sb_gil_stats stats = sb_gil_get_stats(gil);
    sb_gil_destroy(gil);

    assert_int_equal(stats.drop_requests, 0);
    assert_int_equal(stats.handovers, 0);
    assert_int_equal(stats.switches, 2);
}

/* The waiter sleeps on `released` for the hour: its interval is not over,
 * so it has not asked, and our checkpoints keep the GIL, however many. Only
 * our release lets it have the GIL. */
static void a_holder_nobody_asked_keeps_the_gil_through_its_checkpoints(void **state)
{
    (void)state;
    skip_unless_release_wakes_waiters();
    forced f = {.gil = sb_gil_create()};
    assert_non_null(f.gil);
    sb_gil_set_switch_interval_ns(f.gil, NEVER_NS);
    sb_gil_take(f.gil);
    pthread_t waiter;
    assert_int_equal(pthread_create(&waiter, NULL, take_then_release, &f), 0);
    while (atomic_load(&f.waiter_tid) == 0)
        sched_yield();
    wait_until_thread_sleeps_in(atomic_load(&f.waiter_tid), SYS_futex);

    for (int i = 0; i < 1000; i++)
        sb_gil_checkpoint(f.gil);
    sb_gil_stats kept = sb_gil_get_stats(f.gil);
    bool taken_meanwhile = atomic_load(&f.waiter_took);
    sb_gil_release(f.gil);
    pthread_join(waiter, NULL);
    sb_gil_destroy(f.gil);

    assert_false(taken_meanwhile);
    assert_int_equal(kept.drop_requests, 0);
    assert_int_equal(kept.handovers, 0);
    assert_int_equal(kept.switches, 1);
    assert_true(atomic_load(&f.waiter_took));
}

/* The waiter sleeps on `released` for the hour, so it has not asked, and is
 * then frozen in a signal handler: it cannot take the GIL. A release nobody
 * asked for is no forced switch: it returns at once, where a forced switch
 * would sleep on `switched` until the waiter is thawed and has taken it. */
static void a_release_nobody_asked_for_waits_for_no_taker(void **state)
{
    (void)state;
    skip_unless_release_wakes_waiters();
    forced f = forced_with_a_freezable_waiter();
    sb_gil_set_switch_interval_ns(f.gil, NEVER_NS);
    pthread_t holder;
    assert_int_equal(pthread_create(&holder, NULL, take_hold_then_release, &f), 0);
    wait_for(&f.holding);
    pthread_t waiter = start_frozen_waiter(&f);

    atomic_store(&f.go_release, true);
    pid_t holder_tid = atomic_load(&f.holder_tid);
    bool waits_for_a_taker = false;
    while (!atomic_load(&f.released) && !(waits_for_a_taker = thread_sleeps_in(holder_tid, SYS_futex)))
        sched_yield();
    waits_for_a_taker = waits_for_a_taker && !atomic_load(&f.released);

    assert_int_equal(write(thaw_pipe[1], "x", 1), 1);
    sb_gil_stats stats = finish_freezable(&f, holder, waiter);

    assert_false(waits_for_a_taker);
    assert_int_equal(stats.drop_requests, 0);
    assert_true(atomic_load(&f.waiter_took));
}

static void fail_with_edom(void *arg)
{
    (void)arg;
    errno = EDOM;
}

/* What a blocking call or a descriptor wait leaves in errno is what the
 * task sees, though the GIL is taken again after it, by calls that may
 * change errno (here they do). A wait fails when poll() is refused its one
 * descriptor: RLIMIT_NOFILE of 0. */
static void errno_is_the_calls_not_the_gils(void **state)
{
    (void)state;
    sb_gil *gil = sb_gil_create();
    assert_non_null(gil);
    const sb_task_hooks *hooks = sb_gil_task_hooks(gil);
    struct rlimit saved;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
    sb_gil_take(gil);
    unlock_changes_errno = true;
    hooks->blocking_call(hooks->context, fail_with_edom, NULL);
    int after_call = errno;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &(struct rlimit){.rlim_cur = 0, .rlim_max = saved.rlim_max}), 0);
    int ready = hooks->wait_fd(hooks->context, STDIN_FILENO, POLLIN);
    int after_wait = errno;
    unlock_changes_errno = false;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
    sb_gil_release(gil);
    sb_gil_destroy(gil);

    assert_int_equal(after_call, EDOM);
    assert_int_equal(ready, -1);
    assert_int_equal(after_wait, EINVAL);
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

static void *create_gil(void *context)
{
    (void)context;
    return sb_gil_create();
}

static void destroy_gil(void *gil, void *context)
{
    (void)context;
    sb_gil_destroy(gil);
}

static void a_gil_without_memory_says_so(void **state)
{
    (void)state;
    assert_int_equal(assert_each_allocation_may_fail(create_gil, destroy_gil, NULL, NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(never_two_holders_at_once),
        cmocka_unit_test(busy_holder_hands_over_once_asked),
        cmocka_unit_test(descriptor_wait_lets_others_take_the_gil),
        cmocka_unit_test(sleep_lets_others_take_the_gil),
        cmocka_unit_test(a_release_wakes_a_waiter_asleep_in_the_kernel),
        cmocka_unit_test(a_holder_asked_to_drop_waits_until_the_waiter_took_it),
        cmocka_unit_test(a_take_forgets_the_request_it_served),
        cmocka_unit_test(a_handover_during_a_waiters_interval_is_no_reason_to_ask),
        cmocka_unit_test(a_wake_up_before_the_interval_is_over_is_no_reason_to_ask),
        cmocka_unit_test(only_a_thread_kept_waiting_asks),
        cmocka_unit_test(a_holder_nobody_asked_keeps_the_gil_through_its_checkpoints),
        cmocka_unit_test(a_release_nobody_asked_for_waits_for_no_taker),
        cmocka_unit_test(errno_is_the_calls_not_the_gils),
        cmocka_unit_test(gil_model_runs_one_task_at_a_time),
        cmocka_unit_test(gil_model_overlaps_descriptor_waits),
        cmocka_unit_test(a_gil_without_memory_says_so),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
