/* scaling_plan: the worker counts of each kind of curve (--max-coroutines
 * only for coroutines that only wait), which points a budget may cut,
 * where a model that
 * starts processes stops and says why (on either side of the half second a
 * job may spend starting them), what each model's job pays to start, how many
 * tasks a job gets (on either side of each cap), how many descriptors a
 * curve leaves free (one fewer for each held open, none under the 64 kept
 * free, and a count filling them exactly still runs), memory counted from
 * what is available,
 * that threads and processes stop where task ids or memory run out (on a
 * machine that tests/proc_fixture.h makes), at fixed prices
 * on this machine's PU count; and that each unit's price is the median of
 * its lives, timed by a stand-in clock (the lifecycle and the clock are
 * wrapped at link time, see tests/CMakeLists.txt). */
#include "scaling_plan.h"

#include "base/capacity.h"
#include "base/clock.h"
#include "probes/lifecycle.h"
#include "topology_fixture.h"

#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "near.h"
#include "proc_fixture.h"

/* A thread 20 us, a process 1 ms, a coroutine 1 us. */
static const sb_scaling_costs costs = {.unit_s = {
    [SB_MODEL_UNIT_NONE] = 0,
    [SB_MODEL_UNIT_THREAD] = 20e-6,
    [SB_MODEL_UNIT_PROCESS] = 1e-3,
    [SB_MODEL_UNIT_COROUTINE] = 1e-6,
}};

static sb_suite suite_of_defaults(void)
{
    return (sb_suite){.topology = topology, .max_workers = 1024, .max_coroutines = 10000, .tasks_per_worker = 4,
                      .task_ns = 1000000};
}

static unsigned pus(void)
{
    return sb_topology_count(topology, HWLOC_OBJ_PU);
}

static void assert_says(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("\"%s\" does not say \"%s\"", text, part);
}

static bool has(const sb_scaling_axis *axis, int64_t workers)
{
    for (size_t i = 0; i < axis->count; i++)
        if (axis->workers[i] == workers)
            return true;
    return false;
}

static void cpu_bound_curves_go_to_four_times_the_pus(void **state)
{
    (void)state;
    sb_suite suite = suite_of_defaults();
    sb_scaling_axis axis;
    sb_scaling_axis_plan(&suite, &costs, &(sb_scaling_curve){&sb_model_thread, SB_WORKLOAD_CPU, SB_PLACE_NONE, 1000000, 0, false, 100},
                         &axis);
    assert_int_equal(axis.workers[0], 1);
    assert_int_equal(axis.workers[axis.count - 1], 4 * pus());
    assert_true(has(&axis, pus()));
    for (size_t i = 1; i < axis.count; i++)
        assert_true(axis.workers[i] > axis.workers[i - 1]);
    assert_string_equal(axis.stop, "");
}

static void no_count_passes_max_workers_below_the_pus(void **state)
{
    (void)state;
    sb_suite suite = suite_of_defaults();
    suite.max_workers = 1;
    sb_scaling_axis axis;
    sb_scaling_axis_plan(&suite, &costs, &(sb_scaling_curve){&sb_model_thread, SB_WORKLOAD_CPU, SB_PLACE_NONE, 1000000, 0, false, 100},
                         &axis);
    /* The PU count is a point only up to the largest count. */
    assert_int_equal(axis.count, 1);
    assert_int_equal(axis.workers[0], 1);
}

static void io_bound_curves_go_log_spaced_to_the_largest_count(void **state)
{
    (void)state;
    sb_suite suite = suite_of_defaults();
    sb_scaling_axis axis;
    sb_scaling_axis_plan(&suite, &costs, &(sb_scaling_curve){&sb_model_pool, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0},
                         &axis);
    int64_t expected[] = {1, 2, 4, 8, 16, 64, 256, 1024};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
        assert_true(has(&axis, expected[i]));
    assert_true(has(&axis, pus()));
    assert_int_equal(axis.workers[axis.count - 1], 1024);
    assert_string_equal(axis.stop, "");

    /* Coroutines go further on work that only waits; on work that computes
     * or blocks, coroutines and GIL threads stop at 4 x PUs, as a pinned
     * curve does. */
    sb_scaling_axis_plan(&suite, &costs,
                         &(sb_scaling_curve){&sb_model_coroutine, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, true, 0}, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 10000);
    assert_true(has(&axis, 4096));
    sb_scaling_axis_plan(&suite, &costs,
                         &(sb_scaling_curve){&sb_model_coroutine, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0}, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 4 * pus());
    sb_scaling_axis_plan(&suite, &costs,
                         &(sb_scaling_curve){&sb_model_gil, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0}, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 4 * pus());
    sb_scaling_axis_plan(&suite, &costs,
                         &(sb_scaling_curve){&sb_model_gil, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, true, 0}, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 1024);
    sb_scaling_axis_plan(&suite, &costs,
                         &(sb_scaling_curve){&sb_model_thread, SB_WORKLOAD_IO, SB_PLACE_COMPACT, 1000000, 0, false, 0}, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 4 * pus());
}

/* --max-coroutines reaches only curves of coroutines that only wait: one
 * on work that computes stops at --max-workers, below 4 x PUs as above it. */
static void a_coroutine_curve_that_computes_stops_at_the_max_workers(void **state)
{
    (void)state;
    sb_suite suite = suite_of_defaults();
    suite.max_workers = 2;
    sb_scaling_axis axis;
    sb_scaling_axis_plan(&suite, &costs,
                         &(sb_scaling_curve){&sb_model_coroutine, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0}, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 2);
}

/* What a budget may cut, on 2 PUs: never 1, the PUs, 4 x PUs or the end;
 * of the rest, every second point first. */
static void a_budget_spares_the_points_the_claims_read(void **state)
{
    (void)state;
    static const int64_t points[] = {1, 2, 4, 8, 16, 32, 64};
    static const unsigned spare[] = {0, 0, 1, 0, 1, 2, 0};
    for (size_t i = 0; i < sizeof points / sizeof *points; i++)
        if (sb_scaling_spare(2, points, sizeof points / sizeof *points, points[i]) != spare[i])
            fail_msg("%lld workers: spare %u, not %u", (long long)points[i],
                     sb_scaling_spare(2, points, sizeof points / sizeof *points, points[i]), spare[i]);
}

static void a_process_per_task_stops_where_forking_would_take_the_job(void **state)
{
    (void)state;
    sb_suite suite = suite_of_defaults();
    sb_scaling_axis axis;
    sb_scaling_curve curve = {&sb_model_process, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0};
    sb_scaling_axis_plan(&suite, &costs, &curve, &axis);
    /* 4 tasks a worker at 1 ms a fork: 64 workers fork for 0.26 s, 256 for
     * 1.02 s, past the half second a job may spend. */
    assert_int_equal(axis.workers[axis.count - 1], 64);
    assert_non_null(strstr(axis.stop, "stops at 64 of 1024 workers"));
    assert_non_null(strstr(axis.stop, "starting processes at 1 ms each"));
    assert_true(sb_scaling_fixed_s(&costs, &sb_model_process, 64, 256) < 0.5);
}

/* The plan of an IO curve of a process per task, forks priced so that its
 * largest job (1,024 workers, 4 tasks each) spends `fixed_s` forking. */
static void plan_forks_costing(double fixed_s, sb_scaling_axis *axis)
{
    sb_suite suite = suite_of_defaults();
    sb_scaling_costs priced = costs;
    priced.unit_s[SB_MODEL_UNIT_PROCESS] = fixed_s / (4 * 1024);
    sb_scaling_curve curve = {&sb_model_process, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0};
    sb_scaling_axis_plan(&suite, &priced, &curve, axis);
}

/* Half a second of starts is the most a job may spend: just under it the
 * curve goes on, just over it (and under a second) it stops and says so. */
static void a_job_may_spend_up_to_half_a_second_starting_what_it_runs(void **state)
{
    (void)state;
    sb_scaling_axis axis;
    plan_forks_costing(0.45, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 1024);
    assert_string_equal(axis.stop, "");

    plan_forks_costing(0.55, &axis);
    assert_int_equal(axis.workers[axis.count - 1], 256);
    assert_says(axis.stop, "stops at 256 of 1024 workers: a job of 1024 workers and 4096 tasks would spend 550 ms");
    assert_says(axis.stop, "(over 0.5 s)");
}

/* Each model's job pays for the units it starts: per task for the thread,
 * process, coroutine and GIL models, per worker for the two pools, nothing
 * for seq. */
static void a_job_pays_to_start_what_its_model_starts(void **state)
{
    (void)state;
    enum { WORKERS = 3, TASKS = 5 };
    static const struct {
        const sb_model *model;
        double fixed_s;
    } expected[] = {
        {&sb_model_seq, 0},
        {&sb_model_thread, TASKS * 20e-6},
        {&sb_model_process, TASKS * 1e-3},
        {&sb_model_pool, WORKERS * 20e-6},
        {&sb_model_process_pool, WORKERS * 1e-3},
        {&sb_model_coroutine, TASKS * 1e-6},
        {&sb_model_gil, TASKS * 20e-6},
    };
    size_t models = 0;
    for (const sb_model *const *m = sb_models; *m; m++, models++) {
        size_t e = 0;
        while (e < sizeof expected / sizeof *expected && expected[e].model != *m)
            e++;
        if (e == sizeof expected / sizeof *expected)
            fail_msg("the %s model has no expected start cost here", (*m)->name);
        double fixed_s = sb_scaling_fixed_s(&costs, *m, WORKERS, TASKS);
        if (fabs(fixed_s - expected[e].fixed_s) > 1e-12)
            fail_msg("%s: %g s to start a job of %d workers and %d tasks, not %g s", (*m)->name, fixed_s, WORKERS,
                     TASKS, expected[e].fixed_s);
    }
    assert_int_equal(models, sizeof expected / sizeof *expected);
    /* The pool's 16 thread starts (320 us) are 5% of 103 tasks of 1 ms
     * spread over 16 workers, more than its 4 a worker. */
    sb_suite suite = suite_of_defaults();
    sb_scaling_curve pool = {&sb_model_pool, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0};
    assert_int_equal(sb_scaling_tasks(&suite, &costs, &pool, 16), 103);
}

static void a_job_has_tasks_enough_to_hide_its_workers_start(void **state)
{
    (void)state;
    sb_suite suite = suite_of_defaults();
    sb_scaling_curve per_task = {&sb_model_thread, SB_WORKLOAD_CPU, SB_PLACE_NONE, 1000000, 0, false, 100};
    sb_scaling_curve per_job = {&sb_model_process_pool, SB_WORKLOAD_CPU, SB_PLACE_NONE, 1000000, 0, false, 100};
    /* Nothing started per job: 4 a worker. */
    assert_int_equal(sb_scaling_tasks(&suite, &costs, &per_task, 3), 12);
    /* One worker's start is 1 ms: 5% of a job of 20 ms, 20 tasks of 1 ms. */
    assert_int_equal(sb_scaling_tasks(&suite, &costs, &per_job, 1), 20);
    unsigned tasks = sb_scaling_tasks(&suite, &costs, &per_job, 2);
    double start_s = sb_scaling_fixed_s(&costs, &sb_model_process_pool, 2, tasks);
    unsigned at_once = pus() < 2 ? pus() : 2;
    assert_true(start_s <= SB_SCALING_FIXED_SHARE * tasks * 1e-3 / at_once + 1e-12);
    /* Where that would take too many, at most 64 a worker. */
    sb_scaling_curve far = {&sb_model_process_pool, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0};
    assert_int_equal(sb_scaling_tasks(&suite, &costs, &far, 16), 64 * 16);
}

/* Past its starts, a job takes its tasks' time over its workers, and no
 * less than their computing over the PUs: 256 tasks of 1 ms with 64
 * workers on 2 PUs take 4 ms when they only wait, 64 ms when half of each
 * computes, 256 ms on one worker or one at a time. */
static void a_job_waits_over_its_workers_and_computes_over_the_pus(void **state)
{
    (void)state;
    const struct {
        const sb_model *model;
        unsigned computing_percent, workers;
        double expected_s;
    } jobs[] = {
        {&sb_model_thread, 0, 64, 0.004},
        {&sb_model_thread, 50, 64, 0.064},
        {&sb_model_thread, 100, 64, 0.128},
        {&sb_model_thread, 50, 1, 0.256},
        {&sb_model_gil, 50, 64, 0.256},
    };
    for (size_t j = 0; j < sizeof jobs / sizeof *jobs; j++) {
        sb_scaling_curve curve = {jobs[j].model, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false,
                                  jobs[j].computing_percent};
        double fixed_s = sb_scaling_fixed_s(&costs, jobs[j].model, jobs[j].workers, 256);
        double job_s = sb_scaling_job_s(2, &costs, &curve, jobs[j].workers, 256);
        if (fabs(job_s - fixed_s - jobs[j].expected_s) > 1e-9)
            fail_msg("%s, %u%% computing, %u workers: %g s past the starts, not %g s", jobs[j].model->name,
                     jobs[j].computing_percent, jobs[j].workers, job_s - fixed_s, jobs[j].expected_s);
    }
}

/* The tasks of a 100-worker process pool job of 1 ms tasks that all wait at
 * once, its workers starting at `start_s` each: 20,000 x 100^2 x start_s
 * are needed to hide the start. */
static unsigned tasks_of_100_workers_starting_in(double start_s)
{
    sb_suite suite = suite_of_defaults();
    sb_scaling_costs priced = costs;
    priced.unit_s[SB_MODEL_UNIT_PROCESS] = start_s;
    sb_scaling_curve far = {&sb_model_process_pool, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0};
    return sb_scaling_tasks(&suite, &priced, &far, 100);
}

/* Past 64 workers the cap is 4,096 tasks in all: under it a job gets the
 * tasks it needs (3,000), over it (5,000) the cap. */
static void a_job_has_at_most_4096_tasks(void **state)
{
    (void)state;
    assert_in_range(tasks_of_100_workers_starting_in(15e-6), 3000, 3001);
    assert_int_equal(tasks_of_100_workers_starting_in(25e-6), 4096);
}

/* The coroutine curve of an IO-bound workload (two descriptors a task)
 * planned under RLIMIT_NOFILE lowered to `limit`, then put back. */
static sb_scaling_axis coroutine_axis_under_descriptor_limit(rlim_t limit)
{
    struct rlimit saved, lowered;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
    lowered = (struct rlimit){.rlim_cur = limit, .rlim_max = saved.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    sb_suite suite = suite_of_defaults();
    sb_scaling_axis axis;
    sb_scaling_axis_plan(&suite, &costs,
                         &(sb_scaling_curve){&sb_model_coroutine, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 2, true, 0}, &axis);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
    return axis;
}

static void a_curve_stops_where_its_tasks_run_out_of_descriptors(void **state)
{
    (void)state;
    /* Two a task, under 1,024 less a tenth kept free: some 450 at once. */
    sb_scaling_axis axis = coroutine_axis_under_descriptor_limit(1024);
    assert_int_equal(axis.workers[axis.count - 1], 256);
    assert_says(axis.stop, "1024 tasks at once do not fit: RLIMIT_NOFILE, less the descriptors kept free, is 922 with");
}

/* Under 640 descriptors a tenth is fewer than 64, and 64 are kept free. */
static void a_curve_keeps_at_least_64_descriptors_free(void **state)
{
    (void)state;
    /* Two a task, under 256 less 64: some 90 at once. */
    sb_scaling_axis axis = coroutine_axis_under_descriptor_limit(256);
    assert_int_equal(axis.workers[axis.count - 1], 64);
    assert_says(axis.stop, "256 tasks at once do not fit: RLIMIT_NOFILE, less the descriptors kept free, is 192 with");
}

/* A count whose tasks fill exactly the descriptors left still runs: under
 * the lowest limit where 256 tasks of two descriptors fit, the curve runs
 * 256 and stops at the next count. */
/* The room for tasks of `each` descriptors under RLIMIT_NOFILE lowered to
 * `limit`, then put back. */
static unsigned long descriptor_room_under(rlim_t limit, unsigned each)
{
    struct rlimit saved, lowered;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
    lowered = (struct rlimit){.rlim_cur = limit, .rlim_max = saved.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    unsigned long room = sb_capacity_descriptors(each).count;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
    return room;
}

/* Under no more descriptors than are kept free, none is left: the limit
 * less them is 0. */
static void under_64_descriptors_none_is_left(void **state)
{
    (void)state;
    struct rlimit saved, lowered;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
    lowered = (struct rlimit){.rlim_cur = 64, .rlim_max = saved.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    sb_capacity descriptors = sb_capacity_descriptors(1);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
    assert_int_equal(descriptors.count, 0);
    assert_says(descriptors.reason, "RLIMIT_NOFILE, less the descriptors kept free, is 0 with");
}

/* Memory is counted from what the kernel says is available (every Linux
 * since 3.14 gives MemAvailable), or the cgroup's free memory.max. */
static void memory_is_counted_from_what_is_available(void **state)
{
    (void)state;
    sb_capacity memory = sb_capacity_memory(1 << 20);
    assert_says(memory.reason, "half of ");
    assert_true(memory.count < ULONG_MAX);
}

/* Each descriptor this process holds open is one fewer left. */
static void each_descriptor_held_open_leaves_one_fewer(void **state)
{
    (void)state;
    enum { HELD = 8 };
    unsigned long before = descriptor_room_under(1024, 1);
    int held[HELD];
    for (size_t i = 0; i < HELD; i++)
        assert_true((held[i] = open("/dev/null", O_RDONLY)) >= 0);
    unsigned long after = descriptor_room_under(1024, 1);
    for (size_t i = 0; i < HELD; i++)
        close(held[i]);
    assert_int_equal(after, before - HELD);
}

static void a_count_that_fills_the_descriptors_left_runs(void **state)
{
    (void)state;
    rlim_t limit = 512; /* room for some 220 */
    while (descriptor_room_under(limit, 2) < 256)
        limit++;
    sb_scaling_axis axis = coroutine_axis_under_descriptor_limit(limit);
    assert_int_equal(axis.workers[axis.count - 1], 256);
    assert_says(axis.stop, "stops at 256 of 10000 workers: 1024 tasks at once do not fit");
}

/* The curve of `model`, IO-bound, up to 1,024 workers, where no start cost
 * stops it first. */
static sb_scaling_axis io_axis(const sb_model *model)
{
    sb_suite suite = suite_of_defaults();
    sb_scaling_costs cheap = {{0}};
    sb_scaling_axis axis;
    sb_scaling_axis_plan(&suite, &cheap, &(sb_scaling_curve){model, SB_WORKLOAD_IO, SB_PLACE_NONE, 1000000, 0, false, 0},
                         &axis);
    return axis;
}

/* io_axis() planned with RLIMIT_NPROC lowered to 1, below the tasks in use,
 * then put back. */
static sb_scaling_axis axis_under_one_task(const sb_model *model)
{
    struct rlimit saved, lowered;
    assert_int_equal(getrlimit(RLIMIT_NPROC, &saved), 0);
    lowered = (struct rlimit){.rlim_cur = 1, .rlim_max = saved.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NPROC, &lowered), 0);
    sb_scaling_axis axis = io_axis(model);
    assert_int_equal(setrlimit(RLIMIT_NPROC, &saved), 0);
    return axis;
}

/* With no task id left, a curve that starts threads or processes runs no
 * point and says why; one of coroutines starts neither, and runs. */
static void threads_and_processes_stop_where_task_ids_run_out(void **state)
{
    (void)state;
    sb_scaling_axis axis = axis_under_one_task(&sb_model_thread);
    assert_int_equal(axis.count, 0);
    assert_says(axis.stop, "stops at 0 of 1024 workers: 1 threads at once do not fit: RLIMIT_NPROC is 1 with");
    axis = axis_under_one_task(&sb_model_process);
    assert_int_equal(axis.count, 0);
    assert_says(axis.stop, "stops at 0 of 1024 workers: 1 processes at once do not fit: RLIMIT_NPROC is 1 with");
    axis = axis_under_one_task(&sb_model_coroutine);
    assert_int_equal(axis.workers[axis.count - 1], 4 * pus());
    assert_string_equal(axis.stop, "");
}

/* On a machine with 40 MiB available and task ids to spare, half of it
 * holds 80 threads of 256 KiB and 5 processes of 4 MiB: a curve of each
 * runs the counts that fit (1, 2, 4, 8, 16, 64, 256 ... for IO-bound
 * work) and stops at the first that does not. */
static void threads_and_processes_stop_where_memory_runs_out(void **state)
{
    (void)state;
    struct rlimit nproc;
    if (getrlimit(RLIMIT_NPROC, &nproc) == 0 && nproc.rlim_cur != RLIM_INFINITY && nproc.rlim_cur < 1000)
        skip(); /* RLIMIT_NPROC stops the curves first here */
    proc_fixture_open();
    proc_fixture_put("proc/loadavg", "0.00 0.00 0.00 1/10 1\n");
    proc_fixture_put("proc/meminfo", "MemTotal:       1048576 kB\nMemAvailable:      40960 kB\n");
    proc_fixture_put("proc/sys/kernel/pid_max", "32768\n");
    proc_fixture_put("proc/sys/kernel/threads-max", "100000\n");
    proc_fixture_put("proc/self/cgroup", "1:name=systemd:/user.slice\n");
    sb_scaling_axis threads = io_axis(&sb_model_thread), processes = io_axis(&sb_model_process);
    proc_fixture_close();
    assert_int_equal(threads.workers[threads.count - 1], 64);
    assert_says(threads.stop, "256 threads at once do not fit: half of MemAvailable (40 MiB) at 262144 bytes each");
    assert_int_equal(processes.workers[processes.count - 1], 4);
    assert_says(processes.stop, "8 processes at once do not fit: half of MemAvailable (40 MiB) at 4194304 bytes each");
}

/* The lifecycle's stand-in: each life of a unit takes one more microsecond
 * on the stand-in clock than the one before (1, 2, 3 ... us), or fails
 * for the unit named `failing`. */
typedef struct lifecycle_stand_in {
    bool on;
    uint64_t now_ns;
    unsigned lives[SB_LIFECYCLE_UNIT_COUNT];
    int failing;
} lifecycle_stand_in;
static lifecycle_stand_in stand_in;

uint64_t __real_sb_clock_ns(void);

uint64_t __wrap_sb_clock_ns(void)
{
    return stand_in.on ? stand_in.now_ns : __real_sb_clock_ns();
}

int __wrap_sb_lifecycle_run(sb_lifecycle_unit unit)
{
    if ((int)unit == stand_in.failing)
        return -1;
    stand_in.now_ns += 1000 * ++stand_in.lives[unit];
    return 0;
}

static int measure_with_stand_in(sb_scaling_costs *measured, int failing)
{
    stand_in = (lifecycle_stand_in){.on = true, .failing = failing};
    int status = sb_scaling_costs_measure(measured);
    stand_in.on = false;
    return status;
}

/* 31 thread lives of 1 to 31 us cost 16 us, their median; 15 process lives
 * 8 us; 255 coroutine lives, on pooled stacks as a runtime makes them, 128 us. */
static void each_unit_is_priced_at_the_median_of_its_lives(void **state)
{
    (void)state;
    sb_scaling_costs measured;
    assert_int_equal(measure_with_stand_in(&measured, -1), 0);
    assert_int_equal(stand_in.lives[SB_LIFECYCLE_THREAD], 31);
    assert_int_equal(stand_in.lives[SB_LIFECYCLE_PROCESS], 15);
    assert_int_equal(stand_in.lives[SB_LIFECYCLE_POOLED_COROUTINE], 255);
    assert_int_equal(stand_in.lives[SB_LIFECYCLE_COROUTINE], 0);
    assert_near(measured.unit_s[SB_MODEL_UNIT_NONE], 0, 0);
    assert_near(measured.unit_s[SB_MODEL_UNIT_THREAD], 16e-6, 1e-12);
    assert_near(measured.unit_s[SB_MODEL_UNIT_PROCESS], 8e-6, 1e-12);
    assert_near(measured.unit_s[SB_MODEL_UNIT_COROUTINE], 128e-6, 1e-12);
}

static void a_unit_that_cannot_start_fails_the_prices(void **state)
{
    (void)state;
    sb_scaling_costs measured;
    assert_int_equal(measure_with_stand_in(&measured, SB_LIFECYCLE_PROCESS), -1);
}

/* The prices in words, as the context gives them; cut short, never past the
 * room given, in a room too small for them all. */
static void the_prices_read_in_words_within_the_room_given(void **state)
{
    (void)state;
    char text[128];
    assert_string_equal(sb_scaling_costs_describe(&costs, text, sizeof text),
                        "thread=20 us, process=1 ms, coroutine=1 us");
    /* Each in the largest unit it is at least one of. */
    const sb_scaling_costs edges = {.unit_s = {[SB_MODEL_UNIT_THREAD] = 999e-6,
                                               [SB_MODEL_UNIT_PROCESS] = 0.999,
                                               [SB_MODEL_UNIT_COROUTINE] = 1.5}};
    assert_string_equal(sb_scaling_costs_describe(&edges, text, sizeof text),
                        "thread=999 us, process=999 ms, coroutine=1.5 s");
    char room[64];
    memset(room, '#', sizeof room);
    sb_scaling_costs_describe(&costs, room, 12);
    assert_int_equal(strlen(room), 11);
    for (size_t i = 12; i < sizeof room; i++)
        assert_int_equal(room[i], '#');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cpu_bound_curves_go_to_four_times_the_pus),
        cmocka_unit_test(no_count_passes_max_workers_below_the_pus),
        cmocka_unit_test(io_bound_curves_go_log_spaced_to_the_largest_count),
        cmocka_unit_test(a_coroutine_curve_that_computes_stops_at_the_max_workers),
        cmocka_unit_test(a_budget_spares_the_points_the_claims_read),
        cmocka_unit_test(a_process_per_task_stops_where_forking_would_take_the_job),
        cmocka_unit_test(a_job_may_spend_up_to_half_a_second_starting_what_it_runs),
        cmocka_unit_test(a_job_pays_to_start_what_its_model_starts),
        cmocka_unit_test(a_job_has_tasks_enough_to_hide_its_workers_start),
        cmocka_unit_test(a_job_waits_over_its_workers_and_computes_over_the_pus),
        cmocka_unit_test(a_job_has_at_most_4096_tasks),
        cmocka_unit_test(a_curve_stops_where_its_tasks_run_out_of_descriptors),
        cmocka_unit_test(a_curve_keeps_at_least_64_descriptors_free),
        cmocka_unit_test(a_count_that_fills_the_descriptors_left_runs),
        cmocka_unit_test(each_descriptor_held_open_leaves_one_fewer),
        cmocka_unit_test(under_64_descriptors_none_is_left),
        cmocka_unit_test(memory_is_counted_from_what_is_available),
        cmocka_unit_test(threads_and_processes_stop_where_task_ids_run_out),
        cmocka_unit_test(threads_and_processes_stop_where_memory_runs_out),
        cmocka_unit_test(each_unit_is_priced_at_the_median_of_its_lives),
        cmocka_unit_test(a_unit_that_cannot_start_fails_the_prices),
        cmocka_unit_test(the_prices_read_in_words_within_the_room_given),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
