/*
 * wakeup_probe: a thread that asks to wake at every tick of a fixed period and
 * records how late each wake-up comes. It stands for a latency-sensitive task
 * (an interactive program, a timer-driven server) sharing the cores with
 * others: its lateness is how much the machine "stutters".
 *
 * A wake-up that comes later than the next tick skips the ticks it missed,
 * so every sample is the lateness of one real sleep, never a backlog. The
 * probe sets its timer slack to 1 ns, so that the kernel does not defer its
 * timer by the default 50 us to batch it with others: what is left of its
 * lateness is the scheduler's. It may also ask for a higher priority than
 * the thread that starts it, to show how a task escapes the stutter.
 */
#ifndef SLICEBENCH_PROBES_WAKEUP_PROBE_H
#define SLICEBENCH_PROBES_WAKEUP_PROBE_H

#include "base/placement.h"

#include <stddef.h>
#include <stdint.h>

typedef enum sb_probe_priority {
    SB_PROBE_DEFAULT, /* that of the thread that starts it */
    SB_PROBE_NICE_10, /* nice -10: a larger share of the CPU than nice 0 */
    SB_PROBE_FIFO,    /* SCHED_FIFO at priority 1: ahead of every normal task */
    SB_PROBE_PRIORITY_COUNT
} sb_probe_priority;

/* "default", "nice-10" or "fifo". */
const char *sb_probe_priority_name(sb_probe_priority priority);

/* What the probe thread runs with, as it read it back from the kernel once
 * it had set it. */
typedef struct sb_probe_setting {
    long timer_slack_ns; /* PR_GET_TIMERSLACK: 1, or 0 for a real-time policy */
    int nice;            /* getpriority */
    int policy;          /* sched_getscheduler: SCHED_OTHER, SCHED_FIFO, ... */
    int rt_priority;     /* sched_getparam: 0 under a normal policy */
} sb_probe_setting;

typedef struct sb_wakeup_probe sb_wakeup_probe;

/* Starts the probe thread, bound to `placement`'s PU for `worker`, at
 * `priority`, waking every `period_ns` (> 0) and keeping the first
 * `max_samples` (> 0) latenesses. Returns once the thread is bound, runs at
 * its priority and has set its first tick, so that whatever load follows
 * delays the very first wake-up too. NULL, with sb_last_error(), on bad
 * arguments or when the thread cannot start, bind or take its priority; a
 * priority the kernel refuses (no CAP_SYS_NICE, no room under RLIMIT_NICE or
 * RLIMIT_RTPRIO, no real-time runtime in the cgroup) gives an error that
 * begins "not permitted: ". */
sb_wakeup_probe *sb_wakeup_probe_start(const sb_placement *placement, unsigned worker, uint64_t period_ns,
                                       size_t max_samples, sb_probe_priority priority);

/* How many latenesses the probe has recorded so far; any thread may ask. */
size_t sb_wakeup_probe_samples(const sb_wakeup_probe *probe);

/* What the probe runs with. */
sb_probe_setting sb_wakeup_probe_setting(const sb_wakeup_probe *probe);

/* Stops the probe, waits for its thread and frees it. Stores in *lateness_ns
 * the malloc'ed latenesses in nanoseconds, in wake-up order (the caller
 * frees them), and their number (possibly 0) in *count. */
void sb_wakeup_probe_stop(sb_wakeup_probe *probe, double **lateness_ns, size_t *count);

#endif
