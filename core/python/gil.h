/*
 * gil: a global interpreter lock that behaves like CPython's (the "new GIL"
 * of CPython 3.2+, take_gil() and drop_gil() of Python/ceval_gil.h in 3.11),
 * so that C threads take turns the way Python threads do.
 *
 *   - One holder at a time.
 *   - A thread that wants it waits on a condition variable for the switch
 *     interval (5 ms unless set, like sys.setswitchinterval). If the GIL
 *     changed hands meanwhile, it waits a whole interval again; if not, it
 *     asks the holder to drop it. Nobody else asks: not the holder, not a
 *     thread that finds it free.
 *   - The holder honours the request at its next checkpoint: it lets the GIL
 *     go, signals one waiter, and then waits until another thread has
 *     actually taken it before competing again (CPython's FORCE_SWITCHING),
 *     so it cannot grab it straight back. A release nobody asked for waits
 *     for no taker.
 *   - Whoever takes the signal first gets the GIL, not necessarily the
 *     asker: when the holder lets go while the asker is still on its way
 *     back into its wait, the asker takes the signal itself; otherwise the
 *     signal wakes the waiter asleep longest. How often each happens rests
 *     on how soon the holder answers, which the checkpoints' spacing sets
 *     (base/task_hooks.h) to CPython's. docs/families/convoy.md follows
 *     what this does to an IO thread's wake-ups.
 *   - Blocking waits and calls release it and take it back, as CPython does
 *     around IO: see sb_gil_task_hooks().
 */
#ifndef SLICEBENCH_PYTHON_GIL_H
#define SLICEBENCH_PYTHON_GIL_H

#include "base/task_hooks.h"

#include <stdint.h>

typedef struct sb_gil sb_gil;

enum { SB_GIL_DEFAULT_SWITCH_INTERVAL_NS = 5000000 };

/* A free GIL. NULL, with sb_last_error(), on failure. */
sb_gil *sb_gil_create(void);
/* Nobody may hold it or wait for it. */
void sb_gil_destroy(sb_gil *gil);

void sb_gil_set_switch_interval_ns(sb_gil *gil, uint64_t ns);
uint64_t sb_gil_switch_interval_ns(sb_gil *gil);

/* Blocks until the calling thread, which must not hold it, holds the GIL. */
void sb_gil_take(sb_gil *gil);

/* Lets the GIL go. When another thread has asked for it, waits until that
 * thread has taken it. */
void sb_gil_release(sb_gil *gil);

/* For the holder, between slices of work: hands the GIL over and takes it
 * back when another thread has asked for it; otherwise one relaxed load. */
void sb_gil_checkpoint(sb_gil *gil);

/* Task hooks for a thread that runs tasks while holding `gil`: a checkpoint
 * may hand it over, a sleep, fd wait or blocking call releases it meanwhile.
 * They live as long as the GIL. */
const sb_task_hooks *sb_gil_task_hooks(sb_gil *gil);

/* A thread entering the interpreter: takes `gil` (an sb_gil *) and installs
 * its task hooks on the calling thread; sb_gil_leave undoes both. Shaped as
 * callbacks (a void * context), for whoever runs threads under a GIL. */
void sb_gil_enter(void *gil);
void sb_gil_leave(void *gil);

typedef struct sb_gil_stats {
    uint64_t switches;      /* takes by a thread other than the last holder (the first take counts) */
    uint64_t drop_requests; /* a waiter ran out of patience and asked the holder to drop it */
    uint64_t handovers;     /* the holder dropped it at a checkpoint because it was asked */
} sb_gil_stats;

sb_gil_stats sb_gil_get_stats(sb_gil *gil);

#endif
