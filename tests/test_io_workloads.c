/* IO workloads: http tasks get their own answers, file reads return the
 * file's checksum and leave no file behind, a scratch file is not written
 * past its file system's room nor once the program is asked to stop, and
 * mixed tasks split into the
 * configured waits and slices of computing, in every model; a task that
 * fails fails its run with its reason, even from a forked child; a blocking
 * call lets the GIL go. Every check is on values and counts, never on time. */
#include "base/error.h"
#include "base/interrupt.h"
#include "python/gil.h"
#include "models/model.h"
#include "base/task_hooks.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "topology_fixture.h"

enum { TASKS = 8, WORKERS = 3 };

static int run_job(const sb_model *model, const sb_workload *workload, uint64_t size, uint64_t *task_results)
{
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, WORKERS);
    assert_non_null(placement);
    sb_job job = {.workload = workload, .size = size, .tasks = TASKS, .workers = WORKERS, .placement = placement};
    sb_job_result result;
    int rc = sb_model_run(model, &job, &result, task_results);
    sb_placement_free(placement);
    return rc;
}

static void http_tasks_get_their_own_answers_in_every_model(void **state)
{
    (void)state;
    const uint64_t delay_us = 300;
    for (const sb_model *const *m = sb_models; *m; m++) {
        uint64_t results[TASKS];
        if (run_job(*m, &sb_workload_http, delay_us, results) != 0)
            fail_msg("%s: %s", (*m)->name, sb_last_error());
        for (uint64_t t = 0; t < TASKS; t++)
            assert_int_equal(results[t], t ^ delay_us);
    }
}

static void an_http_task_with_no_server_fails(void **state)
{
    (void)state;
    sb_workload_http.run(100, 0);
    assert_true(sb_workload_take_failure());
    assert_non_null(strstr(sb_last_error(), "not open"));
}

static uint64_t refuse_task_three(uint64_t size, uint64_t task)
{
    if (task == 3)
        sb_workload_fail("task three refuses (size %llu)", (unsigned long long)size);
    return task;
}

static const sb_workload refusing_workload = {
    .name = "refusing", .kind = SB_WORKLOAD_CPU, .run = refuse_task_three};

static void a_failing_task_fails_its_run_with_its_reason_in_every_model(void **state)
{
    (void)state;
    for (const sb_model *const *m = sb_models; *m; m++) {
        assert_int_equal(run_job(*m, &refusing_workload, 7, NULL), -1);
        if (!strstr(sb_last_error(), "refusing task 3 failed: task three refuses (size 7)"))
            fail_msg("%s: %s", (*m)->name, sb_last_error());
        /* The mark went with its run. */
        assert_int_equal(run_job(*m, &sb_workload_timer, 0, NULL), 0);
    }
}

/* Word i of the scratch file holds (i + 1) * 0x9E3779B97F4A7C15, and a
 * task's checksum sums word ^ i over the whole 4 KiB blocks it reads. */
static uint64_t expected_checksum(uint64_t size)
{
    uint64_t words = (size + 4095) / 4096 * 4096 / 8, sum = 0;
    for (uint64_t i = 0; i < words; i++)
        sum += ((i + 1) * 0x9E3779B97F4A7C15u) ^ i;
    return sum;
}

static unsigned entries_in(const char *path)
{
    unsigned count = 0;
    DIR *dir = opendir(path);
    assert_non_null(dir);
    for (struct dirent *entry; (entry = readdir(dir));)
        count += strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
    closedir(dir);
    return count;
}

/* Runs `workload` under every model with its scratch file in a directory of
 * its own under `parent`, which must be left empty. */
static void check_file_reads(const sb_workload *workload, const char *parent)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s/slicebench-test-XXXXXX", parent);
    assert_non_null(mkdtemp(dir));
    char *saved = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", dir, 1);

    const uint64_t size = 200000; /* not whole blocks: read as 49 */
    if (sb_workload_open(workload, size) != 0) {
        rmdir(dir);
        print_message("%s cannot run here: %s\n", workload->name, sb_last_error());
        free(saved);
        skip();
    }
    assert_int_equal(entries_in(dir), 0);
    for (const sb_model *const *m = sb_models; *m; m++) {
        uint64_t results[TASKS];
        if (run_job(*m, workload, size, results) != 0)
            fail_msg("%s: %s", (*m)->name, sb_last_error());
        for (unsigned t = 0; t < TASKS; t++)
            assert_int_equal(results[t], expected_checksum(size));
    }
    sb_workload_close(workload);
    assert_int_equal(entries_in(dir), 0);
    assert_int_equal(rmdir(dir), 0);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

static void file_read_returns_the_checksum_in_every_model(void **state)
{
    (void)state;
    check_file_reads(&sb_workload_file_read, "/tmp");
}

static void file_direct_returns_the_checksum_in_every_model(void **state)
{
    (void)state;
    check_file_reads(&sb_workload_file_direct, "/var/tmp");
}

static void a_file_read_grows_its_file_for_a_larger_open(void **state)
{
    (void)state;
    assert_int_equal(sb_workload_open(&sb_workload_file_read, 4096), 0);
    uint64_t results[TASKS];
    assert_int_equal(run_job(&sb_model_seq, &sb_workload_file_read, 100000, results), 0);
    assert_int_equal(results[0], expected_checksum(100000));
    sb_workload_close(&sb_workload_file_read);
}

/* Runs check() in a child of the test's own, whose changes stay there, and
 * fails the test unless it returns true. */
static void check_in_child(bool (*check)(void))
{
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(check() ? 0 : 1);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static bool refuses_a_file_larger_than_its_file_system(void)
{
    /* Were the size not checked first, the writing would fail at 1 MiB
     * rather than fill the disk. */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit one_mib = {1 << 20, 1 << 20};
    return setrlimit(RLIMIT_FSIZE, &one_mib) == 0 &&
           sb_workload_open(&sb_workload_file_read, UINT64_C(1) << 62) != 0 &&
           strstr(sb_last_error(), "does not fit") != NULL;
}

static void a_scratch_file_larger_than_its_file_system_is_refused(void **state)
{
    (void)state;
    check_in_child(refuses_a_file_larger_than_its_file_system);
}

/* The request is for good: made in a child. */
static bool writes_no_scratch_file_once_asked_to_stop(void)
{
    sb_interrupt_request();
    return sb_workload_open(&sb_workload_file_read, 1 << 20) != 0 &&
           strcmp(sb_last_error(), "writing the scratch file was interrupted") == 0;
}

static void a_request_to_stop_cuts_the_writing_of_a_scratch_file_short(void **state)
{
    (void)state;
    check_in_child(writes_no_scratch_file_once_asked_to_stop);
}

typedef struct hook_counts {
    unsigned checkpoints, sleeps;
    uint64_t slept_ns;
} hook_counts;

static void count_checkpoint(void *context)
{
    ((hook_counts *)context)->checkpoints++;
}

static void count_sleep(void *context, uint64_t ns)
{
    hook_counts *counts = context;
    counts->sleeps++;
    counts->slept_ns += ns;
}

static hook_counts count_hooks(const sb_workload *workload, uint64_t size)
{
    hook_counts counts = {0};
    const sb_task_hooks hooks = {.checkpoint = count_checkpoint, .sleep_ns = count_sleep, .context = &counts};
    const sb_task_hooks *outside = sb_task_hooks_install(&hooks);
    workload->run(size, 0);
    sb_task_hooks_install(outside);
    return counts;
}

static long difference(unsigned a, unsigned b)
{
    return labs((long)a - (long)b);
}

static void mixed_tasks_split_as_configured(void **state)
{
    (void)state;
    const uint64_t task_ns = 4000000;
    hook_counts m25 = count_hooks(&sb_workload_mixed25, sb_workload_mixed25.size_for_ns(task_ns));
    hook_counts m50 = count_hooks(&sb_workload_mixed50, sb_workload_mixed50.size_for_ns(task_ns));
    hook_counts m75 = count_hooks(&sb_workload_mixed75, sb_workload_mixed75.size_for_ns(task_ns));
    /* One wait each, for the share of the task that is not computing... */
    assert_int_equal(m25.sleeps, 1);
    assert_int_equal(m50.sleeps, 1);
    assert_int_equal(m75.sleeps, 1);
    assert_int_equal(m25.slept_ns, 3000000);
    assert_int_equal(m50.slept_ns, 2000000);
    assert_int_equal(m75.slept_ns, 1000000);
    /* ...and slices of computing in proportion to their share, up to
     * rounding each to whole slices. */
    assert_true(m25.checkpoints > 0);
    assert_true(difference(m50.checkpoints, 2 * m25.checkpoints) <= 1);
    assert_true(difference(m75.checkpoints, 3 * m25.checkpoints) <= 2);
}

static void mixed_tasks_compute_what_seq_computes_in_every_model(void **state)
{
    (void)state;
    uint64_t size = sb_workload_mixed50.size_for_ns(200000), expected[TASKS], got[TASKS];
    assert_int_equal(run_job(&sb_model_seq, &sb_workload_mixed50, size, expected), 0);
    for (const sb_model *const *m = sb_models; *m; m++) {
        if (run_job(*m, &sb_workload_mixed50, size, got) != 0)
            fail_msg("%s: %s", (*m)->name, sb_last_error());
        assert_memory_equal(got, expected, sizeof expected);
    }
}

static void *take_and_release(void *gil)
{
    sb_gil_take(gil);
    sb_gil_release(gil);
    return NULL;
}

/* Another thread can take the GIL, and be joined, only if the caller has let
 * it go. */
static void let_another_thread_take_the_gil(void *gil)
{
    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, take_and_release, gil), 0);
    pthread_join(other, NULL);
}

static void a_blocking_call_lets_the_gil_go(void **state)
{
    (void)state;
    sb_gil *gil = sb_gil_create();
    assert_non_null(gil);
    sb_gil_take(gil);
    const sb_task_hooks *outside = sb_task_hooks_install(sb_gil_task_hooks(gil));
    sb_task_blocking_call(let_another_thread_take_the_gil, gil);
    sb_task_hooks_install(outside);
    /* Taken by this thread, by the other, and back. */
    assert_int_equal(sb_gil_get_stats(gil).switches, 3);
    sb_gil_release(gil);
    sb_gil_destroy(gil);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(http_tasks_get_their_own_answers_in_every_model),
        cmocka_unit_test(an_http_task_with_no_server_fails),
        cmocka_unit_test(a_failing_task_fails_its_run_with_its_reason_in_every_model),
        cmocka_unit_test(file_read_returns_the_checksum_in_every_model),
        cmocka_unit_test(file_direct_returns_the_checksum_in_every_model),
        cmocka_unit_test(a_file_read_grows_its_file_for_a_larger_open),
        cmocka_unit_test(a_scratch_file_larger_than_its_file_system_is_refused),
        cmocka_unit_test(a_request_to_stop_cuts_the_writing_of_a_scratch_file_short),
        cmocka_unit_test(mixed_tasks_split_as_configured),
        cmocka_unit_test(mixed_tasks_compute_what_seq_computes_in_every_model),
        cmocka_unit_test(a_blocking_call_lets_the_gil_go),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
