/* models: every model runs every task exactly once, computes what seq
 * computes, honours the placement, and accounts for what its tasks did,
 * their peak resident size included, whether the caller or a child held it;
 * a job without a placement is refused, one whose model ran a task twice
 * fails naming the task, and one whose task failed fails with its reason,
 * in every model, a forked worker's included; the gil model runs one task
 * at a time. */
#include "base/clock.h"
#include "base/error.h"
#include "models/model.h"

#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "child_checks.h"
#include "failing_alloc.h"
#include "topology_fixture.h"

static uint64_t label_run(uint64_t size, uint64_t task)
{
    return task * 1000003u + size;
}

static uint64_t identity_size(uint64_t ns)
{
    return ns;
}

/* Each task's result names it, so a lost or swapped task shows. */
static const sb_workload label_workload = {
    .name = "label", .kind = SB_WORKLOAD_CPU, .run = label_run, .size_for_ns = identity_size};

static uint64_t where_run(uint64_t size, uint64_t task)
{
    (void)size;
    (void)task;
    return (uint64_t)sched_getcpu();
}

/* Each task's result is the CPU it ran on. */
static const sb_workload where_workload = {
    .name = "where", .kind = SB_WORKLOAD_CPU, .run = where_run, .size_for_ns = identity_size};

/* Touches `kb` kilobytes of fresh memory, page by page, then gives it back:
 * whoever runs the task holds that much more resident for a moment. */
static uint64_t touch_run(uint64_t kb, uint64_t task)
{
    size_t bytes = kb * 1024, page = (size_t)sysconf(_SC_PAGESIZE);
    volatile char *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        return UINT64_MAX;
    for (size_t at = 0; at < bytes; at += page)
        memory[at] = 1;
    munmap((void *)memory, bytes);
    return task;
}

static const sb_workload touch_workload = {
    .name = "touch", .kind = SB_WORKLOAD_CPU, .run = touch_run, .size_for_ns = identity_size};

static int run_job(const sb_model *model, const sb_workload *workload, uint64_t size, unsigned tasks,
                   unsigned workers, sb_placement_policy policy, sb_job_result *result, uint64_t *task_results)
{
    sb_placement *placement = sb_placement_plan(topology, policy, workers);
    assert_non_null(placement);
    sb_job job = {.workload = workload, .size = size, .tasks = tasks, .workers = workers, .placement = placement};
    int rc = sb_model_run(model, &job, result, task_results);
    sb_placement_free(placement);
    return rc;
}

static void every_model_runs_every_task_once(void **state)
{
    (void)state;
    static const unsigned task_counts[] = {1, 7, 16};
    static const unsigned worker_counts[] = {1, 2, 3, 5, 20};
    static const sb_placement_policy policies[] = {SB_PLACE_NONE, SB_PLACE_COMPACT};
    for (const sb_model *const *m = sb_models; *m; m++)
        for (size_t t = 0; t < 3; t++)
            for (size_t w = 0; w < 5; w++)
                for (size_t p = 0; p < 2; p++) {
                    uint64_t results[16];
                    sb_job_result result;
                    unsigned tasks = task_counts[t];
                    int rc = run_job(*m, &label_workload, 42, tasks, worker_counts[w], policies[p], &result, results);
                    if (rc != 0)
                        fail_msg("%s: %s", (*m)->name, sb_last_error());
                    uint64_t sum = 0;
                    for (unsigned task = 0; task < tasks; task++) {
                        assert_int_equal(results[task], label_run(42, task));
                        sum += results[task];
                    }
                    assert_int_equal(result.checksum, sum);
                }
}

static void cpu_kernel_gives_the_sequential_result_in_every_model(void **state)
{
    (void)state;
    enum { TASKS = 9 };
    uint64_t expected[TASKS], got[TASKS];
    sb_job_result result;
    assert_int_equal(run_job(&sb_model_seq, &sb_workload_cpu_int, 20000, TASKS, 1, SB_PLACE_NONE, &result, expected), 0);
    for (unsigned t = 1; t < TASKS; t++)
        assert_int_not_equal(expected[t], expected[t - 1]);
    for (const sb_model *const *m = sb_models; *m; m++) {
        assert_int_equal(run_job(*m, &sb_workload_cpu_int, 20000, TASKS, 3, SB_PLACE_SCATTER, &result, got), 0);
        assert_memory_equal(got, expected, sizeof expected);
    }
}

static void single_placement_runs_every_task_on_the_first_pu(void **state)
{
    (void)state;
    int first_pu = (int)hwloc_get_obj_by_type(sb_topology_hwloc(topology), HWLOC_OBJ_PU, 0)->os_index;
    for (const sb_model *const *m = sb_models; *m; m++) {
        uint64_t cpus[8];
        sb_job_result result;
        assert_int_equal(run_job(*m, &where_workload, 0, 8, 4, SB_PLACE_SINGLE, &result, cpus), 0);
        for (unsigned t = 0; t < 8; t++)
            assert_int_equal(cpus[t], first_pu);
    }
}

/* A 1 ms sleep always blocks whoever sleeps. A task with a thread or a
 * process of its own blocks it, so each task costs at least one voluntary
 * switch, wherever the model ran it. The coroutine model parks its tasks'
 * sleeps on one thread, which blocks once for all the waits due together:
 * at least once per job, since the last sleep has nothing left to overlap.
 * This checks the accounting, not a time. */
static void every_model_accounts_for_its_tasks_waits(void **state)
{
    (void)state;
    enum { TASKS = 4 };
    for (const sb_model *const *m = sb_models; *m; m++) {
        sb_job_result result;
        assert_int_equal(run_job(*m, &sb_workload_timer, 1000000, TASKS, 2, SB_PLACE_NONE, &result, NULL), 0);
        long at_least = *m == &sb_model_coroutine ? 1 : TASKS;
        if (result.voluntary_switches < at_least)
            fail_msg("%s: %ld voluntary switches for %d sleeping tasks", (*m)->name, result.voluntary_switches, TASKS);
        assert_true(result.wall_s > 0);
        assert_true(result.peak_rss_kb > 0);
    }
}

static long max_rss_kb(int who)
{
    struct rusage usage;
    assert_int_equal(getrusage(who, &usage), 0);
    return usage.ru_maxrss;
}

/* A job's peak resident size is the larger of the caller's and its waited-for
 * children's: a child that held more than the caller ever did sets it, and
 * so does a caller that held more than any child did. */
static void the_peak_resident_size_is_the_callers_or_a_childs_whichever_is_larger(void **state)
{
    (void)state;
    enum { MORE_KB = 16 * 1024 };
    sb_job_result result;
    uint64_t results[1];
    uint64_t child_kb = (uint64_t)max_rss_kb(RUSAGE_SELF) + MORE_KB;
    assert_int_equal(run_job(&sb_model_process, &touch_workload, child_kb, 1, 1, SB_PLACE_NONE, &result, results), 0);
    assert_int_equal(results[0], 0);
    long children_kb = max_rss_kb(RUSAGE_CHILDREN);
    assert_true(children_kb > max_rss_kb(RUSAGE_SELF));
    assert_int_equal(result.peak_rss_kb, children_kb);

    uint64_t own_kb = (uint64_t)children_kb + MORE_KB;
    assert_int_equal(run_job(&sb_model_seq, &touch_workload, own_kb, 1, 1, SB_PLACE_NONE, &result, results), 0);
    assert_int_equal(results[0], 0);
    long self_kb = max_rss_kb(RUSAGE_SELF);
    assert_true(self_kb > max_rss_kb(RUSAGE_CHILDREN));
    assert_int_equal(result.peak_rss_kb, self_kb);
}

static void seq_gives_the_caller_its_binding_back(void **state)
{
    (void)state;
    cpu_set_t before, after;
    assert_int_equal(sched_getaffinity(0, sizeof before, &before), 0);
    sb_job_result result;
    assert_int_equal(run_job(&sb_model_seq, &label_workload, 1, 3, 1, SB_PLACE_SINGLE, &result, NULL), 0);
    assert_int_equal(sched_getaffinity(0, sizeof after, &after), 0);
    assert_true(CPU_EQUAL(&before, &after));
}

/* A child of the caller's that has already exited must still be there for
 * the caller to reap after a run: models reap only their own processes. */
static void models_leave_other_children_alone(void **state)
{
    (void)state;
    pid_t foreign = fork();
    assert_true(foreign >= 0);
    if (foreign == 0)
        _exit(42);
    for (const sb_model *const *m = sb_models; *m; m++) {
        sb_job_result result;
        assert_int_equal(run_job(*m, &label_workload, 1, 6, 2, SB_PLACE_NONE, &result, NULL), 0);
    }
    int status;
    assert_int_equal(waitpid(foreign, &status, 0), foreign);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 42);
}

static void bad_jobs_are_refused(void **state)
{
    (void)state;
    sb_job_result result;
    assert_int_equal(run_job(&sb_model_thread, &label_workload, 1, 0, 2, SB_PLACE_NONE, &result, NULL), -1);
    assert_non_null(strstr(sb_last_error(), "at least 1 task"));
    sb_job unplaced = {.workload = &label_workload, .size = 1, .tasks = 4, .workers = 2};
    assert_int_equal(sb_model_run(&sb_model_thread, &unplaced, &result, NULL), -1);
    assert_non_null(strstr(sb_last_error(), "a job needs a workload and a placement"));

    sb_placement *three = sb_placement_plan(topology, SB_PLACE_COMPACT, 3);
    sb_job job = {.workload = &label_workload, .size = 1, .tasks = 4, .workers = 2, .placement = three};
    assert_int_equal(sb_model_run(&sb_model_process, &job, &result, NULL), -1);
    assert_non_null(strstr(sb_last_error(), "planned for 3 workers"));
    sb_placement_free(three);
}

/* A model that runs its first task twice and the others once. */
static int run_the_first_task_twice(const sb_job *job, sb_task_record *records)
{
    sb_task_execute(job, records, 0);
    for (unsigned t = 0; t < job->tasks; t++)
        sb_task_execute(job, records, t);
    return 0;
}

static const sb_model twice_model = {.name = "twice", .run = run_the_first_task_twice};

static void a_task_run_twice_fails_the_job_and_is_named(void **state)
{
    (void)state;
    sb_job_result result;
    assert_int_equal(run_job(&twice_model, &label_workload, 1, 3, 1, SB_PLACE_NONE, &result, NULL), -1);
    assert_string_equal(sb_last_error(), "task 0 ran 2 times instead of once");
}

static uint64_t failing_run(uint64_t size, uint64_t task)
{
    (void)size;
    if (task == 2)
        sb_workload_fail("the disk is on fire");
    return task;
}

/* Its third task fails, saying why. */
static const sb_workload failing_workload = {
    .name = "failing", .kind = SB_WORKLOAD_CPU, .run = failing_run, .size_for_ns = identity_size};

static void a_failing_task_fails_the_job_with_its_reason(void **state)
{
    (void)state;
    for (const sb_model *const *m = sb_models; *m; m++) {
        sb_job_result result;
        sb_set_error("an earlier error");
        if (run_job(*m, &failing_workload, 1, 4, 2, SB_PLACE_NONE, &result, NULL) != -1)
            fail_msg("%s: a job with a failing task succeeded", (*m)->name);
        if (strcmp(sb_last_error(), "failing task 2 failed: the disk is on fire") != 0)
            fail_msg("%s: said '%s'", (*m)->name, sb_last_error());
    }
}

/* The most tasks seen running at once, of the overlap workload. */
static atomic_uint running, most_running;

static uint64_t overlap_run(uint64_t size, uint64_t task)
{
    unsigned now = atomic_fetch_add(&running, 1) + 1;
    for (unsigned seen = atomic_load(&most_running); now > seen && !atomic_compare_exchange_weak(&most_running, &seen, now);)
        ;
    /* Long enough for a second worker, if it may run, to start meanwhile. */
    uint64_t end = sb_clock_ns() + size;
    while (sb_clock_ns() < end)
        ;
    atomic_fetch_sub(&running, 1);
    return task;
}

/* Each task spins `size` nanoseconds, counting the tasks running beside it. */
static const sb_workload overlap_workload = {
    .name = "overlap", .kind = SB_WORKLOAD_CPU, .run = overlap_run, .size_for_ns = identity_size};

static void the_gil_model_runs_one_task_at_a_time(void **state)
{
    (void)state;
    sb_job_result result;
    atomic_store(&most_running, 0);
    assert_int_equal(run_job(&sb_model_gil, &overlap_workload, 5000000, 16, 2, SB_PLACE_NONE, &result, NULL), 0);
    assert_int_equal(atomic_load(&most_running), 1);
}

typedef struct job_attempt {
    const sb_model *model;
    sb_job job;
    uint64_t results[4];
} job_attempt;

/* The attempt itself when the job ran and every task gave its result. */
static void *run_attempt(void *context)
{
    job_attempt *attempt = context;
    sb_job_result result;
    if (sb_model_run(attempt->model, &attempt->job, &result, attempt->results) != 0)
        return NULL;
    for (unsigned task = 0; task < attempt->job.tasks; task++)
        assert_int_equal(attempt->results[task], label_run(42, task));
    return attempt;
}

static void a_job_without_memory_fails_saying_so_in_every_model(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, 2);
    assert_non_null(placement);
    for (const sb_model *const *m = sb_models; *m; m++) {
        job_attempt attempt = {
            .model = *m, .job = {.workload = &label_workload, .size = 42, .tasks = 4, .workers = 2, .placement = placement}};
        assert_each_allocation_may_fail(run_attempt, NULL, assert_no_child_is_left, &attempt);
    }
    sb_placement_free(placement);
}

static void models_are_found_by_name(void **state)
{
    (void)state;
    assert_ptr_equal(sb_model_find("thread"), &sb_model_thread);
    assert_null(sb_model_find("fiber"));
    assert_non_null(strstr(sb_last_error(), "'fiber'"));
    assert_ptr_equal(sb_workload_find("cpu_int"), &sb_workload_cpu_int);
    assert_null(sb_workload_find("gpu"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_model_runs_every_task_once),
        cmocka_unit_test(cpu_kernel_gives_the_sequential_result_in_every_model),
        cmocka_unit_test(single_placement_runs_every_task_on_the_first_pu),
        cmocka_unit_test(every_model_accounts_for_its_tasks_waits),
        cmocka_unit_test(the_peak_resident_size_is_the_callers_or_a_childs_whichever_is_larger),
        cmocka_unit_test(seq_gives_the_caller_its_binding_back),
        cmocka_unit_test(models_leave_other_children_alone),
        cmocka_unit_test(bad_jobs_are_refused),
        cmocka_unit_test(a_task_run_twice_fails_the_job_and_is_named),
        cmocka_unit_test(a_failing_task_fails_the_job_with_its_reason),
        cmocka_unit_test(the_gil_model_runs_one_task_at_a_time),
        cmocka_unit_test(a_job_without_memory_fails_saying_so_in_every_model),
        cmocka_unit_test(models_are_found_by_name),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
