/*
 * Condition as Python builds it: a queue of waiters, guarded by the
 * condition's own lock (which wait and notify require the caller to hold),
 * each waiter sleeping on a word of its own that a notify sets. notify(n)
 * takes the first n off the queue, so it picks exactly n (or every waiter,
 * when fewer wait), and a waiter wakes only when picked: there are no
 * spurious returns to tell apart.
 *
 * A waiter lives on its thread's stack. A notify sets its word and wakes it
 * while holding the lock, and the waiter returns only after taking the lock
 * back, so the waiter outlives the wake. A waiter that times out takes the
 * lock back before looking at its word: set, it was picked after all and
 * returns 0, so a notify is never spent on a thread that reports a timeout;
 * clear, it is still queued, and leaves the queue itself.
 */
#include "python/sync.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/futex.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct waiter {
    struct waiter *previous, *next;
    _Atomic uint32_t picked;
} waiter;

/* Over exactly one of a Lock and an RLock, which differ in how "held" is
 * known and in how much there is to let go and take back. */
struct sb_condition {
    sb_lock *lock;
    sb_rlock *rlock;
    waiter *first, *last; /* guarded by the lock */
    _Atomic unsigned waiting;
};

/* A Lock does not know its holder: held by anyone is as close as it gets, as
 * in Python. */
static bool lock_held(const sb_condition *condition)
{
    return condition->rlock ? sb_rlock_is_owned(condition->rlock) : sb_lock_locked(condition->lock);
}

/* Lets the lock go however many times it was taken, and returns that. */
static unsigned release_all(sb_condition *condition)
{
    if (condition->rlock)
        return sb_rlock_release_all(condition->rlock);
    sb_lock_release(condition->lock);
    return 1;
}

static void acquire_restore(sb_condition *condition, unsigned depth)
{
    if (condition->rlock)
        sb_rlock_acquire_restore(condition->rlock, depth);
    else
        sb_lock_acquire(condition->lock, SB_SYNC_WAIT_FOREVER);
}

static sb_condition *create(sb_lock *lock, sb_rlock *rlock)
{
    if (!lock && !rlock) {
        sb_set_error("a condition needs a lock");
        return NULL;
    }
    sb_condition *condition = calloc(1, sizeof *condition);
    if (!condition) {
        sb_set_error("out of memory");
        return NULL;
    }
    condition->lock = lock;
    condition->rlock = rlock;
    return condition;
}

sb_condition *sb_condition_create_on_lock(sb_lock *lock)
{
    return create(lock, NULL);
}

sb_condition *sb_condition_create_on_rlock(sb_rlock *rlock)
{
    return create(NULL, rlock);
}

void sb_condition_destroy(sb_condition *condition)
{
    free(condition);
}

int sb_condition_acquire(sb_condition *condition, uint64_t timeout_ns)
{
    return condition->rlock ? sb_rlock_acquire(condition->rlock, timeout_ns)
                            : sb_lock_acquire(condition->lock, timeout_ns);
}

int sb_condition_release(sb_condition *condition)
{
    return condition->rlock ? sb_rlock_release(condition->rlock) : sb_lock_release(condition->lock);
}

static void enqueue(sb_condition *condition, waiter *w)
{
    w->previous = condition->last;
    w->next = NULL;
    if (condition->last)
        condition->last->next = w;
    else
        condition->first = w;
    condition->last = w;
    atomic_fetch_add_explicit(&condition->waiting, 1, memory_order_relaxed);
}

static void dequeue(sb_condition *condition, waiter *w)
{
    if (w->previous)
        w->previous->next = w->next;
    else
        condition->first = w->next;
    if (w->next)
        w->next->previous = w->previous;
    else
        condition->last = w->previous;
    atomic_fetch_sub_explicit(&condition->waiting, 1, memory_order_relaxed);
}

int sb_condition_wait(sb_condition *condition, uint64_t timeout_ns)
{
    if (!lock_held(condition)) {
        sb_set_error("cannot wait on a condition without holding its lock");
        return -1;
    }
    waiter self = {0};
    enqueue(condition, &self);
    uint64_t deadline = sb_clock_deadline_ns(timeout_ns);
    unsigned depth = release_all(condition);
    while (!atomic_load_explicit(&self.picked, memory_order_acquire))
        if (sb_futex_wait(&self.picked, 0, deadline, SB_FUTEX_PRIVATE) == SB_FUTEX_TIMED_OUT)
            break;
    acquire_restore(condition, depth);
    if (atomic_load_explicit(&self.picked, memory_order_relaxed))
        return 0;
    dequeue(condition, &self);
    return SB_SYNC_TIMED_OUT;
}

int sb_condition_notify(sb_condition *condition, unsigned n)
{
    if (!lock_held(condition)) {
        sb_set_error("cannot notify on a condition without holding its lock");
        return -1;
    }
    for (; n > 0 && condition->first; n--) {
        waiter *w = condition->first;
        dequeue(condition, w);
        atomic_store_explicit(&w->picked, 1, memory_order_release);
        sb_futex_wake(&w->picked, 1, SB_FUTEX_PRIVATE);
    }
    return 0;
}

int sb_condition_notify_all(sb_condition *condition)
{
    return sb_condition_notify(condition, UINT_MAX);
}

unsigned sb_condition_waiting(const sb_condition *condition)
{
    return atomic_load_explicit(&condition->waiting, memory_order_relaxed);
}
