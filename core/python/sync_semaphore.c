/*
 * BoundedSemaphore on a futex rather than on a mutex and condition variable
 * as Python builds it: taking a free place is one compare-and-swap on the
 * count of free places, and the bound is checked in the same compare-and-swap
 * that gives a place back, so two racing over-releases cannot both pass.
 *
 * Sleepers are counted apart from the places, so that a release only makes a
 * system call when someone sleeps. A sleeper counts itself before the kernel
 * looks at the places (the futex call orders the two with a full barrier),
 * and a release frees a place before it looks at the sleepers, both in
 * sequentially consistent order: either the release sees the sleeper, or the
 * kernel sees the free place and does not let the sleeper sleep.
 */
#include "python/sync.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/futex.h"

#include <stdatomic.h>
#include <stdlib.h>

struct sb_bounded_semaphore {
    _Atomic uint32_t free_places;
    _Atomic uint32_t sleepers;
    uint32_t places;
};

sb_bounded_semaphore *sb_bounded_semaphore_create(uint32_t value)
{
    sb_bounded_semaphore *semaphore = calloc(1, sizeof *semaphore);
    if (!semaphore) {
        sb_set_error("out of memory");
        return NULL;
    }
    atomic_init(&semaphore->free_places, value);
    semaphore->places = value;
    return semaphore;
}

void sb_bounded_semaphore_destroy(sb_bounded_semaphore *semaphore)
{
    free(semaphore);
}

static bool try_take_place(sb_bounded_semaphore *semaphore)
{
    uint32_t free_places = atomic_load_explicit(&semaphore->free_places, memory_order_relaxed);
    while (free_places > 0)
        if (atomic_compare_exchange_weak_explicit(&semaphore->free_places, &free_places, free_places - 1,
                                                  memory_order_acquire, memory_order_relaxed))
            return true;
    return false;
}

int sb_bounded_semaphore_acquire(sb_bounded_semaphore *semaphore, uint64_t timeout_ns)
{
    if (try_take_place(semaphore))
        return 0;
    if (timeout_ns == 0)
        return SB_SYNC_TIMED_OUT;
    uint64_t deadline = sb_clock_deadline_ns(timeout_ns);
    bool taken, timed_out = false;
    atomic_fetch_add(&semaphore->sleepers, 1);
    /* One more try after a timeout: a place freed at the last moment is taken. */
    while (!(taken = try_take_place(semaphore)) && !timed_out)
        timed_out = sb_futex_wait(&semaphore->free_places, 0, deadline, SB_FUTEX_PRIVATE) == SB_FUTEX_TIMED_OUT;
    atomic_fetch_sub(&semaphore->sleepers, 1);
    return taken ? 0 : SB_SYNC_TIMED_OUT;
}

int sb_bounded_semaphore_release(sb_bounded_semaphore *semaphore)
{
    uint32_t free_places = atomic_load_explicit(&semaphore->free_places, memory_order_relaxed);
    do {
        if (free_places == semaphore->places) {
            sb_set_error("semaphore released more times than it was acquired");
            return -1;
        }
    } while (!atomic_compare_exchange_weak(&semaphore->free_places, &free_places, free_places + 1));
    if (atomic_load(&semaphore->sleepers) > 0)
        sb_futex_wake(&semaphore->free_places, 1, SB_FUTEX_PRIVATE);
    return 0;
}
