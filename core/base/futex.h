/*
 * futex: sleeping until a 32-bit word changes, and waking whoever sleeps on
 * it (Linux futex(2)), within one process or across processes that share the
 * word's memory. The blocking half of
 * primitives whose fast path is an atomic operation on that same word, so
 * that taking a free lock or setting an event nobody waits for makes no
 * system call.
 */
#ifndef SLICEBENCH_BASE_FUTEX_H
#define SLICEBENCH_BASE_FUTEX_H

#include <stdatomic.h>
#include <stdint.h>

enum { SB_FUTEX_TIMED_OUT = 1 };

/* Who may sleep on and wake a word: the threads of one process (the kernel
 * then matches the word by address alone, which is cheaper), or processes
 * that map the same memory, whatever the address there. */
typedef enum sb_futex_scope {
    SB_FUTEX_PRIVATE,
    SB_FUTEX_SHARED,
} sb_futex_scope;

/* Sleeps while *word holds `expected`, until woken or until sb_clock_ns()
 * reaches `deadline_ns` (UINT64_MAX: no deadline). 0 when woken, when the
 * word held another value, or when a signal or a spurious wake-up cut the
 * sleep short: the caller looks at the word again. SB_FUTEX_TIMED_OUT once
 * the deadline has passed. */
int sb_futex_wait(_Atomic uint32_t *word, uint32_t expected, uint64_t deadline_ns, sb_futex_scope scope);

/* Wakes up to `count` (> 0) of the threads asleep on `word`. */
void sb_futex_wake(_Atomic uint32_t *word, int count, sb_futex_scope scope);

/* A count for sb_futex_wake that wakes every sleeper. */
enum { SB_FUTEX_WAKE_ALL = 0x7fffffff };

#endif
