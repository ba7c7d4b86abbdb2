#include "python/gil.h"

#include "base/clock.h"
#include "base/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

struct sb_gil {
    /* Guards `locked`, the interval and the stats; `released` is signalled
     * each time the GIL is let go. */
    pthread_mutex_t mutex;
    pthread_cond_t released;
    bool locked;
    uint64_t switch_interval_ns;
    sb_gil_stats stats;

    /* Set by a waiter that ran out of patience; read by the holder at every
     * checkpoint, hence atomic rather than under `mutex`. */
    atomic_bool drop_request;

    /* Guards `last_holder` (which takers also write under `mutex`), so that a
     * holder that dropped the GIL on request can wait on `switched` until
     * another thread has taken it. */
    pthread_mutex_t switch_mutex;
    pthread_cond_t switched;
    const void *last_holder;

    sb_task_hooks hooks;
};

/* A thread-local's address tells live threads apart, without the caveats of
 * comparing pthread_t values. */
static const void *this_thread(void)
{
    static _Thread_local char identity;
    return &identity;
}

static void checkpoint_hook(void *gil)
{
    sb_gil_checkpoint(gil);
}

static void sleep_hook(void *gil, uint64_t ns)
{
    sb_gil_release(gil);
    sb_sleep_ns(ns);
    sb_gil_take(gil);
}

static int wait_fd_hook(void *gil, int fd, short events)
{
    sb_gil_release(gil);
    int ready = sb_wait_fd(fd, events);
    int wait_errno = errno;
    sb_gil_take(gil);
    errno = wait_errno;
    return ready;
}

static void blocking_call_hook(void *gil, void (*call)(void *arg), void *arg)
{
    sb_gil_release(gil);
    call(arg);
    int call_errno = errno;
    sb_gil_take(gil);
    errno = call_errno;
}

sb_gil *sb_gil_create(void)
{
    sb_gil *gil = calloc(1, sizeof *gil);
    if (!gil) {
        sb_set_error("out of memory");
        return NULL;
    }
    /* The timed wait for the GIL must measure on the suite's clock. */
    sb_clock_cond_init(&gil->released);
    pthread_mutex_init(&gil->mutex, NULL);
    pthread_mutex_init(&gil->switch_mutex, NULL);
    pthread_cond_init(&gil->switched, NULL);
    gil->switch_interval_ns = SB_GIL_DEFAULT_SWITCH_INTERVAL_NS;
    gil->hooks = (sb_task_hooks){.checkpoint = checkpoint_hook,
                                 .sleep_ns = sleep_hook,
                                 .wait_fd = wait_fd_hook,
                                 .blocking_call = blocking_call_hook,
                                 .context = gil};
    return gil;
}

void sb_gil_destroy(sb_gil *gil)
{
    if (!gil)
        return;
    pthread_cond_destroy(&gil->switched);
    pthread_mutex_destroy(&gil->switch_mutex);
    pthread_cond_destroy(&gil->released);
    pthread_mutex_destroy(&gil->mutex);
    free(gil);
}

void sb_gil_set_switch_interval_ns(sb_gil *gil, uint64_t ns)
{
    pthread_mutex_lock(&gil->mutex);
    gil->switch_interval_ns = ns;
    pthread_mutex_unlock(&gil->mutex);
}

uint64_t sb_gil_switch_interval_ns(sb_gil *gil)
{
    pthread_mutex_lock(&gil->mutex);
    uint64_t ns = gil->switch_interval_ns;
    pthread_mutex_unlock(&gil->mutex);
    return ns;
}

static struct timespec monotonic_deadline(uint64_t ns_from_now)
{
    uint64_t deadline = sb_clock_ns() + ns_from_now;
    return (struct timespec){.tv_sec = (time_t)(deadline / 1000000000u), .tv_nsec = (long)(deadline % 1000000000u)};
}

void sb_gil_take(sb_gil *gil)
{
    const void *self = this_thread();
    pthread_mutex_lock(&gil->mutex);
    while (gil->locked) {
        uint64_t switches_before = gil->stats.switches;
        struct timespec deadline = monotonic_deadline(gil->switch_interval_ns);
        int waited = pthread_cond_timedwait(&gil->released, &gil->mutex, &deadline);
        /* A whole interval went by with the same holder: ask it to drop. */
        if (waited == ETIMEDOUT && gil->locked && gil->stats.switches == switches_before &&
            !atomic_load_explicit(&gil->drop_request, memory_order_relaxed)) {
            atomic_store_explicit(&gil->drop_request, true, memory_order_relaxed);
            gil->stats.drop_requests++;
        }
    }
    gil->locked = true;

    pthread_mutex_lock(&gil->switch_mutex);
    if (gil->last_holder != self) {
        gil->last_holder = self;
        gil->stats.switches++;
    }
    pthread_cond_signal(&gil->switched);
    pthread_mutex_unlock(&gil->switch_mutex);

    /* Whoever asked has been served, or will ask again. */
    atomic_store_explicit(&gil->drop_request, false, memory_order_relaxed);
    pthread_mutex_unlock(&gil->mutex);
}

static void drop(sb_gil *gil, bool at_checkpoint)
{
    pthread_mutex_lock(&gil->mutex);
    gil->locked = false;
    if (at_checkpoint)
        gil->stats.handovers++;
    pthread_cond_signal(&gil->released);
    pthread_mutex_unlock(&gil->mutex);

    if (!atomic_load_explicit(&gil->drop_request, memory_order_relaxed))
        return;
    /* Someone asked for the GIL: let them have it before competing again,
     * or a busy holder would win it straight back every time. A pending
     * request means its asker is still waiting, so this wait ends. */
    const void *self = this_thread();
    pthread_mutex_lock(&gil->switch_mutex);
    if (gil->last_holder == self) {
        atomic_store_explicit(&gil->drop_request, false, memory_order_relaxed);
        while (gil->last_holder == self)
            pthread_cond_wait(&gil->switched, &gil->switch_mutex);
    }
    pthread_mutex_unlock(&gil->switch_mutex);
}

void sb_gil_release(sb_gil *gil)
{
    drop(gil, false);
}

void sb_gil_checkpoint(sb_gil *gil)
{
    if (!atomic_load_explicit(&gil->drop_request, memory_order_relaxed))
        return;
    drop(gil, true);
    sb_gil_take(gil);
}

const sb_task_hooks *sb_gil_task_hooks(sb_gil *gil)
{
    return &gil->hooks;
}

sb_gil_stats sb_gil_get_stats(sb_gil *gil)
{
    pthread_mutex_lock(&gil->mutex);
    sb_gil_stats stats = gil->stats;
    pthread_mutex_unlock(&gil->mutex);
    return stats;
}

void sb_gil_enter(void *gil)
{
    sb_gil_take(gil);
    sb_task_hooks_install(sb_gil_task_hooks(gil));
}

void sb_gil_leave(void *gil)
{
    sb_task_hooks_install(NULL);
    sb_gil_release(gil);
}
