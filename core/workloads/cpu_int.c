/* cpu_int: a calibrated integer kernel that keeps one core busy. */
#include "workloads/workload.h"

#include "base/task_hooks.h"

/* xorshift64 steps: each depends on the last, so the loop can be neither
 * vectorised nor shortened, and it touches no memory (so it scales with cores,
 * not with memory bandwidth). */
static uint64_t xorshift_steps(uint64_t x, uint64_t steps)
{
    for (uint64_t i = 0; i < steps; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

/* `size` is the number of steps, taken in slices with a checkpoint between. */
static uint64_t cpu_int_run(uint64_t size, uint64_t task)
{
    uint64_t x = (task + 1) * 0x9E3779B97F4A7C15u;
    for (uint64_t done = 0; done < size; done += SB_TASK_CHECKPOINT_STEPS) {
        uint64_t left = size - done;
        x = xorshift_steps(x, left < SB_TASK_CHECKPOINT_STEPS ? left : SB_TASK_CHECKPOINT_STEPS);
        sb_task_checkpoint();
    }
    return x;
}

static uint64_t cpu_int_size_for_ns(uint64_t ns)
{
    return sb_workload_size_by_timing(&sb_workload_cpu_int, 1u << 20, ns);
}

const sb_workload sb_workload_cpu_int = {
    .name = "cpu_int",
    .description = "integer xorshift kernel, calibrated to a task duration",
    .kind = SB_WORKLOAD_CPU,
    .computing_percent = 100,
    .run = cpu_int_run,
    .size_for_ns = cpu_int_size_for_ns,
};
