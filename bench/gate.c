/*
 * slicebench_gate: the hot paths the CI gate watches, each run a fixed number
 * of times so that callgrind's instruction count for it is repeatable (unlike
 * wall time on a shared machine). scripts/gate runs each kernel under
 * callgrind, collecting only inside its measured function, and compares the
 * instructions per iteration with a committed baseline.
 *
 *   slicebench_gate --list      name, iterations and measured function of each
 *   slicebench_gate NAME        run one kernel
 */
#include "coro/coro.h"
#include "base/error.h"
#include "base/placement.h"
#include "python/thread_pool.h"
#include "python/sync.h"
#include "workloads/workload.h"

#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum { EXIT_USAGE = 2 };

/* Each kernel's measured function is not inlined, so callgrind can find it
 * by name and count everything it does. */
#define MEASURED __attribute__((noinline, used))

MEASURED uint64_t gate_cpu_kernel(uint64_t steps)
{
    return sb_workload_cpu_int.run(steps, 0);
}

static int run_cpu_kernel(uint64_t iterations)
{
    volatile uint64_t sink = gate_cpu_kernel(iterations);
    (void)sink;
    return 0;
}

static void *bounce(void *value)
{
    for (;;)
        value = sb_coro_switch(sb_coro_parent(sb_coro_current()), value);
    return NULL;
}

MEASURED void gate_coro_switch(sb_coro *peer, uint64_t round_trips)
{
    for (uint64_t i = 0; i < round_trips; i++)
        sb_coro_switch(peer, NULL);
}

static int run_coro_switch(uint64_t iterations)
{
    sb_coro *peer = sb_coro_create(bounce, SB_CORO_STACK_DEFAULT);
    if (!peer)
        return -1;
    gate_coro_switch(peer, iterations / 2);
    return sb_coro_destroy(peer);
}

static void *empty_task(void *arg)
{
    return arg;
}

static void *wait_for_go(void *go)
{
    sem_wait(go);
    return NULL;
}

/* Queues tasks while the pool's only worker is busy, so that every submit
 * takes the same path: no worker to wake, whose cost would depend on whether
 * it was still spinning or already asleep. */
MEASURED int gate_pool_submit(sb_thread_pool *pool, sb_future **futures, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++)
        if (!(futures[i] = sb_thread_pool_submit(pool, empty_task, NULL)))
            return -1;
    return 0;
}

static int run_pool_submit(uint64_t iterations)
{
    sb_topology *topology = sb_topology_open();
    sb_placement *placement = topology ? sb_placement_plan(topology, SB_PLACE_NONE, 1) : NULL;
    sb_thread_pool *pool = placement ? sb_thread_pool_create(1, placement) : NULL;
    sb_future **futures = calloc(iterations, sizeof *futures);
    sem_t go;
    sem_init(&go, 0, 0);
    sb_future *blocker = pool && futures ? sb_thread_pool_submit(pool, wait_for_go, &go) : NULL;
    int rc = blocker ? gate_pool_submit(pool, futures, iterations) : -1;
    if (blocker) {
        sem_post(&go);
        sb_future_release(blocker);
    }
    for (uint64_t i = 0; futures && i < iterations && futures[i]; i++)
        sb_future_release(futures[i]);
    if (pool && sb_thread_pool_destroy(pool) != 0)
        rc = -1;
    sem_destroy(&go);
    free(futures);
    sb_placement_free(placement);
    sb_topology_close(topology);
    return rc;
}

MEASURED int gate_lock_fast_path(sb_lock *lock, uint64_t round_trips)
{
    for (uint64_t i = 0; i < round_trips; i++)
        if (sb_lock_acquire(lock, SB_SYNC_WAIT_FOREVER) != 0 || sb_lock_release(lock) != 0)
            return -1;
    return 0;
}

/* Acquire and release with nobody else wanting the lock: the path every
 * uncontended critical section pays. */
static int run_lock_fast_path(uint64_t iterations)
{
    sb_lock *lock = sb_lock_create();
    int rc = lock ? gate_lock_fast_path(lock, iterations) : -1;
    sb_lock_destroy(lock);
    return rc;
}

static const struct kernel {
    const char *name;
    int (*run)(uint64_t iterations);
    uint64_t iterations;
    const char *measured; /* the function callgrind counts, inclusive */
} kernels[] = {
    {"cpu_kernel", run_cpu_kernel, 1000000, "gate_cpu_kernel"},
    {"coro_switch", run_coro_switch, 200000, "gate_coro_switch"},
    {"pool_submit", run_pool_submit, 20000, "gate_pool_submit"},
    {"lock_fast_path", run_lock_fast_path, 200000, "gate_lock_fast_path"},
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: slicebench_gate --list | KERNEL\n");
        return EXIT_USAGE;
    }
    for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        if (strcmp(argv[1], "--list") == 0) {
            printf("%s %llu %s\n", kernels[k].name, (unsigned long long)kernels[k].iterations, kernels[k].measured);
        } else if (strcmp(argv[1], kernels[k].name) == 0) {
            if (kernels[k].run(kernels[k].iterations) != 0) {
                fprintf(stderr, "slicebench_gate: %s: %s\n", kernels[k].name, sb_last_error());
                return 1;
            }
            return 0;
        }
    }
    if (strcmp(argv[1], "--list") == 0)
        return 0;
    fprintf(stderr, "slicebench_gate: unknown kernel '%s' (--list shows them)\n", argv[1]);
    return EXIT_USAGE;
}
