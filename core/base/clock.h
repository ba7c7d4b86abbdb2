/*
 * clock: the monotonic clock every measurement in the suite is taken with.
 */
#ifndef SLICEBENCH_BASE_CLOCK_H
#define SLICEBENCH_BASE_CLOCK_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* Nanoseconds on CLOCK_MONOTONIC (never goes backwards, unaffected by NTP steps). */
uint64_t sb_clock_ns(void);

/* Sleeps for at least `ns` nanoseconds, resuming after signal interruptions. */
void sb_sleep_ns(uint64_t ns);

/* Sleeps until sb_clock_ns() reaches `deadline_ns`, resuming after signal
 * interruptions: a periodic task that sleeps to absolute deadlines does not
 * drift by the time it spends awake. */
void sb_sleep_until_ns(uint64_t deadline_ns);

/* The clock's reading `timeout_ns` from now, or UINT64_MAX (a deadline never
 * reached) when the sum would not fit: a timeout of UINT64_MAX waits forever. */
uint64_t sb_clock_deadline_ns(uint64_t timeout_ns);

/* A reading of the clock as the timespec that system calls with an absolute
 * CLOCK_MONOTONIC deadline take. */
struct timespec sb_clock_timespec(uint64_t ns);

/* Initialises a condition variable whose timed waits take their deadline on
 * this clock (sb_clock_timespec), which wall-clock steps do not move. */
void sb_clock_cond_init(pthread_cond_t *cond);

#endif
