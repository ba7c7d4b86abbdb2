/*
 * timeslice: one round of oversubscription. N CPU-bound spinners share the
 * PUs of a placement for a fixed window while a wake-up probe runs on one of
 * them, to show how the OS time-slices runnable workers over cores
 * (claim C2): how much work gets done, how evenly it is shared, how late a
 * waiting task gets the CPU back, and how often the scheduler switches.
 *
 * Each spinner counts the kernel steps it has done into its own cache line of
 * memory shared with child processes, so spinner threads and spinner
 * processes are counted the same way, and reports the context switches it
 * went through while spinning. Every spinner is placed and parked before
 * they are all released at once, so none gets a head start; the window opens
 * once every one of them has had the CPU, so that what it measures is the
 * steady rotation of time slices, not the burst of N wake-ups at the release.
 * The window lasts until the probe has enough wake-ups and the spinners have
 * gone round enough times for their shares to be compared, or until a cap.
 */
#ifndef SLICEBENCH_PROBES_TIMESLICE_H
#define SLICEBENCH_PROBES_TIMESLICE_H

#include "base/placement.h"
#include "probes/wakeup_probe.h"

#include <stddef.h>
#include <stdint.h>

typedef enum sb_spinner_kind {
    SB_SPINNER_THREADS,   /* threads of the calling process */
    SB_SPINNER_PROCESSES, /* processes forked by the calling thread; they die
                             with it, so none outlives a killed program */
    SB_SPINNER_KIND_COUNT
} sb_spinner_kind;

/* "thread" or "process", as the execution models are named. */
const char *sb_spinner_kind_name(sb_spinner_kind kind);

typedef struct sb_timeslice_round {
    sb_spinner_kind kind;
    unsigned spinners;             /* N > 0 */
    /* Spinner i is bound to its worker i (modulo the workers it was planned
     * for), so a plan for K workers spreads N spinners evenly over K PUs; the
     * probe is bound to worker 0's PU. */
    const sb_placement *placement;
    /* The window closes once the probe has woken `probe_wakeups` (> 0) times
     * and the spinners have gone `rounds` times round (see
     * sb_timeslice_result.rounds), or once it has lasted `max_window_ns`
     * (> 0), whichever comes first. */
    size_t probe_wakeups;
    unsigned rounds;
    uint64_t max_window_ns;
    /* > 0; also how often the round looks at the spinners' progress */
    uint64_t probe_period_ns;
    sb_probe_priority probe_priority;
} sb_timeslice_round;

typedef struct sb_spinner_result {
    uint64_t window_steps;     /* kernel steps done within the window */
    /* From its release until it saw the round stop, which for a spinner
     * waiting its turn can be well after the window closed; a spinner
     * always does at least one slice of steps, however late it runs: */
    uint64_t steps;
    double spin_s;
    long voluntary_switches;   /* it blocked */
    long involuntary_switches; /* the scheduler took the CPU away */
} sb_spinner_result;

typedef struct sb_timeslice_result {
    /* From the release until every spinner had had the CPU, and the window
     * opened: with more spinners than PUs, about one turn of the scheduler
     * round all of them. The round waits about max_window_ns at most. */
    double first_turns_s;
    double window_s;              /* from its opening to the count of the steps */
    /* Scheduler rounds seen in the window: a round is counted each time
     * every spinner has been seen to make progress since the last one was.
     * The round looks once per probe period, so a spinner that had two
     * turns between looks is seen once. */
    unsigned rounds;
    sb_spinner_result *spinners;  /* one per spinner */
    double *probe_lateness_ns;    /* how late each of the probe's wake-ups came */
    size_t probe_samples;
    size_t probe_shortfall;       /* wake-ups short of probe_wakeups; 0 when none */
    sb_probe_setting probe_setting; /* what the probe ran with */
} sb_timeslice_result;

/* Runs one round and fills `result`, to be freed with
 * sb_timeslice_result_free(). -1, with sb_last_error(), on bad arguments or
 * when a spinner or the probe cannot start or bind, or the probe cannot take
 * its priority (see sb_wakeup_probe_start); every spinner started is
 * stopped and reaped (joined or waited for) before it returns, whatever the
 * outcome. */
int sb_timeslice_run(const sb_timeslice_round *round, sb_timeslice_result *result);

void sb_timeslice_result_free(sb_timeslice_result *result);

#endif
