/*
 * wakeup_probe: a thread that asks to wake at every tick of a fixed period and
 * records how late each wake-up comes. It stands for a latency-sensitive task
 * (an interactive program, a timer-driven server) sharing the cores with
 * others: its lateness is how much the machine "stutters".
 *
 * A wake-up that comes later than the next tick skips the ticks it missed,
 * so every sample is the lateness of one real sleep, never a backlog.
 */
#ifndef SLICEBENCH_PROBES_WAKEUP_PROBE_H
#define SLICEBENCH_PROBES_WAKEUP_PROBE_H

#include "base/placement.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sb_wakeup_probe sb_wakeup_probe;

/* Starts the probe thread, bound to `placement`'s PU for `worker`, waking
 * every `period_ns` (> 0) and keeping the first `max_samples` (> 0)
 * latenesses. Returns once the thread is bound and has set its first tick,
 * so that whatever load follows delays the very first wake-up too. NULL,
 * with sb_last_error(), on bad arguments or when the thread cannot start or
 * bind. */
sb_wakeup_probe *sb_wakeup_probe_start(const sb_placement *placement, unsigned worker, uint64_t period_ns,
                                       size_t max_samples);

/* Stops the probe, waits for its thread and frees it. Stores in *lateness_ns
 * the malloc'ed latenesses in nanoseconds, in wake-up order (the caller
 * frees them), and their number (possibly 0) in *count. */
void sb_wakeup_probe_stop(sb_wakeup_probe *probe, double **lateness_ns, size_t *count);

#endif
