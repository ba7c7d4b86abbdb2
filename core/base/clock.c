#include "base/clock.h"

#include <errno.h>
#include <time.h>

uint64_t sb_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void sb_sleep_until_ns(uint64_t deadline_ns)
{
    struct timespec until = sb_clock_timespec(deadline_ns);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
        ;
}

void sb_sleep_ns(uint64_t ns)
{
    /* An absolute deadline makes restarting after EINTR exact. */
    sb_sleep_until_ns(sb_clock_ns() + ns);
}

uint64_t sb_clock_deadline_ns(uint64_t timeout_ns)
{
    uint64_t now = sb_clock_ns();
    return timeout_ns >= UINT64_MAX - now ? UINT64_MAX : now + timeout_ns;
}

struct timespec sb_clock_timespec(uint64_t ns)
{
    return (struct timespec){.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
}

void sb_clock_cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init(cond, &monotonic);
    pthread_condattr_destroy(&monotonic);
}
