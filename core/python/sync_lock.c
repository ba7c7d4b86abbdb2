/*
 * Lock on a futex rather than a pthread mutex: Python lets any thread
 * release a Lock, which a pthread mutex forbids (undefined for the default
 * kind, an error for the checking kind); releasing a free Lock must be
 * detected, which a swap of the state word does for free; and a timed
 * acquire waits on CLOCK_MONOTONIC directly.
 *
 * The state word is the classic three-state mutex ("Futexes Are Tricky",
 * U. Drepper): 0 free, 1 locked, 2 locked and maybe waited for. Only a
 * release that finds 2 makes a system call, to wake one waiter. A thread that
 * has slept takes the lock with state 2, since others may still sleep. There
 * is no spinning before sleeping, as in Python's Lock and glibc's default
 * mutex, so the benchmarks compare like with like.
 */
#include "python/sync.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/futex.h"

#include <stdatomic.h>
#include <stdlib.h>

enum { FREE = 0, LOCKED = 1, CONTENDED = 2 };

struct sb_lock {
    _Atomic uint32_t state;
};

sb_lock *sb_lock_create(void)
{
    sb_lock *lock = calloc(1, sizeof *lock);
    if (!lock)
        sb_set_error("out of memory");
    return lock;
}

void sb_lock_destroy(sb_lock *lock)
{
    free(lock);
}

int sb_lock_acquire(sb_lock *lock, uint64_t timeout_ns)
{
    uint32_t state = FREE;
    if (atomic_compare_exchange_strong_explicit(&lock->state, &state, LOCKED, memory_order_acquire,
                                                memory_order_relaxed))
        return 0;
    if (timeout_ns == 0)
        return SB_SYNC_TIMED_OUT;
    uint64_t deadline = sb_clock_deadline_ns(timeout_ns);
    if (state != CONTENDED)
        state = atomic_exchange_explicit(&lock->state, CONTENDED, memory_order_acquire);
    while (state != FREE) {
        /* On a timeout the state may stay CONTENDED with nobody asleep: that
         * costs the next release one needless wake, never a lost one. */
        if (sb_futex_wait(&lock->state, CONTENDED, deadline, SB_FUTEX_PRIVATE) == SB_FUTEX_TIMED_OUT)
            return SB_SYNC_TIMED_OUT;
        state = atomic_exchange_explicit(&lock->state, CONTENDED, memory_order_acquire);
    }
    return 0;
}

int sb_lock_release(sb_lock *lock)
{
    uint32_t state = atomic_exchange_explicit(&lock->state, FREE, memory_order_release);
    if (state == FREE) {
        sb_set_error("cannot release a lock that is not locked");
        return -1;
    }
    if (state == CONTENDED)
        sb_futex_wake(&lock->state, 1, SB_FUTEX_PRIVATE);
    return 0;
}

bool sb_lock_locked(const sb_lock *lock)
{
    return atomic_load_explicit(&lock->state, memory_order_relaxed) != FREE;
}
