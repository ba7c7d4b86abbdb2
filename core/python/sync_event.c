/*
 * Event on a futex rather than on a mutex and condition variable as Python
 * builds it: is_set and waiting on a set flag are one load, setting a flag
 * nobody waits for is one compare-and-swap, and set wakes every sleeper with
 * one system call.
 *
 * The word holds the flag in its lowest bit and, above it, how many times
 * the flag has gone from clear to set. A waiter sleeps while the word stays
 * as it found it, clear; clearing a clear flag leaves the word as it was, so
 * any change means a set came, and the waiter returns 0 even if a clear
 * followed at once: set releases every waiter, as in Python.
 *
 * Waiters are counted apart from the word, so that set only makes a system
 * call when someone waits; the counting is ordered against the word as the
 * semaphore's sleepers are (see python/sync_semaphore.c).
 */
#include "python/sync.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/futex.h"

#include <stdatomic.h>
#include <stdlib.h>

enum { FLAG = 1u, ONE_SET = 2u };

struct sb_event {
    _Atomic uint32_t word;
    _Atomic uint32_t waiting;
};

sb_event *sb_event_create(void)
{
    sb_event *event = calloc(1, sizeof *event);
    if (!event)
        sb_set_error("out of memory");
    return event;
}

void sb_event_destroy(sb_event *event)
{
    free(event);
}

void sb_event_set(sb_event *event)
{
    uint32_t word = atomic_load_explicit(&event->word, memory_order_relaxed);
    do {
        if (word & FLAG)
            return;
    } while (!atomic_compare_exchange_weak(&event->word, &word, (word + ONE_SET) | FLAG));
    if (atomic_load(&event->waiting) > 0)
        sb_futex_wake(&event->word, SB_FUTEX_WAKE_ALL, SB_FUTEX_PRIVATE);
}

void sb_event_clear(sb_event *event)
{
    atomic_fetch_and_explicit(&event->word, ~FLAG, memory_order_relaxed);
}

bool sb_event_is_set(const sb_event *event)
{
    return atomic_load_explicit(&event->word, memory_order_acquire) & FLAG;
}

int sb_event_wait(sb_event *event, uint64_t timeout_ns)
{
    uint32_t clear = atomic_load_explicit(&event->word, memory_order_acquire);
    if (clear & FLAG)
        return 0;
    if (timeout_ns == 0)
        return SB_SYNC_TIMED_OUT;
    uint64_t deadline = sb_clock_deadline_ns(timeout_ns);
    bool timed_out = false;
    atomic_fetch_add(&event->waiting, 1);
    while (atomic_load(&event->word) == clear && !timed_out)
        timed_out = sb_futex_wait(&event->word, clear, deadline, SB_FUTEX_PRIVATE) == SB_FUTEX_TIMED_OUT;
    atomic_fetch_sub(&event->waiting, 1);
    return atomic_load(&event->word) != clear ? 0 : SB_SYNC_TIMED_OUT;
}

unsigned sb_event_waiting(const sb_event *event)
{
    return atomic_load_explicit(&event->waiting, memory_order_relaxed);
}
