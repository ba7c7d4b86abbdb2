/*
 * The overhead family: what a model costs per task when the task does
 * nothing (claim C10: a pool reuses its threads, thread-per-task and
 * process-per-task pay for a new one each time), beside the same number of
 * empty OpenMP tasks on as many threads, a runtime built for exactly this.
 *
 * An iteration is one task, so the time column is the cost of one task and
 * items_per_second its inverse. Tasks run in jobs of at most
 * SB_OVERHEAD_TASKS_PER_JOB (overhead.h), so a job's start (a pool's
 * threads, a parallel region) is spread over many tasks. Google Benchmark
 * picks how many tasks each model gets, so every run takes about as long:
 * hundreds of tasks for a fork per task, millions for the pool.
 *
 * Every model runs with as many workers as the machine has PUs (seq with
 * its one), unpinned, as the OpenMP threads are: this measures the models,
 * not the placements. Names read overhead/<model>/workers:<n>/real_time and
 * overhead/openmp_task/workers:<n>/real_time.
 *
 * The empty workload belongs to this family alone: registered, it would
 * also enter the scaling family, where tasks with no work have no speedup to
 * show, and --task-us could not size it.
 */
#include "families/overhead.h"

#include "base/error.h"
#include "gbench.h"
#include "base/usage.h"

#include <stdbool.h>
#include <stdio.h>

static uint64_t empty_run(uint64_t size, uint64_t task)
{
    (void)size;
    return task;
}

static const sb_workload empty_workload = {
    .name = "empty",
    .description = "returns its task number at once",
    .kind = SB_WORKLOAD_CPU,
    .run = empty_run,
};

typedef struct overhead_case {
    const sb_suite *suite;
    const sb_model *model;
} overhead_case;

static sb_gbench_options options_for(const sb_suite *suite, const int64_t *workers)
{
    return (sb_gbench_options){
        .arg_name = "workers", .args = workers, .arg_count = 1, .real_time = true, .unit = SB_GBENCH_NS,
        .cost = sb_gbench_short_cost,
        /* C10 (and C7 without ctxswitch/spawn) judges a task over the repetitions. */
        .min_repetitions = sb_suite_claim_repetitions(suite)};
}

static void report(sb_gbench_state *state, unsigned workers, uint64_t tasks, double cpu_s)
{
    sb_gbench_items_processed(state, (int64_t)tasks);
    sb_gbench_counter(state, "workers", workers, SB_GBENCH_COUNTER_PLAIN);
    /* CPU time per task: threads that spin while they wait show here. */
    sb_gbench_counter(state, "cpu_ns_per_task", tasks ? cpu_s * 1e9 / (double)tasks : 0, SB_GBENCH_COUNTER_PLAIN);
}

int sb_overhead_run_tasks(const sb_model *model, const sb_placement *placement, unsigned workers, uint64_t tasks,
                          double *cpu_s)
{
    sb_job job = {.workload = &empty_workload, .workers = workers, .placement = placement};
    for (uint64_t done = 0; done < tasks; done += job.tasks) {
        uint64_t left = tasks - done;
        job.tasks = (unsigned)(left < SB_OVERHEAD_TASKS_PER_JOB ? left : SB_OVERHEAD_TASKS_PER_JOB);
        sb_job_result result;
        if (sb_model_run(model, &job, &result, NULL) != 0)
            return -1;
        if (cpu_s)
            *cpu_s += result.cpu_s;
    }
    return 0;
}

static void bench_model_overhead(sb_gbench_state *state, const void *arg)
{
    const overhead_case *c = arg;
    unsigned workers = (unsigned)sb_gbench_arg(state);
    sb_placement *placement = sb_placement_plan(c->suite->topology, SB_PLACE_NONE, workers);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    uint64_t iterations, tasks = 0;
    double cpu_s = 0;
    bool failed = false;
    while (!failed && sb_gbench_next_batch(state, &iterations)) {
        failed = sb_overhead_run_tasks(c->model, placement, workers, iterations, &cpu_s) != 0;
        tasks += iterations;
    }
    if (failed)
        sb_gbench_fail(state, sb_last_error());
    else
        report(state, workers, tasks, cpu_s);
    sb_placement_free(placement);
}

/* One parallel region of `threads` threads in which one thread creates
 * `tasks` empty tasks and all of them run them. */
static void run_openmp_tasks(int threads, uint64_t tasks)
{
#pragma omp parallel num_threads(threads)
#pragma omp single
    {
        for (uint64_t t = 0; t < tasks; t++) {
            /* A statement the compiler must keep: without one it drops
             * the task altogether. */
#pragma omp task
            __asm__ volatile("");
        }
#pragma omp taskwait
    }
}

#ifdef __SANITIZE_THREAD__
/* libgomp is not built with ThreadSanitizer, which therefore cannot see the
 * barriers that hand a parallel region's shared variables from one region's
 * threads to the next, nor those that order libgomp's own allocations (which
 * it sees through its malloc and free interceptors), and reports both as
 * races. */
const char *__tsan_default_suppressions(void);
const char *__tsan_default_suppressions(void)
{
    return "race:run_openmp_tasks\n"
           "called_from_lib:libgomp.so\n";
}
#endif

static void bench_openmp_overhead(sb_gbench_state *state, const void *arg)
{
    (void)arg;
    int threads = (int)sb_gbench_arg(state);
    uint64_t iterations, tasks = 0;
    sb_usage before = sb_usage_self();
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t done = 0; done < iterations; done += SB_OVERHEAD_TASKS_PER_JOB) {
            uint64_t left = iterations - done;
            run_openmp_tasks(threads, left < SB_OVERHEAD_TASKS_PER_JOB ? left : SB_OVERHEAD_TASKS_PER_JOB);
        }
        tasks += iterations;
    }
    sb_usage used = sb_usage_between(before, sb_usage_self());
    report(state, (unsigned)threads, tasks, used.user_s + used.system_s);
}

void sb_overhead_register(sb_suite *suite)
{
    int64_t *pus = sb_suite_keep(suite, &(int64_t){sb_topology_count(suite->topology, HWLOC_OBJ_PU)}, sizeof(int64_t));
    static const int64_t one_worker[] = {1};
    for (unsigned m = 0; sb_models[m]; m++) {
        if (!sb_suite_has(suite->models, m))
            continue;
        const sb_model *model = sb_models[m];
        overhead_case *c = sb_suite_keep(suite, &(overhead_case){suite, model}, sizeof(overhead_case));
        char name[128];
        snprintf(name, sizeof name, "overhead/%s", model->name);
        sb_gbench_options options = options_for(suite, model == &sb_model_seq ? one_worker : pus);
        sb_gbench_register(name, bench_model_overhead, c, &options);
    }
    sb_gbench_options options = options_for(suite, pus);
    sb_gbench_register("overhead/openmp_task", bench_openmp_overhead, NULL, &options);
}
