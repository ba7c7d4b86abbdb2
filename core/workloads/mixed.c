/* mixed25, mixed50, mixed75: a task that waits, then computes, like a
 * crawler that fetches a page and then parses it; the number is the share of
 * the task's time spent computing when it runs alone. They show where
 * threads stop helping: waits overlap in any model, while the computing
 * share is bounded by the cores (and, under a GIL, by the one lock).
 *
 * The wait is a timer (sb_task_sleep_ns), so its length is exact and no
 * server thread adds computing of its own; the computing is the cpu_int
 * kernel, checkpointing every slice of SB_TASK_CHECKPOINT_STEPS steps.
 *
 * `size` holds both parts: the computing in slices in its high 32 bits, the
 * wait in microseconds in its low 32 bits. The kernel's speed is measured
 * once per process, so the three share one measurement and differ by their
 * share alone. */
#include "workloads/workload.h"

#include "base/task_hooks.h"

#include <pthread.h>

/* Calibrates with a 10 ms task: long enough for a steady rate. */
enum { CALIBRATION_NS = 10 * 1000 * 1000 };

static pthread_once_t calibrated = PTHREAD_ONCE_INIT;
static double ns_per_slice;

static void calibrate(void)
{
    uint64_t steps = sb_workload_cpu_int.size_for_ns(CALIBRATION_NS);
    ns_per_slice = (double)CALIBRATION_NS * SB_TASK_CHECKPOINT_STEPS / (double)steps;
}

static uint64_t size_for(uint64_t ns, unsigned computing_percent)
{
    pthread_once(&calibrated, calibrate);
    uint64_t computing_ns = ns * computing_percent / 100;
    uint64_t slices = (uint64_t)((double)computing_ns / ns_per_slice + 0.5);
    uint64_t wait_us = (ns - computing_ns) / 1000;
    if (slices > UINT32_MAX)
        slices = UINT32_MAX;
    if (wait_us > UINT32_MAX)
        wait_us = UINT32_MAX;
    return slices << 32 | wait_us;
}

static uint64_t mixed_run(uint64_t size, uint64_t task)
{
    uint64_t slices = size >> 32, wait_us = size & UINT32_MAX;
    sb_task_sleep_ns(wait_us * 1000);
    return sb_workload_cpu_int.run(slices * SB_TASK_CHECKPOINT_STEPS, task) ^ size;
}

/* One workload per share: size_for_ns() is all that differs. */
#define MIXED_WORKLOAD(percent, workload_kind)                                                      \
    static uint64_t mixed##percent##_size_for_ns(uint64_t ns)                                       \
    {                                                                                               \
        return size_for(ns, percent);                                                               \
    }                                                                                               \
    const sb_workload sb_workload_mixed##percent = {                                                \
        .name = "mixed" #percent,                                                                   \
        .description = "a timer wait, then computing for " #percent "% of the task duration",       \
        .kind = workload_kind,                                                                      \
        .computing_percent = percent,                                                               \
        .run = mixed_run,                                                                           \
        .size_for_ns = mixed##percent##_size_for_ns,                                                \
    };

MIXED_WORKLOAD(25, SB_WORKLOAD_IO)
MIXED_WORKLOAD(50, SB_WORKLOAD_IO)
MIXED_WORKLOAD(75, SB_WORKLOAD_CPU)
