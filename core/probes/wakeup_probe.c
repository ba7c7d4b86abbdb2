#include "probes/wakeup_probe.h"

#include "base/clock.h"
#include "base/error.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

enum { PROBE_NICE = -10, PROBE_FIFO_PRIORITY = 1, PROBE_TIMER_SLACK_NS = 1 };

struct sb_wakeup_probe {
    pthread_t thread;
    const sb_placement *placement;
    unsigned worker;
    uint64_t period_ns;
    sb_probe_priority priority;
    sem_t placed;      /* posted once the thread has tried to bind and take its priority */
    char failure[320]; /* why it could not; empty when it did */
    sb_probe_setting setting;
    atomic_bool stop;
    double *lateness_ns;
    size_t max_samples;
    _Atomic size_t count; /* published after the sample it counts is written */
};

const char *sb_probe_priority_name(sb_probe_priority priority)
{
    switch (priority) {
    case SB_PROBE_DEFAULT:
        return "default";
    case SB_PROBE_NICE_10:
        return "nice-10";
    case SB_PROBE_FIFO:
        return "fifo";
    default:
        return "invalid";
    }
}

/* Why the kernel refused `what` with `error`: for want of privilege,
 * "not permitted: ..." with what it `needs` and the caller's soft limit
 * `limit_name` (resource `limit`). */
static void describe_refusal(char *failure, size_t size, const char *what, int error, const char *needs, int limit,
                             const char *limit_name)
{
    if (error != EPERM && error != EACCES) {
        snprintf(failure, size, "wake-up probe: cannot %s: %s", what, strerror(error));
        return;
    }
    struct rlimit current;
    char shown[32] = "unknown";
    if (getrlimit(limit, &current) == 0) {
        if (current.rlim_cur == RLIM_INFINITY)
            snprintf(shown, sizeof shown, "unlimited");
        else
            snprintf(shown, sizeof shown, "%llu", (unsigned long long)current.rlim_cur);
    }
    snprintf(failure, size, "not permitted: the wake-up probe cannot %s: %s (it needs %s; %s is %s)", what,
             strerror(error), needs, limit_name, shown);
}

/* Gives the calling thread `priority`; -1 with the reason in `failure`. */
static int take_priority(sb_probe_priority priority, char *failure, size_t size)
{
    if (priority == SB_PROBE_NICE_10) {
        /* On Linux a nice value belongs to a thread, named by its id. */
        if (setpriority(PRIO_PROCESS, (id_t)gettid(), PROBE_NICE) != 0) {
            describe_refusal(failure, size, "run at nice -10", errno, "CAP_SYS_NICE or an RLIMIT_NICE of 30 or more",
                             RLIMIT_NICE, "RLIMIT_NICE");
            return -1;
        }
    } else if (priority == SB_PROBE_FIFO) {
        int rc = pthread_setschedparam(pthread_self(), SCHED_FIFO,
                                       &(struct sched_param){.sched_priority = PROBE_FIFO_PRIORITY});
        if (rc != 0) {
            describe_refusal(failure, size, "run under SCHED_FIFO at priority 1", rc,
                             "CAP_SYS_NICE or an RLIMIT_RTPRIO of 1 or more, and real-time runtime in its cgroup",
                             RLIMIT_RTPRIO, "RLIMIT_RTPRIO");
            return -1;
        }
    }
    return 0;
}

/* What the calling thread runs with, read back from the kernel. */
static sb_probe_setting read_setting(void)
{
    sb_probe_setting setting = {.timer_slack_ns = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0)};
    errno = 0;
    setting.nice = getpriority(PRIO_PROCESS, (id_t)gettid());
    struct sched_param param;
    if (pthread_getschedparam(pthread_self(), &setting.policy, &param) == 0)
        setting.rt_priority = param.sched_priority;
    return setting;
}

/* Binds the calling thread, sets its timer slack and priority and reads
 * them back; -1 with the reason in probe->failure. */
static int prepare_thread(sb_wakeup_probe *probe)
{
    if (sb_placement_bind_thread(probe->placement, probe->worker) != 0) {
        snprintf(probe->failure, sizeof probe->failure, "wake-up probe: %s", sb_last_error());
        return -1;
    }
    /* Before the priority: a real-time policy sets the slack to 0 itself
     * and ignores later requests. */
    prctl(PR_SET_TIMERSLACK, (unsigned long)PROBE_TIMER_SLACK_NS, 0, 0, 0);
    if (take_priority(probe->priority, probe->failure, sizeof probe->failure) != 0)
        return -1;
    probe->setting = read_setting();
    return 0;
}

static void *probe_thread(void *arg)
{
    sb_wakeup_probe *probe = arg;
    bool ready = prepare_thread(probe) == 0;
    uint64_t tick = sb_clock_ns() + probe->period_ns;
    sem_post(&probe->placed);
    if (!ready)
        return NULL;
    size_t count = 0;
    while (count < probe->max_samples && !atomic_load_explicit(&probe->stop, memory_order_relaxed)) {
        sb_sleep_until_ns(tick);
        uint64_t woke = sb_clock_ns();
        /* Signed: a wake-up before its tick shows as negative lateness
         * (a difference of unsigned moments would wrap to a huge one). */
        probe->lateness_ns[count++] = (double)(int64_t)(woke - tick);
        atomic_store_explicit(&probe->count, count, memory_order_release);
        while (tick <= woke)
            tick += probe->period_ns;
    }
    return NULL;
}

static void free_probe(sb_wakeup_probe *probe)
{
    sem_destroy(&probe->placed);
    free(probe->lateness_ns);
    free(probe);
}

sb_wakeup_probe *sb_wakeup_probe_start(const sb_placement *placement, unsigned worker, uint64_t period_ns,
                                       size_t max_samples, sb_probe_priority priority)
{
    if (period_ns == 0 || max_samples == 0 || priority >= SB_PROBE_PRIORITY_COUNT) {
        sb_set_error("a wake-up probe needs a period, room for samples and a priority (got %llu ns, %zu samples, "
                     "priority %d)",
                     (unsigned long long)period_ns, max_samples, (int)priority);
        return NULL;
    }
    sb_wakeup_probe *probe = calloc(1, sizeof *probe);
    double *lateness_ns = calloc(max_samples, sizeof *lateness_ns); /* calloc refuses a size that overflows */
    if (!probe || !lateness_ns) {
        free(probe);
        free(lateness_ns);
        sb_set_error("out of memory");
        return NULL;
    }
    probe->placement = placement;
    probe->worker = worker;
    probe->period_ns = period_ns;
    probe->priority = priority;
    probe->lateness_ns = lateness_ns;
    probe->max_samples = max_samples;
    sem_init(&probe->placed, 0, 0);
    int rc = pthread_create(&probe->thread, NULL, probe_thread, probe);
    if (rc != 0) {
        sb_set_error("cannot start the wake-up probe: %s", strerror(rc));
        free_probe(probe);
        return NULL;
    }
    while (sem_wait(&probe->placed) != 0)
        ;
    if (probe->failure[0]) {
        pthread_join(probe->thread, NULL);
        sb_set_error("%s", probe->failure);
        free_probe(probe);
        return NULL;
    }
    return probe;
}

size_t sb_wakeup_probe_samples(const sb_wakeup_probe *probe)
{
    return atomic_load_explicit(&probe->count, memory_order_acquire);
}

sb_probe_setting sb_wakeup_probe_setting(const sb_wakeup_probe *probe)
{
    return probe->setting;
}

void sb_wakeup_probe_stop(sb_wakeup_probe *probe, double **lateness_ns, size_t *count)
{
    atomic_store_explicit(&probe->stop, true, memory_order_relaxed);
    pthread_join(probe->thread, NULL);
    *lateness_ns = probe->lateness_ns;
    *count = atomic_load_explicit(&probe->count, memory_order_relaxed);
    probe->lateness_ns = NULL;
    free_probe(probe);
}
