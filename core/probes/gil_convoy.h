/*
 * gil_convoy: how late an IO thread gets back to work after a short sleep
 * while CPU-bound threads run beside it, all under one interpreter lock or
 * under none: the convoy effect of CPython's GIL, where a thread that
 * released the GIL to sleep must, on waking, win it back from threads that
 * only give it up when asked.
 *
 * The calling thread is the IO thread: it sleeps with sb_task_sleep_ns() and
 * records each time how much longer than asked the call took. The CPU-bound
 * threads run the cpu_int kernel in slices with a checkpoint between
 * (sb_task_checkpoint(), as a Python thread's eval loop has), until the IO
 * thread is done. The interpreter is what each of these threads enters
 * before it runs and leaves after: entering a GIL takes it and installs its
 * task hooks (python/gil.h), so the sleep releases it and takes it back, and
 * a checkpoint hands it over when asked; without one, the sleep is a plain
 * sleep and a checkpoint does nothing, so that the only difference between
 * the two is the lock. bench/cpython/convoy.py runs the same round in
 * CPython.
 */
#ifndef SLICEBENCH_PROBES_GIL_CONVOY_H
#define SLICEBENCH_PROBES_GIL_CONVOY_H

#include <stddef.h>
#include <stdint.h>

typedef struct sb_convoy_interpreter {
    /* Called on each thread of the round, the IO thread included: right
     * before it starts running, and right after it stops. */
    void (*enter)(void *context);
    void (*leave)(void *context);
    void *context;
} sb_convoy_interpreter;

/* More CPU-bound threads than this are taken for a mistake. */
enum { SB_CONVOY_MAX_CPU_THREADS = 1024 };

typedef struct sb_convoy_round {
    unsigned cpu_threads;      /* 0 to SB_CONVOY_MAX_CPU_THREADS */
    uint64_t sleep_ns;         /* > 0: each of the IO thread's sleeps */
    size_t max_wakeups;        /* > 0: the round stops at this many... */
    uint64_t time_cap_ns;      /* > 0: ...or once this long has passed since
                                  its first sleep, whichever comes first */
    const sb_convoy_interpreter *interpreter; /* NULL: none */
} sb_convoy_round;

typedef struct sb_convoy_result {
    double *lateness_ns; /* each wake-up's, in order: how much longer than asked its sleep took */
    size_t wakeups;      /* at least one, however short the cap */
} sb_convoy_result;

/* Starts the CPU-bound threads, waits until every one of them has entered
 * the interpreter and run a slice, then sleeps on the calling thread as the
 * round asks, and stops and joins the CPU-bound threads. -1, with
 * sb_last_error(), on bad arguments or when a thread cannot start; every
 * thread started has been joined before it returns, whatever the outcome.
 * Free the result with sb_convoy_result_free(). */
int sb_convoy_run(const sb_convoy_round *round, sb_convoy_result *result);

void sb_convoy_result_free(sb_convoy_result *result);

/* Under a GIL a wake-up waits about one switch interval or about two or more
 * (docs/families/convoy.md): one later than this many intervals waited two
 * or more. */
#define SB_CONVOY_LONG_WAIT_INTERVALS 1.5

/* The share of `count` (> 0) wake-ups' lateness that exceeds
 * SB_CONVOY_LONG_WAIT_INTERVALS times `switch_interval_ns` (> 0). */
double sb_convoy_long_wait_share(const double *lateness_ns, size_t count, uint64_t switch_interval_ns);

#endif
