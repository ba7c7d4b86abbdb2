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
#include "base/error.h"
#include "base/placement.h"
#include "coro/coro.h"
#include "coro/hub.h"
#include "ipc/channel_transport.h"
#include "python/gil.h"
#include "python/sync.h"
#include "python/thread_pool.h"
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
    for (uint64_t i = 0; i < round_trips; i++) {
#ifdef SB_GATE_EXTRA_WORK
        /* A known regression, for the gate's own test (tests/gate_test.sh):
         * this many more loop steps in one kernel. */
        for (volatile unsigned step = 0; step < SB_GATE_EXTRA_WORK; step++)
            ;
#endif
        if (sb_lock_acquire(lock, SB_SYNC_WAIT_FOREVER) != 0 || sb_lock_release(lock) != 0)
            return -1;
    }
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

MEASURED void gate_gil_take_release(sb_gil *gil, uint64_t round_trips)
{
    for (uint64_t i = 0; i < round_trips; i++) {
        sb_gil_take(gil);
        sb_gil_release(gil);
    }
}

/* The GIL taken and let go with nobody waiting: what a GIL thread pays
 * around every wait of its own. */
static int run_gil_take_release(uint64_t iterations)
{
    sb_gil *gil = sb_gil_create();
    if (!gil)
        return -1;
    gate_gil_take_release(gil, iterations);
    sb_gil_destroy(gil);
    return 0;
}

MEASURED void gate_event_set_clear(sb_event *event, uint64_t rounds)
{
    for (uint64_t i = 0; i < rounds; i++) {
        sb_event_set(event);
        if (sb_event_is_set(event))
            sb_event_clear(event);
    }
}

/* Set, test and clear with nobody waiting: the flag's own price. */
static int run_event_set_clear(uint64_t iterations)
{
    sb_event *event = sb_event_create();
    if (!event)
        return -1;
    gate_event_set_clear(event, iterations);
    sb_event_destroy(event);
    return 0;
}

MEASURED int gate_condition_notify(sb_condition *condition, uint64_t rounds)
{
    for (uint64_t i = 0; i < rounds; i++)
        if (sb_condition_acquire(condition, SB_SYNC_WAIT_FOREVER) != 0 || sb_condition_notify(condition, 1) != 0 ||
            sb_condition_release(condition) != 0)
            return -1;
    return 0;
}

/* Acquire, notify(1) and release with nobody waiting: a producer's path
 * when its consumers are busy. */
static int run_condition_notify(uint64_t iterations)
{
    sb_lock *lock = sb_lock_create();
    sb_condition *condition = lock ? sb_condition_create_on_lock(lock) : NULL;
    int rc = condition ? gate_condition_notify(condition, iterations) : -1;
    sb_condition_destroy(condition);
    sb_lock_destroy(lock);
    return rc;
}

MEASURED int gate_semaphore(sb_bounded_semaphore *semaphore, uint64_t rounds)
{
    for (uint64_t i = 0; i < rounds; i++)
        if (sb_bounded_semaphore_acquire(semaphore, SB_SYNC_WAIT_FOREVER) != 0 ||
            sb_bounded_semaphore_release(semaphore) != 0)
            return -1;
    return 0;
}

/* A BoundedSemaphore(1) acquired and released with nobody else wanting it. */
static int run_semaphore(uint64_t iterations)
{
    sb_bounded_semaphore *semaphore = sb_bounded_semaphore_create(1);
    int rc = semaphore ? gate_semaphore(semaphore, iterations) : -1;
    sb_bounded_semaphore_destroy(semaphore);
    return rc;
}

typedef struct hub_yielder {
    sb_hub *hub;
    uint64_t yields;
    int rc;
} hub_yielder;

static void yield_repeatedly(void *arg)
{
    hub_yielder *yielder = arg;
    for (uint64_t i = 0; i < yielder->yields && yielder->rc == 0; i++)
        yielder->rc = sb_hub_sleep_ns(yielder->hub, 0);
}

MEASURED int gate_hub_yield(sb_hub *hub)
{
    return sb_hub_join_all(hub);
}

/* Two coroutines on a hub that each park with gevent.sleep(0) in turn: the
 * hub's park and wake of a runnable coroutine, its scheduling round and two
 * coroutine switches per iteration, with no kernel wait in between. */
static int run_hub_yield(uint64_t iterations)
{
    sb_hub *hub = sb_hub_create(SB_HUB_EPOLL, SB_CORO_STACK_DEFAULT);
    if (!hub)
        return -1;
    hub_yielder yielders[2] = {{hub, iterations / 2, 0}, {hub, iterations / 2, 0}};
    int rc = sb_hub_spawn(hub, yield_repeatedly, &yielders[0]) != 0 ||
                     sb_hub_spawn(hub, yield_repeatedly, &yielders[1]) != 0 || gate_hub_yield(hub) != 0
                 ? -1
                 : yielders[0].rc | yielders[1].rc;
    sb_hub_destroy(hub);
    return rc;
}

static void count_callback(sb_future *future, void *calls)
{
    (void)future;
    (*(uint64_t *)calls)++;
}

MEASURED int gate_future_done(sb_future *future, uint64_t rounds, uint64_t *calls)
{
    void *value;
    for (uint64_t i = 0; i < rounds; i++)
        if (sb_future_result(future, SB_FUTURE_WAIT_FOREVER, &value) != 0 ||
            sb_future_add_done_callback(future, count_callback, calls) != 0)
            return -1;
    return 0;
}

/* A finished future's result and a done callback added to it (which runs at
 * once): what a caller pays to collect a task that is already done. */
static int run_future_done(uint64_t iterations)
{
    sb_topology *topology = sb_topology_open();
    sb_placement *placement = topology ? sb_placement_plan(topology, SB_PLACE_NONE, 1) : NULL;
    sb_thread_pool *pool = placement ? sb_thread_pool_create(1, placement) : NULL;
    sb_future *future = pool ? sb_thread_pool_submit(pool, empty_task, NULL) : NULL;
    void *value;
    uint64_t calls = 0;
    /* The worker is gone before the count starts, so nothing else touches
     * the future's lock while it is counted. */
    int rc = future && sb_future_result(future, SB_FUTURE_WAIT_FOREVER, &value) == 0 &&
                     sb_thread_pool_shutdown(pool, true) == 0
                 ? gate_future_done(future, iterations, &calls)
                 : -1;
    if (rc == 0 && calls != iterations) {
        sb_set_error("%llu done callbacks ran, not %llu", (unsigned long long)calls, (unsigned long long)iterations);
        rc = -1;
    }
    if (future)
        sb_future_release(future);
    if (pool && sb_thread_pool_destroy(pool) != 0)
        rc = -1;
    sb_placement_free(placement);
    sb_topology_close(topology);
    return rc;
}

enum { RING_MESSAGE_BYTES = 64 };

MEASURED int gate_ring_round_trip(void *ends, uint64_t round_trips)
{
    const sb_channel_transport_ops *ring = &sb_channel_shm_futex;
    unsigned char message[RING_MESSAGE_BYTES] = {0}, received[RING_MESSAGE_BYTES];
    for (uint64_t i = 0; i < round_trips; i++) {
        ring->keep_side(ends, SB_CHANNEL_PARENT);
        if (ring->send_some(ends, message, sizeof message) != (ssize_t)sizeof message)
            return -1;
        ring->keep_side(ends, SB_CHANNEL_CHILD);
        if (ring->receive_some(ends, received, sizeof received) != (ssize_t)sizeof received)
            return -1;
        message[0]++;
    }
    return 0;
}

/* A 64-byte message into the futex shared-memory ring and out of it again,
 * this thread playing each side in turn, so the peer is never asleep and
 * nobody is woken: the ring's user-space path, copies and counters. */
static int run_ring_round_trip(uint64_t iterations)
{
    void *ends = sb_channel_shm_futex.create(NULL);
    if (!ends)
        return -1;
    int rc = gate_ring_round_trip(ends, iterations);
    sb_channel_shm_futex.close(ends);
    if (rc != 0)
        sb_set_error("a message did not go through the ring whole");
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
    {"gil_take_release", run_gil_take_release, 200000, "gate_gil_take_release"},
    {"event_set_clear", run_event_set_clear, 200000, "gate_event_set_clear"},
    {"condition_notify", run_condition_notify, 100000, "gate_condition_notify"},
    {"semaphore", run_semaphore, 200000, "gate_semaphore"},
    {"hub_yield", run_hub_yield, 100000, "gate_hub_yield"},
    {"future_done", run_future_done, 100000, "gate_future_done"},
    {"ring_round_trip", run_ring_round_trip, 100000, "gate_ring_round_trip"},
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
