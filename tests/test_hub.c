/* hub: coroutines run to completion, timers fire in deadline order (sleeps
 * for a length, kept in lanes, one a length, the heap taking lengths past
 * the lanes, and sleeps to a deadline
 * alike), a descriptor wait wakes on readiness, a hundred thousand waits
 * share one thread on a kilobyte of stack each, stacks are reused from hub
 * to hub and given back by a hub destroyed with waiters parked, an overrun
 * stack stops the process, the task hooks park the suite's workloads, and
 * misuse is refused.
 * Every test runs once per backend the kernel allows.
 *
 * Coroutine bodies only record what they see: cmocka's failed assertions
 * jump back to the main stack, so the checks run there. */
#include "base/clock.h"
#include "coro/coro.h"
#include "base/error.h"
#include "coro/hub.h"
#include "coro/hub_timers.h"
#include "models/coroutine.h"
#include "base/task_hooks.h"
#include "topology_fixture.h"

#include "coro/stack_pool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* What a waiter needs, and more than ASan's and TSan's frames take. */
enum { STACK_SIZE = 16 * 1024, MS = 1000000 };

static sb_hub_backend backend;
static sb_hub *hub;

#define assert_error_mentions(text) assert_non_null(strstr(sb_last_error(), text))

static int create_hub(void **state)
{
    (void)state;
    hub = sb_hub_create(backend, STACK_SIZE);
    return hub ? 0 : -1;
}

static int destroy_hub(void **state)
{
    (void)state;
    sb_hub_destroy(hub);
    hub = NULL;
    return 0;
}

/* The order things happened in, for checking once the hub is done. */
static unsigned events[64], event_count;

static void record(unsigned event)
{
    events[event_count++] = event;
}

static void count_up(void *counter)
{
    ++*(unsigned *)counter;
    sb_hub_sleep_ns(hub, 0);
    ++*(unsigned *)counter;
}

static void spawn_two_more(void *counter)
{
    sb_hub_spawn(hub, count_up, counter);
    sb_hub_spawn(hub, count_up, counter);
}

static void spawned_coroutines_all_run_to_completion(void **state)
{
    (void)state;
    enum { SPAWNED = 100 };
    unsigned counter = 0;
    for (unsigned i = 0; i < SPAWNED; i++)
        assert_int_equal(sb_hub_spawn(hub, count_up, &counter), 0);
    /* Coroutines may spawn too. */
    assert_int_equal(sb_hub_spawn(hub, spawn_two_more, &counter), 0);
    assert_int_equal(counter, 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    assert_int_equal(counter, 2 * (SPAWNED + 2));
    sb_hub_stats stats = sb_hub_get_stats(hub);
    assert_int_equal(stats.spawned, SPAWNED + 3);
    assert_int_equal(stats.finished, SPAWNED + 3);
    assert_int_equal(sb_hub_backend_of(hub), backend);
}

typedef struct sleeper {
    unsigned id;
    uint64_t deadline_ns;
} sleeper;

static void sleep_then_record(void *arg)
{
    const sleeper *s = arg;
    sb_hub_sleep_until_ns(hub, s->deadline_ns);
    record(s->id);
}

/* Deadlines are set before anything runs, so the order they fire in depends
 * on nothing but the hub, however slowly the machine runs the test. */
static void timers_fire_in_deadline_order_and_ties_in_the_order_set(void **state)
{
    (void)state;
    event_count = 0;
    uint64_t base = sb_clock_ns();
    /* ids 0..4 by deadline; 5..7 share one deadline, set in that order. */
    sleeper sleepers[] = {{3, base + 4 * MS}, {0, base + 1 * MS}, {5, base + 6 * MS}, {4, base + 5 * MS},
                          {6, base + 6 * MS}, {2, base + 3 * MS}, {1, base + 2 * MS}, {7, base + 6 * MS}};
    size_t count = sizeof sleepers / sizeof sleepers[0];
    for (size_t i = 0; i < count; i++)
        assert_int_equal(sb_hub_spawn(hub, sleep_then_record, &sleepers[i]), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    assert_int_equal(event_count, count);
    for (unsigned i = 0; i < count; i++)
        assert_int_equal(events[i], i);
    assert_int_equal(sb_hub_get_stats(hub).sleeps, count);
}

/* Sleeps for a length go to lanes, one per length (sleeps of one length
 * share it), and sleeps to a deadline to the heap: taken together, they
 * still come out earliest first, and among equal deadlines in the order
 * they were set, whichever holds them. */
static void lane_and_heap_timers_come_out_earliest_first(void **state)
{
    (void)state;
    static const struct {
        uint64_t deadline_ms, length_ms; /* 0: a sleep to a deadline */
    } set[] = {{1030, 30}, {1002, 2}, {1010, 10}, {1005, 0}, {1003, 2}, {1010, 0}, {1030, 30}, {1001, 0}};
    enum { COUNT = sizeof set / sizeof set[0] };
    /* The indices into set[] in the order they must fire. */
    static const size_t expected[COUNT] = {7, 1, 4, 3, 2, 5, 0, 6};
    sb_hub_timers timers = {0};
    sb_hub_timer timer[COUNT];
    for (size_t i = 0; i < COUNT; i++)
        assert_int_equal(sb_hub_timers_add(&timers, &timer[i], set[i].deadline_ms * MS,
                                           set[i].length_ms ? set[i].length_ms * MS : SB_HUB_TIMER_NO_LENGTH),
                         0);
    assert_int_equal(timers.claimed, 3); /* one lane a length: 30, 2 and 10 ms */
    assert_int_equal(sb_hub_timers_earliest(&timers), 1001 * MS);
    assert_null(sb_hub_timers_take_due(&timers, 1000 * MS));
    /* At 1002 ms, the two due; then the rest. */
    assert_ptr_equal(sb_hub_timers_take_due(&timers, 1002 * MS), &timer[expected[0]]);
    assert_ptr_equal(sb_hub_timers_take_due(&timers, 1002 * MS), &timer[expected[1]]);
    assert_null(sb_hub_timers_take_due(&timers, 1002 * MS));
    for (size_t i = 2; i < COUNT; i++) {
        assert_int_equal(sb_hub_timers_earliest(&timers), timer[expected[i]].deadline_ns);
        sb_hub_timer *due = sb_hub_timers_take_due(&timers, 2000 * MS);
        if (due != &timer[expected[i]])
            fail_msg("fired %zu-th: the timer set %ld-th, not the %zu-th", i, due ? (long)(due - timer) : -1L,
                     expected[i]);
    }
    assert_null(sb_hub_timers_take_due(&timers, 2000 * MS));
    assert_int_equal(sb_hub_timers_earliest(&timers), UINT64_MAX);
    sb_hub_timers_clear(&timers);
}

/* A sleep of a lane's length whose deadline comes before the lane's last
 * (its clock read earlier) would break the lane's order: the heap takes it,
 * and it still fires first. */
static void a_sleep_due_before_its_lanes_last_fires_in_order(void **state)
{
    (void)state;
    static const uint64_t deadline_ms[] = {1010, 1005, 1020};
    static const size_t expected[] = {1, 0, 2};
    sb_hub_timers timers = {0};
    sb_hub_timer timer[3];
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(sb_hub_timers_add(&timers, &timer[i], deadline_ms[i] * MS, 10 * MS), 0);
    for (size_t i = 0; i < 3; i++)
        assert_ptr_equal(sb_hub_timers_take_due(&timers, 2000 * MS), &timer[expected[i]]);
    assert_null(sb_hub_timers_take_due(&timers, 2000 * MS));
    sb_hub_timers_clear(&timers);
}

/* Sleeps of more lengths than there are lanes: each lane takes one, the
 * heap the rest, and they still fire earliest first. */
static void more_lengths_than_lanes_still_fire_in_order(void **state)
{
    (void)state;
    enum { COUNT = SB_HUB_TIMER_LANES + 2 };
    sb_hub_timers timers = {0};
    sb_hub_timer timer[COUNT];
    /* Lengths 1 to COUNT ms, set longest first, each due at 1000 ms + its length. */
    for (size_t i = 0; i < COUNT; i++) {
        uint64_t length_ms = COUNT - i;
        assert_int_equal(sb_hub_timers_add(&timers, &timer[i], (1000 + length_ms) * MS, length_ms * MS), 0);
    }
    assert_int_equal(timers.claimed, SB_HUB_TIMER_LANES);
    for (size_t i = 0; i < COUNT; i++) {
        sb_hub_timer *due = sb_hub_timers_take_due(&timers, 2000 * MS);
        if (due != &timer[COUNT - 1 - i])
            fail_msg("fired %zu-th: the timer set %ld-th, not the %zu-th", i, due ? (long)(due - timer) : -1L,
                     COUNT - 1 - i);
    }
    assert_null(sb_hub_timers_take_due(&timers, 2000 * MS));
    sb_hub_timers_clear(&timers);
}

static uint64_t slept_ns;

static void sleep_and_measure(void *ns)
{
    uint64_t start = sb_clock_ns();
    sb_hub_sleep_ns(hub, *(const uint64_t *)ns);
    slept_ns = sb_clock_ns() - start;
}

static void a_sleep_lasts_at_least_its_duration(void **state)
{
    (void)state;
    static const uint64_t duration = 2 * MS;
    assert_int_equal(sb_hub_spawn(hub, sleep_and_measure, (void *)&duration), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    assert_true(slept_ns >= duration);
}

enum { READER = 1, WRITER = 2 };

typedef struct pipe_pair {
    int fds[2];
    int revents;
    char received;
} pipe_pair;

static void read_when_ready(void *arg)
{
    pipe_pair *p = arg;
    p->revents = sb_hub_wait_fd(hub, p->fds[0], POLLIN);
    record(READER);
    if (p->revents > 0 && read(p->fds[0], &p->received, 1) != 1)
        p->received = 0;
}

static void write_after_a_while(void *arg)
{
    pipe_pair *p = arg;
    sb_hub_sleep_ns(hub, 1 * MS);
    record(WRITER);
    if (write(p->fds[1], "x", 1) != 1)
        record(0);
}

static void a_reader_wakes_when_another_coroutine_writes(void **state)
{
    (void)state;
    event_count = 0;
    pipe_pair p = {0};
    assert_int_equal(pipe(p.fds), 0);
    assert_int_equal(sb_hub_spawn(hub, read_when_ready, &p), 0);
    assert_int_equal(sb_hub_spawn(hub, write_after_a_while, &p), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    assert_true(p.revents & POLLIN);
    assert_int_equal(p.received, 'x');
    assert_int_equal(event_count, 2);
    assert_int_equal(events[0], WRITER);
    assert_int_equal(events[1], READER);
    assert_int_equal(sb_hub_get_stats(hub).fd_waits, 1);
    close(p.fds[0]);
    close(p.fds[1]);
}

static void wait_on_closed(void *fd)
{
    errno = 0;
    int ready = sb_hub_wait_fd(hub, *(int *)fd, POLLIN);
    *(int *)fd = ready < 0 ? errno : 0;
}

static void a_wait_on_a_closed_descriptor_fails(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    close(fds[0]);
    close(fds[1]);
    int fd = fds[0];
    assert_int_equal(sb_hub_spawn(hub, wait_on_closed, &fd), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    assert_int_equal(fd, EBADF);
}

static void sleep_until_shared_deadline(void *deadline_ns)
{
    sb_hub_sleep_until_ns(hub, *(const uint64_t *)deadline_ns);
}

/* All of them park before any timer is looked at, so they are all parked at
 * once; and one deadline for all makes one wake enough for all. */
static void concurrent_sleeps_on_one_thread(unsigned count)
{
    uint64_t deadline = sb_clock_ns() + 10 * MS;
    for (unsigned i = 0; i < count; i++)
        assert_int_equal(sb_hub_spawn(hub, sleep_until_shared_deadline, &deadline), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    sb_hub_stats stats = sb_hub_get_stats(hub);
    assert_int_equal(stats.finished, count);
    assert_int_equal(stats.sleeps, count);
    assert_int_equal(stats.most_parked, count);
    assert_true(stats.kernel_waits <= 1);
}

/* ThreadSanitizer counts each coroutine as a thread (a fiber, to it) and
 * holds at most 8128 at once: under it the model tests' thousand stand in. */
static void ten_thousand_concurrent_sleeps_on_one_thread(void **state)
{
    (void)state;
#ifdef __SANITIZE_THREAD__
    skip();
#endif
    concurrent_sleeps_on_one_thread(10000);
}

static void a_hundred_thousand_concurrent_sleeps_on_one_thread(void **state)
{
    (void)state;
#ifdef __SANITIZE_THREAD__
    skip();
#endif
    concurrent_sleeps_on_one_thread(100000);
}

/* The stacks the waiters family gives its coroutines: a sleeper uses about
 * a third of a kilobyte; the sanitizers' frames take more. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
enum { SMALL_STACK = 16 * 1024 };
#else
enum { SMALL_STACK = 1024 };
#endif

static void nothing(void *arg)
{
    (void)arg;
}

static void sleep_ten_ms(void *arg)
{
    (void)arg;
    sb_task_sleep_ns(10 * MS);
}

static void a_hundred_thousand_sleepers_fit_in_a_kilobyte_each(void **state)
{
    (void)state;
#ifdef __SANITIZE_THREAD__
    skip();
#endif
    enum { COUNT = 100000 };
    sb_hub *small_hub = sb_hub_create(backend, SMALL_STACK);
    assert_non_null(small_hub);
    for (unsigned i = 0; i < COUNT; i++)
        assert_int_equal(sb_hub_spawn(small_hub, sleep_ten_ms, NULL), 0);
    assert_int_equal(sb_hub_join_all(small_hub), 0);
    sb_hub_stats stats = sb_hub_get_stats(small_hub);
    assert_int_equal(stats.finished, COUNT);
    assert_int_equal(stats.most_parked, COUNT);
    sb_hub_destroy(small_hub);
    sb_coro_stack_pool_trim_thread();
}

/* Where each coroutine's frame was, for comparing two rounds. */
static void *frames_seen[1000];
static unsigned frames_count;

static void note_frame_then_sleep(void *arg)
{
    (void)arg;
    frames_seen[frames_count++] = __builtin_frame_address(0);
    sb_task_sleep_ns(MS);
}

static int by_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;
    return (x > y) - (x < y);
}

/* One round of as many coroutines as frames_seen holds, on a hub of its
 * own; the frames they ran on, sorted, in `frames`. */
static void round_on_a_new_hub(size_t stack_size, void **frames)
{
    sb_hub *round_hub = sb_hub_create(backend, stack_size);
    assert_non_null(round_hub);
    frames_count = 0;
    for (unsigned i = 0; i < 1000; i++)
        assert_int_equal(sb_hub_spawn(round_hub, note_frame_then_sleep, NULL), 0);
    assert_int_equal(sb_hub_join_all(round_hub), 0);
    sb_hub_destroy(round_hub);
    assert_int_equal(frames_count, 1000);
    memcpy(frames, frames_seen, sizeof frames_seen);
    qsort(frames, 1000, sizeof frames[0], by_address);
}

/* A second hub on the thread runs its coroutines where the first ran its
 * own: the stacks, and the coroutines' state on them, were kept. */
static void stacks_are_reused_from_one_hub_to_the_next(void **state)
{
    (void)state;
    static void *first[1000], *second[1000];
    /* A size of its own, so the round starts from a pool of its own. */
    size_t stack_size = SMALL_STACK + 192;
    round_on_a_new_hub(stack_size, first);
    round_on_a_new_hub(stack_size, second);
    assert_memory_equal(first, second, sizeof first);
    sb_coro_stack_pool_trim_thread();
}

static void sleep_an_hour(void *arg)
{
    (void)arg;
    sb_task_sleep_ns(3600ull * 1000 * MS);
}

/* Destroyed with coroutines parked, a hub gives every stack back: the next
 * takes them all again before a fresh one (and AddressSanitizer sees
 * nothing leak). */
static void a_hub_destroyed_with_sleepers_parked_gives_their_stacks_back(void **state)
{
    (void)state;
    enum { SLEEPERS = 100 };
    size_t stack_size = SMALL_STACK + 320;
    sb_hub *parked_hub = sb_hub_create(backend, stack_size);
    assert_non_null(parked_hub);
    for (unsigned i = 0; i < SLEEPERS; i++)
        assert_int_equal(sb_hub_spawn(parked_hub, sleep_an_hour, NULL), 0);
    assert_int_equal(sb_hub_spawn(parked_hub, nothing, NULL), 0);
    void *arg;
    assert_int_equal(sb_hub_join_any(parked_hub, &arg), 0);
    assert_int_equal(sb_hub_get_stats(parked_hub).most_parked, SLEEPERS);
    sb_hub_destroy(parked_hub);

    sb_coro_stack_pool *pool = sb_coro_stack_pool_of_thread(stack_size);
    static sb_coro_stack stacks[SLEEPERS + 1];
    for (unsigned s = 0; s <= SLEEPERS; s++)
        assert_int_equal(sb_coro_stack_pool_take(pool, &stacks[s]), 0);
    assert_int_equal(sb_coro_stack_pool_take(pool, &stacks[0]), 1);
    sb_coro_stack_pool_give(pool, &stacks[0]);
    for (unsigned s = 0; s <= SLEEPERS; s++)
        sb_coro_stack_pool_give(pool, &stacks[s]);
    sb_coro_stack_pool_trim_thread();
}

/* Writes a frame as large as the whole stack it runs on. */
static __attribute__((noinline)) unsigned fill_frame(size_t bytes)
{
    volatile char frame[bytes];
    for (size_t b = 0; b < bytes; b++)
        frame[b] = (char)b;
    return (unsigned)frame[bytes / 2];
}

static size_t overrun_stack_size; /* as the pool rounded it */

static void overrun(void *arg)
{
    *(unsigned *)arg = fill_frame(overrun_stack_size);
}

/* The first coroutine is done, and its stack given back, before the second
 * runs past the end of its own, onto the first's: the hub notices once the
 * second is back, and stops the process with its reason rather than run
 * on with memory it cannot trust. */
static void a_coroutine_that_overruns_its_stack_stops_the_process_with_the_reason(void **state)
{
    (void)state;
    int err[2];
    assert_int_equal(pipe(err), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
        dup2(err[1], STDERR_FILENO);
        /* A size of its own: the two stacks are the first two of a fresh
         * slab, the second just above the first. */
        sb_hub *doomed = sb_hub_create(backend, SMALL_STACK + 448);
        overrun_stack_size = sb_coro_stack_pool_stack_size(sb_coro_stack_pool_of_thread(SMALL_STACK + 448));
        unsigned sink;
        if (doomed && sb_hub_spawn(doomed, nothing, NULL) == 0 && sb_hub_spawn(doomed, overrun, &sink) == 0)
            sb_hub_join_all(doomed);
        _exit(0);
    }
    close(err[1]);
    char said[1024] = "";
    size_t length = 0;
    for (ssize_t got; (got = read(err[0], said + length, sizeof said - 1 - length)) > 0;)
        length += (size_t)got;
    close(err[0]);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    if (!WIFSIGNALED(status))
        print_message("the child ended otherwise, having said: %s\n", said);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(said, "ran past the end of its"));
}

static int hooked_revents;

/* A workload task and a plain descriptor wait, unaware of the hub. */
static void run_unaware_code(void *arg)
{
    pipe_pair *p = arg;
    uint64_t result = sb_workload_timer.run(1 * MS, 7);
    record(result == (7 ^ (uint64_t)MS));
    hooked_revents = sb_task_wait_fd(p->fds[1], POLLOUT);
    sb_task_checkpoint();
}

static void the_task_hooks_park_the_workloads_while_the_hub_runs(void **state)
{
    (void)state;
    event_count = 0;
    pipe_pair p = {0};
    assert_int_equal(pipe(p.fds), 0);
    assert_int_equal(sb_hub_spawn(hub, run_unaware_code, &p), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    assert_int_equal(event_count, 1);
    assert_int_equal(events[0], 1);
    assert_true(hooked_revents & POLLOUT);
    sb_hub_stats stats = sb_hub_get_stats(hub);
    assert_int_equal(stats.sleeps, 1);
    assert_int_equal(stats.fd_waits, 1);
    /* Outside a run the thread has its own hooks back: none. */
    assert_null(sb_task_hooks_install(NULL));
    close(p.fds[0]);
    close(p.fds[1]);
}

static sb_job timer_job(unsigned tasks, unsigned workers, sb_placement *placement)
{
    return (sb_job){.workload = &sb_workload_timer, .size = 1 * MS, .tasks = tasks, .workers = workers,
                    .placement = placement};
}

static void check_every_task_ran_once(const sb_job *job, const sb_task_record *records)
{
    for (unsigned t = 0; t < job->tasks; t++) {
        assert_int_equal(records[t].runs, 1);
        assert_int_equal(records[t].result, t ^ job->size);
    }
}

/* A thread per task blocks N times for N sleeping tasks. The hub blocks
 * once for all the sleeps due when it wakes: the N deadlines lie as far
 * apart as starting a coroutine takes (no system call), far closer than a
 * wake takes (a block, two system calls), and a machine slow enough to start
 * them all after the first is due blocks not at all. */
static void the_coroutine_model_parks_timer_tasks_on_the_hub(void **state)
{
    (void)state;
    enum { TASKS = 1000 };
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, TASKS);
    assert_non_null(placement);
    sb_job job = timer_job(TASKS, TASKS, placement);
    sb_task_record *records = calloc(TASKS, sizeof *records);
    assert_non_null(records);
    sb_hub_stats stats;
    assert_int_equal(sb_coroutine_model_run(&job, records, backend, &stats), 0);
    check_every_task_ran_once(&job, records);
    assert_int_equal(stats.sleeps, TASKS);
    assert_int_equal(stats.most_parked, TASKS);
    assert_true(stats.kernel_waits < TASKS / 2);
    free(records);
    sb_placement_free(placement);
}

static void the_coroutine_model_keeps_at_most_workers_alive(void **state)
{
    (void)state;
    enum { TASKS = 40, WORKERS = 7 };
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, WORKERS);
    assert_non_null(placement);
    sb_job job = timer_job(TASKS, WORKERS, placement);
    sb_task_record records[TASKS] = {0};
    sb_hub_stats stats;
    assert_int_equal(sb_coroutine_model_run(&job, records, backend, &stats), 0);
    check_every_task_ran_once(&job, records);
    assert_int_equal(stats.spawned, TASKS);
    assert_int_equal(stats.most_parked, WORKERS);
    sb_placement_free(placement);
}

static sb_coro *outside;

static void switch_away_by_hand(void *arg)
{
    (void)arg;
    sb_coro_switch(outside, NULL);
}

static void wait_forever(void *fd)
{
    sb_hub_wait_fd(hub, *(int *)fd, POLLIN);
}

static int join_result;

static void join_from_inside(void *arg)
{
    (void)arg;
    join_result = sb_hub_join_all(hub);
}

static void misuse_is_refused(void **state)
{
    (void)state;
    assert_int_equal(sb_hub_sleep_ns(hub, 1), -1);
    assert_error_mentions("only a coroutine of the hub");
    assert_int_equal(sb_hub_wait_fd(hub, 0, POLLIN), -1);
    assert_int_equal(sb_hub_spawn(hub, NULL, NULL), -1);
    void *arg;
    assert_int_equal(sb_hub_join_any(hub, &arg), -1);
    assert_error_mentions("no coroutine");

    assert_int_equal(sb_hub_spawn(hub, join_from_inside, NULL), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    assert_int_equal(join_result, -1);

    /* A coroutine that leaves the hub by a switch of its own is suspended
     * with nothing to wake it: the join says so instead of waiting forever. */
    outside = sb_coro_current();
    assert_int_equal(sb_hub_spawn(hub, switch_away_by_hand, NULL), 0);
    assert_int_equal(sb_hub_join_all(hub), -1);
    assert_error_mentions("nothing to wake them");
}

static void join_any_reports_each_finished_coroutine_once(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    int first = 1, second = 2;
    assert_int_equal(sb_hub_spawn(hub, wait_forever, &fds[0]), 0);
    assert_int_equal(sb_hub_spawn(hub, nothing, &first), 0);
    assert_int_equal(sb_hub_spawn(hub, nothing, &second), 0);
    void *arg = NULL;
    assert_int_equal(sb_hub_join_any(hub, &arg), 0);
    assert_ptr_equal(arg, &first);
    assert_int_equal(sb_hub_join_any(hub, &arg), 0);
    assert_ptr_equal(arg, &second);
    /* The waiter is still parked on the pipe; destroying the hub frees it. */
    assert_int_equal(sb_hub_get_stats(hub).finished, 2);
    close(fds[0]);
    close(fds[1]);
}

/* Where a coroutine's frame is: on its stack, the same place for every
 * coroutine that starts on the same stack. */
static void note_frame(void *where)
{
    *(void **)where = __builtin_frame_address(0);
}

/* Coroutines one after another, each spawned once the last has finished:
 * the finished one's stack went back to the pool, which hands out the stack
 * given back last first, so every one runs on the same stack. */
static void a_finished_coroutines_stack_is_reused_by_the_next(void **state)
{
    (void)state;
    void *frames[3] = {NULL};
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(sb_hub_spawn(hub, note_frame, &frames[i]), 0);
        void *arg = NULL;
        assert_int_equal(sb_hub_join_any(hub, &arg), 0);
        assert_ptr_equal(arg, &frames[i]);
    }
    assert_non_null(frames[0]);
    assert_ptr_equal(frames[1], frames[0]);
    assert_ptr_equal(frames[2], frames[0]);
}

enum { YIELDS = 100 };

typedef struct starver {
    int fd;
    bool read_ready;
    unsigned yields_before; /* the yielder's yields before the reader ran */
} starver;

static void read_ready_pipe(void *arg)
{
    starver *s = arg;
    s->read_ready = sb_hub_wait_fd(hub, s->fd, POLLIN) == POLLIN;
}

/* Never idle: sleep(0) makes it runnable again at once. */
static void keep_yielding(void *arg)
{
    starver *s = arg;
    for (s->yields_before = 0; s->yields_before < YIELDS && !s->read_ready; s->yields_before++)
        sb_hub_sleep_ns(hub, 0);
}

/* The reader's descriptor is ready before the hub starts, yet another
 * coroutine is always runnable: the hub must look at descriptors anyway,
 * without blocking, or the reader starves. Counted in the yielder's turns,
 * not in time: the reader runs after its first or second yield. */
static void a_ready_descriptor_is_noticed_while_others_keep_yielding(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "x", 1), 1);
    starver s = {.fd = fds[0]};
    assert_int_equal(sb_hub_spawn(hub, read_ready_pipe, &s), 0);
    assert_int_equal(sb_hub_spawn(hub, keep_yielding, &s), 0);
    assert_int_equal(sb_hub_join_all(hub), 0);
    close(fds[0]);
    close(fds[1]);
    assert_true(s.read_ready);
    assert_true(s.yields_before <= 2);
}

static void backends_are_named_and_io_uring_preferred(void **state)
{
    (void)state;
    assert_string_equal(sb_hub_backend_name(SB_HUB_EPOLL), "epoll");
    assert_string_equal(sb_hub_backend_name(SB_HUB_IO_URING), "io_uring");
    assert_true(sb_hub_backend_available(SB_HUB_EPOLL));
    assert_int_equal(sb_hub_backend_default(),
                     sb_hub_backend_available(SB_HUB_IO_URING) ? SB_HUB_IO_URING : SB_HUB_EPOLL);
}

#define hub_test(test) cmocka_unit_test_setup_teardown(test, create_hub, destroy_hub)

int main(void)
{
    const struct CMUnitTest tests[] = {
        hub_test(spawned_coroutines_all_run_to_completion),
        hub_test(timers_fire_in_deadline_order_and_ties_in_the_order_set),
        cmocka_unit_test(lane_and_heap_timers_come_out_earliest_first),
        cmocka_unit_test(a_sleep_due_before_its_lanes_last_fires_in_order),
        cmocka_unit_test(more_lengths_than_lanes_still_fire_in_order),
        hub_test(a_sleep_lasts_at_least_its_duration),
        hub_test(a_reader_wakes_when_another_coroutine_writes),
        hub_test(a_wait_on_a_closed_descriptor_fails),
        hub_test(ten_thousand_concurrent_sleeps_on_one_thread),
        hub_test(a_hundred_thousand_concurrent_sleeps_on_one_thread),
        cmocka_unit_test(a_hundred_thousand_sleepers_fit_in_a_kilobyte_each),
        cmocka_unit_test(stacks_are_reused_from_one_hub_to_the_next),
        cmocka_unit_test(a_hub_destroyed_with_sleepers_parked_gives_their_stacks_back),
        cmocka_unit_test(a_coroutine_that_overruns_its_stack_stops_the_process_with_the_reason),
        hub_test(the_task_hooks_park_the_workloads_while_the_hub_runs),
        hub_test(misuse_is_refused),
        hub_test(join_any_reports_each_finished_coroutine_once),
        hub_test(a_finished_coroutines_stack_is_reused_by_the_next),
        hub_test(a_ready_descriptor_is_noticed_while_others_keep_yielding),
        cmocka_unit_test(the_coroutine_model_parks_timer_tasks_on_the_hub),
        cmocka_unit_test(the_coroutine_model_keeps_at_most_workers_alive),
        cmocka_unit_test(backends_are_named_and_io_uring_preferred),
    };
    int failed = 0;
    for (backend = 0; backend < SB_HUB_BACKEND_COUNT; backend++) {
        if (!sb_hub_backend_available(backend)) {
            sb_hub_destroy(sb_hub_create(backend, STACK_SIZE));
            printf("[  SKIPPED ] the %s backend: %s\n", sb_hub_backend_name(backend), sb_last_error());
            continue;
        }
        failed += cmocka_run_group_tests_name(sb_hub_backend_name(backend), tests, open_topology,
                                              close_topology);
    }
    return failed;
}
