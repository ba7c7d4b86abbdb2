/*
 * sync: Python's threading primitives for C threads, with Python's semantics
 * and its errors as return codes (claim C9):
 *
 *   Lock              admits one thread; any thread may release it
 *   RLock             admits one thread, which may take it again and again
 *   BoundedSemaphore  admits n threads; releasing past n is an error
 *   Event             a flag: set() releases every waiter at once
 *   Condition         over a Lock or an RLock: wait() sleeps until notify(n)
 *                     picks it, among the first n waiters
 *   Barrier           n parties wait until all have come, then all go on
 *
 * Waits take a timeout in nanoseconds: 0 only tries (Python's
 * blocking=False), SB_SYNC_WAIT_FOREVER never gives up. They return 0 once
 * they got what they waited for, SB_SYNC_TIMED_OUT when time ran out first,
 * and -1 with sb_last_error() for a call Python answers with an exception.
 * Creating returns NULL, with sb_last_error(), when out of memory or given
 * bad arguments. Destroying NULL does nothing; no primitive may be destroyed
 * while a thread holds it or waits on it.
 *
 * Every primitive but Barrier sleeps on futexes and takes no system call
 * when nobody has to wait; Barrier sleeps on a pthread condition variable.
 * Each one's file (sync_<name>.c) says why.
 */
#ifndef SLICEBENCH_PYTHON_SYNC_H
#define SLICEBENCH_PYTHON_SYNC_H

#include <stdbool.h>
#include <stdint.h>

enum { SB_SYNC_TIMED_OUT = 1 };

#define SB_SYNC_WAIT_FOREVER UINT64_MAX

/* ---- Lock ------------------------------------------------------------- */

typedef struct sb_lock sb_lock;

/* An unlocked lock. */
sb_lock *sb_lock_create(void);
void sb_lock_destroy(sb_lock *lock);

/* Takes the lock. The lock does not know who holds it, so a thread that
 * asks again for a lock it holds waits for itself: with no timeout, forever. */
int sb_lock_acquire(sb_lock *lock, uint64_t timeout_ns);

/* Lets the lock go, from any thread. -1 when it is not locked. */
int sb_lock_release(sb_lock *lock);

/* Whether some thread holds it (a glance: it may change at once). */
bool sb_lock_locked(const sb_lock *lock);

/* ---- RLock ------------------------------------------------------------ */

typedef struct sb_rlock sb_rlock;

/* An unlocked re-entrant lock. */
sb_rlock *sb_rlock_create(void);
void sb_rlock_destroy(sb_rlock *rlock);

/* Takes the lock, or takes it once more when the calling thread holds it
 * (then at once, whatever the timeout). -1 when held too many times to count. */
int sb_rlock_acquire(sb_rlock *rlock, uint64_t timeout_ns);

/* Undoes one acquire; the lock is free once every acquire is undone. -1 when
 * the calling thread does not hold it. */
int sb_rlock_release(sb_rlock *rlock);

/* Whether the calling thread holds it. */
bool sb_rlock_is_owned(const sb_rlock *rlock);

/* For a condition waiting on an RLock taken several times: lets it go
 * altogether and returns how many times it was taken (the caller holds it),
 * then takes it back that many times. */
unsigned sb_rlock_release_all(sb_rlock *rlock);
void sb_rlock_acquire_restore(sb_rlock *rlock, unsigned depth);

/* ---- BoundedSemaphore ------------------------------------------------- */

typedef struct sb_bounded_semaphore sb_bounded_semaphore;

/* A semaphore that admits `value` threads at once (0 admits none). */
sb_bounded_semaphore *sb_bounded_semaphore_create(uint32_t value);
void sb_bounded_semaphore_destroy(sb_bounded_semaphore *semaphore);

/* Takes one of its places. */
int sb_bounded_semaphore_acquire(sb_bounded_semaphore *semaphore, uint64_t timeout_ns);

/* Gives a place back. -1 when every place is free already: more releases
 * than acquires (Python's ValueError). */
int sb_bounded_semaphore_release(sb_bounded_semaphore *semaphore);

/* ---- Event ------------------------------------------------------------ */

typedef struct sb_event sb_event;

/* An event that is not set. */
sb_event *sb_event_create(void);
void sb_event_destroy(sb_event *event);

/* Sets the flag and releases every thread waiting: each of them returns 0,
 * even when the flag is cleared again before it has run. */
void sb_event_set(sb_event *event);
void sb_event_clear(sb_event *event);
bool sb_event_is_set(const sb_event *event);

/* Returns at once when the flag is set; otherwise waits for a set. */
int sb_event_wait(sb_event *event, uint64_t timeout_ns);

/* How many threads are inside sb_event_wait on an unset flag. */
unsigned sb_event_waiting(const sb_event *event);

/* ---- Condition -------------------------------------------------------- */

typedef struct sb_condition sb_condition;

/* A condition over `lock` or `rlock` (not NULL), which must outlive it. */
sb_condition *sb_condition_create_on_lock(sb_lock *lock);
sb_condition *sb_condition_create_on_rlock(sb_rlock *rlock);
void sb_condition_destroy(sb_condition *condition);

/* Take and let go the condition's lock, as Python's `with condition:`. */
int sb_condition_acquire(sb_condition *condition, uint64_t timeout_ns);
int sb_condition_release(sb_condition *condition);

/* Lets the lock go (an RLock altogether), sleeps until a notify picks this
 * thread, then takes the lock back, as it was, before returning, whether
 * picked (0) or timed out (SB_SYNC_TIMED_OUT). Waiters are picked in the
 * order they began to wait, and only by a notify. -1 when the caller does
 * not hold the lock: for an RLock, when the calling thread does not; for a
 * Lock, which does not know its holder, when nobody does. */
int sb_condition_wait(sb_condition *condition, uint64_t timeout_ns);

/* Picks the `n` longest-waiting threads (all, when fewer wait), which wake
 * once the caller lets the lock go. -1, as for wait, without the lock. */
int sb_condition_notify(sb_condition *condition, unsigned n);
int sb_condition_notify_all(sb_condition *condition);

/* How many threads wait and are not picked yet. */
unsigned sb_condition_waiting(const sb_condition *condition);

/* ---- Barrier ---------------------------------------------------------- */

typedef struct sb_barrier sb_barrier;

/* A barrier for `parties` (> 0) threads. */
sb_barrier *sb_barrier_create(unsigned parties);
void sb_barrier_destroy(sb_barrier *barrier);

/* Waits until `parties` threads have called it, then lets them all go; each
 * gets its place in the order of arrival in *index, 0 to parties - 1.
 * A barrier breaks when a wait times out (that wait returns
 * SB_SYNC_TIMED_OUT) or on sb_barrier_abort(); then every wait in progress
 * or to come returns -1 (Python's BrokenBarrierError). A broken barrier
 * stays broken: Python's reset() is left out, a new barrier serves. */
int sb_barrier_wait(sb_barrier *barrier, uint64_t timeout_ns, unsigned *index);

/* Breaks the barrier, releasing every waiter with -1. */
void sb_barrier_abort(sb_barrier *barrier);

bool sb_barrier_broken(sb_barrier *barrier);

#endif
