/*
 * Barrier on a pthread mutex and condition variable, as Python builds it,
 * rather than on a futex: its state is several fields changed together
 * (arrivals, which round it is, broken or not), every round puts all but the
 * last party to sleep anyway, and the condition variable's broadcast is the
 * wake-all it needs. The condition variable measures timeouts on
 * CLOCK_MONOTONIC, the suite's clock.
 *
 * Each round has a number: the last party to arrive starts the next round,
 * which releases the waiters of this one. A waiter that sees the round change
 * was let through, even if the barrier broke right after.
 */
#include "python/sync.h"

#include "base/clock.h"
#include "base/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct sb_barrier {
    pthread_mutex_t mutex;
    pthread_cond_t next_round;
    unsigned parties;
    unsigned arrived;     /* in the current round */
    uint64_t round;
    bool broken;
};

sb_barrier *sb_barrier_create(unsigned parties)
{
    if (parties == 0) {
        sb_set_error("a barrier needs at least one party");
        return NULL;
    }
    sb_barrier *barrier = calloc(1, sizeof *barrier);
    if (!barrier) {
        sb_set_error("out of memory");
        return NULL;
    }
    sb_clock_cond_init(&barrier->next_round);
    pthread_mutex_init(&barrier->mutex, NULL);
    barrier->parties = parties;
    return barrier;
}

void sb_barrier_destroy(sb_barrier *barrier)
{
    if (!barrier)
        return;
    pthread_cond_destroy(&barrier->next_round);
    pthread_mutex_destroy(&barrier->mutex);
    free(barrier);
}

/* With the mutex held. */
static void break_barrier(sb_barrier *barrier)
{
    barrier->broken = true;
    pthread_cond_broadcast(&barrier->next_round);
}

static int broken_error(void)
{
    sb_set_error("the barrier is broken");
    return -1;
}

int sb_barrier_wait(sb_barrier *barrier, uint64_t timeout_ns, unsigned *index)
{
    pthread_mutex_lock(&barrier->mutex);
    if (barrier->broken) {
        pthread_mutex_unlock(&barrier->mutex);
        return broken_error();
    }
    *index = barrier->arrived++;
    if (barrier->arrived == barrier->parties) {
        barrier->arrived = 0;
        barrier->round++;
        pthread_cond_broadcast(&barrier->next_round);
        pthread_mutex_unlock(&barrier->mutex);
        return 0;
    }
    uint64_t round = barrier->round;
    uint64_t deadline_ns = sb_clock_deadline_ns(timeout_ns);
    struct timespec deadline = sb_clock_timespec(deadline_ns);
    int result = 0;
    while (barrier->round == round && !barrier->broken) {
        int waited = deadline_ns == UINT64_MAX
                         ? pthread_cond_wait(&barrier->next_round, &barrier->mutex)
                         : pthread_cond_timedwait(&barrier->next_round, &barrier->mutex, &deadline);
        if (waited == ETIMEDOUT && barrier->round == round && !barrier->broken) {
            break_barrier(barrier);
            result = SB_SYNC_TIMED_OUT;
        }
    }
    if (result == 0 && barrier->round == round)
        result = broken_error();
    pthread_mutex_unlock(&barrier->mutex);
    return result;
}

void sb_barrier_abort(sb_barrier *barrier)
{
    pthread_mutex_lock(&barrier->mutex);
    break_barrier(barrier);
    pthread_mutex_unlock(&barrier->mutex);
}

bool sb_barrier_broken(sb_barrier *barrier)
{
    pthread_mutex_lock(&barrier->mutex);
    bool broken = barrier->broken;
    pthread_mutex_unlock(&barrier->mutex);
    return broken;
}
