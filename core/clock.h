/*
 * clock: the monotonic clock every measurement in the suite is taken with.
 */
#ifndef SLICEBENCH_CLOCK_H
#define SLICEBENCH_CLOCK_H

#include <stdint.h>

/* Nanoseconds on CLOCK_MONOTONIC (never goes backwards, unaffected by NTP steps). */
uint64_t sb_clock_ns(void);

/* Sleeps for at least `ns` nanoseconds, resuming after signal interruptions. */
void sb_sleep_ns(uint64_t ns);

#endif
