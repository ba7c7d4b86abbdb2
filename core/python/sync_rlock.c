/*
 * RLock as Python builds it: a Lock, the thread that holds it and how many
 * times. Only the owner changes the count, so the count needs no atomics;
 * the owner is read by every thread that calls in, to learn whether it is
 * its own, so it is an atomic, written relaxed: a thread only ever finds its
 * own identity there if it stored it itself.
 */
#include "python/sync.h"

#include "base/error.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

struct sb_rlock {
    sb_lock *lock;
    _Atomic uintptr_t owner; /* the owner's identity, 0 when free */
    unsigned depth;
};

/* A thread's identity: the address of its own thread-local byte, which no
 * other living thread shares and which costs no system call to read. */
static uintptr_t this_thread(void)
{
    static _Thread_local char identity;
    return (uintptr_t)&identity;
}

sb_rlock *sb_rlock_create(void)
{
    sb_rlock *rlock = calloc(1, sizeof *rlock);
    if (!rlock || !(rlock->lock = sb_lock_create())) {
        free(rlock);
        sb_set_error("out of memory");
        return NULL;
    }
    return rlock;
}

void sb_rlock_destroy(sb_rlock *rlock)
{
    if (!rlock)
        return;
    sb_lock_destroy(rlock->lock);
    free(rlock);
}

bool sb_rlock_is_owned(const sb_rlock *rlock)
{
    return atomic_load_explicit(&rlock->owner, memory_order_relaxed) == this_thread();
}

/* For the thread that has just taken the underlying lock. */
static void become_owner(sb_rlock *rlock, unsigned depth)
{
    atomic_store_explicit(&rlock->owner, this_thread(), memory_order_relaxed);
    rlock->depth = depth;
}

/* For the owner, which is about to release the underlying lock. */
static void give_up_ownership(sb_rlock *rlock)
{
    rlock->depth = 0;
    atomic_store_explicit(&rlock->owner, 0, memory_order_relaxed);
}

int sb_rlock_acquire(sb_rlock *rlock, uint64_t timeout_ns)
{
    if (sb_rlock_is_owned(rlock)) {
        if (rlock->depth == UINT_MAX) {
            sb_set_error("re-entrant lock taken too many times to count");
            return -1;
        }
        rlock->depth++;
        return 0;
    }
    int taken = sb_lock_acquire(rlock->lock, timeout_ns);
    if (taken == 0)
        become_owner(rlock, 1);
    return taken;
}

int sb_rlock_release(sb_rlock *rlock)
{
    if (!sb_rlock_is_owned(rlock)) {
        sb_set_error("cannot release a re-entrant lock the calling thread does not hold");
        return -1;
    }
    if (--rlock->depth == 0) {
        give_up_ownership(rlock);
        sb_lock_release(rlock->lock);
    }
    return 0;
}

unsigned sb_rlock_release_all(sb_rlock *rlock)
{
    unsigned depth = rlock->depth;
    give_up_ownership(rlock);
    sb_lock_release(rlock->lock);
    return depth;
}

void sb_rlock_acquire_restore(sb_rlock *rlock, unsigned depth)
{
    sb_lock_acquire(rlock->lock, SB_SYNC_WAIT_FOREVER);
    become_owner(rlock, depth);
}
