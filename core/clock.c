#include "clock.h"

#include <errno.h>
#include <time.h>

uint64_t sb_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void sb_sleep_ns(uint64_t ns)
{
    /* An absolute deadline makes restarting after EINTR exact. */
    uint64_t deadline = sb_clock_ns() + ns;
    struct timespec until = {
        .tv_sec = (time_t)(deadline / 1000000000u),
        .tv_nsec = (long)(deadline % 1000000000u),
    };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
        ;
}
