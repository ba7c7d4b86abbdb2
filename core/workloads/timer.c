/* timer: an IO-bound task that waits on a kernel timer, like time.sleep(). */
#include "workloads/workload.h"

#include "base/task_hooks.h"

/* `size` is the wait in nanoseconds. */
static uint64_t timer_run(uint64_t size, uint64_t task)
{
    sb_task_sleep_ns(size);
    return task ^ size;
}

static uint64_t timer_size_for_ns(uint64_t ns)
{
    return ns;
}

const sb_workload sb_workload_timer = {
    .name = "timer",
    .description = "sleep on a monotonic-clock timer for the task duration",
    .kind = SB_WORKLOAD_IO,
    .only_waits = true,
    .run = timer_run,
    .size_for_ns = timer_size_for_ns,
};
