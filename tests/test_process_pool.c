/* process_pool: every request runs exactly once and its result comes back, a
 * worker that dies is named along with how it died (the first, when two
 * did), a dead worker costs no SIGPIPE, and no child process outlives the
 * pool, whatever happened, even closed while another process holds copies
 * of its sockets; a socket on descriptor 0 is closed like any other. A
 * worker that cannot be waited for is named with why; every request runs in
 * a worker, never in the caller's process; a map without a pool, or
 * without its requests, even one, is refused; and a pool that cannot have
 * its memory says so and starts no worker, and one whose worker cannot be
 * forked leaves no child or descriptor behind. The pool signals its own workers
 * alone, never a process it has already reaped. */
#include "base/error.h"
#include "python/process_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
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

enum { MAX_REQUESTS = 100 };

/* The pool's signals go through here (kill is wrapped at link time, see
 * tests/CMakeLists.txt): one to a process that is not a child of the test's
 * is counted, and not sent. */
static unsigned stray_signals;

int __real_kill(pid_t pid, int signal);
int __wrap_kill(pid_t pid, int signal);

static bool is_a_child(pid_t pid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *file = pid > 0 ? fopen(path, "re") : NULL;
    bool read = file && fgets(stat, sizeof stat, file);
    if (file)
        fclose(file);
    const char *after_name = read ? strrchr(stat, ')') : NULL;
    int parent;
    return after_name && sscanf(after_name, ") %*c %d", &parent) == 1 && parent == getpid();
}

int __wrap_kill(pid_t pid, int signal)
{
    if (is_a_child(pid))
        return __real_kill(pid, signal);
    stray_signals++;
    errno = EPERM;
    return -1;
}

static sb_placement *plan(sb_placement_policy policy, unsigned workers)
{
    sb_placement *placement = sb_placement_plan(topology, policy, workers);
    assert_non_null(placement);
    return placement;
}

static void assert_error_contains(const char *part)
{
    if (!strstr(sb_last_error(), part))
        fail_msg("error \"%s\" does not contain \"%s\"", sb_last_error(), part);
}

/* The process main() runs in. A handler that finds itself there was run
 * by the pool's caller rather than by a worker (a fork whose parent went
 * on as the worker): it ends that process, the one the test's runner waits
 * for, with status 1. */
static pid_t test_process;

static void refuse_the_test_process(void)
{
    if (getpid() == test_process) {
        static const char said[] = "a request ran in the test's own process, not in a worker\n";
        if (write(STDERR_FILENO, said, sizeof said - 1) < 0)
            _exit(2);
        _exit(1);
    }
}

static uint64_t triple(uint64_t request)
{
    return request * 3 + 1;
}

/* Counts each request's runs in memory shared with the workers. */
static uint64_t count_and_triple(void *context, uint64_t request)
{
    refuse_the_test_process();
    _Atomic uint32_t *runs = context;
    atomic_fetch_add(&runs[request], 1);
    return triple(request);
}

typedef struct exit_plan {
    uint64_t request; /* the request the worker dies on */
    int status;       /* its exit status, or -1 to abort() */
} exit_plan;

static uint64_t die_on_planned_request(void *context, uint64_t request)
{
    refuse_the_test_process();
    const exit_plan *plan = context;
    if (request == plan->request) {
        if (plan->status < 0) {
            setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0}); /* no core file for an intended crash */
            abort();
        }
        _exit(plan->status);
    }
    return triple(request);
}

static uint64_t report_pid(void *context, uint64_t request)
{
    (void)context;
    (void)request;
    refuse_the_test_process();
    return (uint64_t)getpid();
}

static uint64_t report_cpu(void *context, uint64_t request)
{
    (void)context;
    (void)request;
    refuse_the_test_process();
    return (uint64_t)sched_getcpu();
}

static void fill_requests(uint64_t *requests, size_t count)
{
    for (size_t i = 0; i < count; i++)
        requests[i] = i;
}

static void every_request_runs_once_and_its_result_returns(void **state)
{
    (void)state;
    static const unsigned worker_counts[] = {1, 2, 5};
    static const size_t request_counts[] = {1, 7, MAX_REQUESTS};
    _Atomic uint32_t *runs =
        mmap(NULL, MAX_REQUESTS * sizeof *runs, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(runs != MAP_FAILED);
    uint64_t requests[MAX_REQUESTS], results[MAX_REQUESTS];
    fill_requests(requests, MAX_REQUESTS);

    for (size_t w = 0; w < 3; w++) {
        for (size_t c = 0; c < 3; c++) {
            unsigned workers = worker_counts[w];
            size_t count = request_counts[c];
            memset((void *)runs, 0, MAX_REQUESTS * sizeof *runs);
            sb_placement *placement = plan(SB_PLACE_NONE, workers);
            sb_process_pool *pool = sb_process_pool_create(workers, placement, count_and_triple, (void *)runs);
            assert_non_null(pool);

            /* Two batches on the same workers: the pool is reused, not re-forked. */
            for (uint32_t batch = 1; batch <= 2; batch++) {
                memset(results, 0, sizeof results);
                if (sb_process_pool_map(pool, requests, results, count) != 0)
                    fail_msg("%u workers, %zu requests: %s", workers, count, sb_last_error());
                for (size_t i = 0; i < count; i++) {
                    assert_int_equal(results[i], triple(i));
                    assert_int_equal(atomic_load(&runs[i]), batch);
                }
                for (size_t i = count; i < MAX_REQUESTS; i++)
                    assert_int_equal(atomic_load(&runs[i]), 0);
            }
            assert_int_equal(sb_process_pool_close(pool), 0);
            assert_no_child_is_left();
            sb_placement_free(placement);
        }
    }
    munmap((void *)runs, MAX_REQUESTS * sizeof *runs);
}

static void results_are_optional_and_an_empty_batch_succeeds(void **state)
{
    (void)state;
    uint64_t requests[MAX_REQUESTS];
    fill_requests(requests, MAX_REQUESTS);
    sb_placement *placement = plan(SB_PLACE_NONE, 2);
    sb_process_pool *pool = sb_process_pool_create(2, placement, report_pid, NULL);
    assert_non_null(pool);
    assert_int_equal(sb_process_pool_map(pool, requests, NULL, 10), 0);
    assert_int_equal(sb_process_pool_map(pool, NULL, NULL, 0), 0);
    assert_int_equal(sb_process_pool_close(pool), 0);
    assert_no_child_is_left();
    sb_placement_free(placement);
}

static void workers_run_on_their_placements_pu(void **state)
{
    (void)state;
    int first_pu = (int)hwloc_get_obj_by_type(sb_topology_hwloc(topology), HWLOC_OBJ_PU, 0)->os_index;
    uint64_t requests[16], cpus[16];
    fill_requests(requests, 16);
    sb_placement *placement = plan(SB_PLACE_SINGLE, 3);
    sb_process_pool *pool = sb_process_pool_create(3, placement, report_cpu, NULL);
    assert_non_null(pool);
    assert_int_equal(sb_process_pool_map(pool, requests, cpus, 16), 0);
    for (size_t i = 0; i < 16; i++)
        assert_int_equal(cpus[i], first_pu);
    assert_int_equal(sb_process_pool_close(pool), 0);
    sb_placement_free(placement);
}

/* Maps requests 0..count-1 under `plan` and expects the pool to fail naming
 * the planned request and `how` its worker ended, with every child reaped. */
static void expect_worker_death(unsigned workers, size_t count, exit_plan plan_of_death, const char *how)
{
    uint64_t requests[MAX_REQUESTS], results[MAX_REQUESTS];
    fill_requests(requests, count);
    sb_placement *placement = plan(SB_PLACE_NONE, workers);
    sb_process_pool *pool = sb_process_pool_create(workers, placement, die_on_planned_request, &plan_of_death);
    assert_non_null(pool);

    assert_int_equal(sb_process_pool_map(pool, requests, results, count), -1);
    char request_part[64];
    snprintf(request_part, sizeof request_part, "request %" PRIu64 " got no reply: worker ", plan_of_death.request);
    assert_error_contains(request_part);
    assert_error_contains(how);
    assert_no_child_is_left();

    assert_int_equal(sb_process_pool_map(pool, requests, results, count), -1);
    assert_error_contains("stopped");
    assert_int_equal(sb_process_pool_close(pool), 0);
    assert_int_equal(stray_signals, 0);
    sb_placement_free(placement);
}

static void a_crashed_worker_is_named_and_every_child_reaped(void **state)
{
    (void)state;
    char how[64];
    snprintf(how, sizeof how, "was killed by signal %d", SIGABRT);
    expect_worker_death(3, 20, (exit_plan){.request = 13, .status = -1}, how);
}

static void a_worker_that_exits_early_is_named_and_every_child_reaped(void **state)
{
    (void)state;
    expect_worker_death(2, 9, (exit_plan){.request = 2, .status = 7}, "exited with status 7");
    /* Even a clean exit is a failure when a request is still owed. */
    expect_worker_death(4, 30, (exit_plan){.request = 0, .status = 0}, "exited with status 0");
}

/* With standard input closed, the pool's end of the first worker's socket
 * is descriptor 0: a socket like any other, closed once the worker failed. */
static void a_socket_on_descriptor_0_is_closed_too(void **state)
{
    (void)state;
    int saved_stdin = dup(STDIN_FILENO); /* -1 when it is closed already */
    if (saved_stdin >= 0)
        assert_int_equal(close(STDIN_FILENO), 0);
    sb_placement *one = plan(SB_PLACE_NONE, 1);
    exit_plan plan_of_death = {.request = 0, .status = 7};
    sb_process_pool *pool = sb_process_pool_create(1, one, die_on_planned_request, &plan_of_death);
    bool socket_on_0 = fcntl(STDIN_FILENO, F_GETFD) >= 0;
    uint64_t request = 0, result;
    int mapped = pool ? sb_process_pool_map(pool, &request, &result, 1) : 0;
    bool left_open = fcntl(STDIN_FILENO, F_GETFD) >= 0;
    int closed = sb_process_pool_close(pool);
    if (saved_stdin >= 0) {
        assert_int_equal(dup2(saved_stdin, STDIN_FILENO), STDIN_FILENO);
        assert_int_equal(close(saved_stdin), 0);
    }
    sb_placement_free(one);

    assert_non_null(pool);
    assert_true(socket_on_0);
    assert_int_equal(mapped, -1);
    assert_false(left_open);
    assert_int_equal(closed, 0);
    assert_no_child_is_left();
}

/* Starts a one-worker pool, learns its worker's pid, kills the worker and
 * waits until it is dead, without reaping it: that is the pool's job. */
static sb_process_pool *pool_with_a_dead_worker(sb_placement *placement, pid_t *worker)
{
    sb_process_pool *pool = sb_process_pool_create(1, placement, report_pid, NULL);
    assert_non_null(pool);
    uint64_t request = 0, pid = 0;
    assert_int_equal(sb_process_pool_map(pool, &request, &pid, 1), 0);
    *worker = (pid_t)pid;
    assert_int_equal(kill(*worker, SIGKILL), 0);
    siginfo_t info;
    assert_int_equal(waitid(P_PID, (id_t)*worker, &info, WEXITED | WNOWAIT), 0);
    return pool;
}

static void a_request_to_a_dead_worker_fails_without_sigpipe(void **state)
{
    (void)state;
    struct sigaction before, after;
    assert_int_equal(sigaction(SIGPIPE, NULL, &before), 0);
    sb_placement *placement = plan(SB_PLACE_NONE, 1);
    pid_t worker;
    sb_process_pool *pool = pool_with_a_dead_worker(placement, &worker);

    /* With SIGPIPE at its default, a plain write to the dead worker's socket
     * would have killed this test. */
    uint64_t request = 1, result;
    assert_int_equal(sb_process_pool_map(pool, &request, &result, 1), -1);
    char how[96];
    snprintf(how, sizeof how, "request 0 got no reply: worker 0 (pid %d) was killed by signal %d", (int)worker,
             SIGKILL);
    assert_error_contains(how);
    assert_no_child_is_left();
    assert_int_equal(sigaction(SIGPIPE, NULL, &after), 0);
    assert_ptr_equal(after.sa_handler, before.sa_handler);

    assert_int_equal(sb_process_pool_close(pool), 0);
    sb_placement_free(placement);
}

static void closing_reaps_every_worker_and_names_one_that_died_idle(void **state)
{
    (void)state;
    sb_placement *four = plan(SB_PLACE_COMPACT, 4);
    sb_process_pool *pool = sb_process_pool_create(4, four, report_pid, NULL);
    assert_non_null(pool);
    assert_int_equal(sb_process_pool_close(pool), 0);
    assert_no_child_is_left();
    sb_placement_free(four);

    sb_placement *one = plan(SB_PLACE_NONE, 1);
    pid_t worker;
    pool = pool_with_a_dead_worker(one, &worker);
    assert_int_equal(sb_process_pool_close(pool), -1);
    char how[96];
    snprintf(how, sizeof how, "worker 0 (pid %d) was killed by signal %d", (int)worker, SIGKILL);
    assert_error_contains(how);
    assert_no_child_is_left();
    sb_placement_free(one);
}

/* Workers 0 and 2 of three die while idle, each by its own signal: closing
 * the pool reaps all three and names the first that died badly, as a run's
 * first failure is the one that says what went wrong. */
static void closing_after_two_workers_died_names_the_first(void **state)
{
    (void)state;
    sb_placement *three = plan(SB_PLACE_NONE, 3);
    sb_process_pool *pool = sb_process_pool_create(3, three, report_pid, NULL);
    assert_non_null(pool);
    /* One request each: the pool hands request w to idle worker w. */
    uint64_t requests[3], pids[3];
    fill_requests(requests, 3);
    assert_int_equal(sb_process_pool_map(pool, requests, pids, 3), 0);
    static const struct {
        unsigned worker;
        int signal;
    } deaths[] = {{0, SIGKILL}, {2, SIGTERM}};
    for (size_t d = 0; d < 2; d++) {
        pid_t worker = (pid_t)pids[deaths[d].worker];
        assert_int_equal(kill(worker, deaths[d].signal), 0);
        siginfo_t info;
        assert_int_equal(waitid(P_PID, (id_t)worker, &info, WEXITED | WNOWAIT), 0);
    }

    assert_int_equal(sb_process_pool_close(pool), -1);
    char how[96];
    snprintf(how, sizeof how, "worker 0 (pid %d) was killed by signal %d", (int)pids[0], SIGKILL);
    assert_error_contains(how);
    assert_no_child_is_left();
    sb_placement_free(three);
}

/* How long a child that should end at once may take before a test calls
 * it hung: the bound only keeps a broken pool from hanging the test. */
enum { PATIENCE_MS = 20000 };

/* A process forked after the pool holds copies of the pool's ends of its
 * sockets until the test lets it go (or, should closing hang, until
 * PATIENCE_MS pass, when it exits 1): closing the pool must still reach
 * every worker. */
static void closing_reaches_workers_whose_sockets_another_process_holds(void **state)
{
    (void)state;
    sb_placement *two = plan(SB_PLACE_NONE, 2);
    sb_process_pool *pool = sb_process_pool_create(2, two, report_pid, NULL);
    assert_non_null(pool);
    int release[2];
    assert_int_equal(pipe(release), 0);
    pid_t holder = fork();
    assert_true(holder >= 0);
    if (holder == 0) {
        close(release[1]);
        struct pollfd wait_for_release = {.fd = release[0], .events = POLLIN};
        _exit(poll(&wait_for_release, 1, PATIENCE_MS) == 1 ? 0 : 1);
    }
    close(release[0]);
    assert_int_equal(sb_process_pool_close(pool), 0);
    close(release[1]);
    int status;
    assert_int_equal(waitpid(holder, &status, 0), holder);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_no_child_is_left();
    sb_placement_free(two);
}

/* With SIGCHLD ignored the kernel reaps the workers itself: closing the
 * pool says that it could not wait for them, and why. */
static void a_worker_that_cannot_be_waited_for_is_named(void **state)
{
    (void)state;
    sb_placement *one = plan(SB_PLACE_NONE, 1);
    sb_process_pool *pool = sb_process_pool_create(1, one, report_pid, NULL);
    assert_non_null(pool);
    struct sigaction ignore = {.sa_handler = SIG_IGN}, saved;
    assert_int_equal(sigaction(SIGCHLD, &ignore, &saved), 0);
    int closed = sb_process_pool_close(pool);
    assert_int_equal(sigaction(SIGCHLD, &saved, NULL), 0);
    assert_int_equal(closed, -1);
    assert_error_contains("cannot wait for worker 0 (pid ");
    assert_error_contains(strerror(ECHILD));
    assert_no_child_is_left();
    sb_placement_free(one);
}

static void bad_arguments_are_refused(void **state)
{
    (void)state;
    sb_placement *two = plan(SB_PLACE_NONE, 2);
    assert_null(sb_process_pool_create(0, two, report_pid, NULL));
    assert_error_contains("at least 1 worker");
    assert_null(sb_process_pool_create(2, NULL, report_pid, NULL));
    assert_error_contains("a placement and a handler");
    assert_null(sb_process_pool_create(2, two, NULL, NULL));
    assert_error_contains("a placement and a handler");
    assert_null(sb_process_pool_create(3, two, report_pid, NULL));
    assert_error_contains("placement planned for 2 workers, process pool has 3");
    assert_no_child_is_left();

    uint64_t requests[3] = {1, 2, 3}, results[3];
    assert_int_equal(sb_process_pool_map(NULL, NULL, results, 3), -1);
    assert_error_contains("needs a pool and its requests");
    assert_int_equal(sb_process_pool_map(NULL, requests, results, 3), -1);
    assert_error_contains("needs a pool and its requests");
    sb_process_pool *pool = sb_process_pool_create(2, two, report_pid, NULL);
    assert_non_null(pool);
    assert_int_equal(sb_process_pool_map(pool, NULL, results, 3), -1);
    assert_error_contains("needs a pool and its requests");
    assert_int_equal(sb_process_pool_map(pool, NULL, results, 1), -1);
    assert_error_contains("needs a pool and its requests");
    assert_int_equal(sb_process_pool_close(pool), 0);
    assert_int_equal(sb_process_pool_close(NULL), 0);
    assert_no_child_is_left();
    sb_placement_free(two);
}

/* Forks go through here too (sb_child_fork is wrapped at link time): the
 * fork numbered `failing_fork` from the last reset fails with EAGAIN. */
static unsigned forks, failing_fork;

pid_t __real_sb_child_fork(void);
pid_t __wrap_sb_child_fork(void);

pid_t __wrap_sb_child_fork(void)
{
    if (++forks == failing_fork) {
        errno = EAGAIN;
        return -1;
    }
    return __real_sb_child_fork();
}

/* A pool whose third worker cannot be forked says so, and leaves nothing
 * behind: no child, no descriptor. */
static void a_worker_that_cannot_be_forked_is_named_and_nothing_is_left(void **state)
{
    (void)state;
    sb_placement *three = plan(SB_PLACE_NONE, 3);
    unsigned descriptors = open_descriptors();
    forks = 0;
    failing_fork = 3;
    sb_process_pool *pool = sb_process_pool_create(3, three, report_pid, NULL);
    failing_fork = 0;
    assert_null(pool);
    assert_error_contains("cannot fork worker 2");
    assert_error_contains(strerror(EAGAIN));
    assert_no_child_is_left();
    assert_int_equal(open_descriptors(), descriptors);
    sb_placement_free(three);
}

static void *create_two_worker_pool(void *placement)
{
    return sb_process_pool_create(2, placement, report_pid, NULL);
}

static void close_pool(void *pool, void *context)
{
    (void)context;
    assert_int_equal(sb_process_pool_close(pool), 0);
}

static void a_pool_without_memory_says_so_and_starts_no_worker(void **state)
{
    (void)state;
    sb_placement *two = plan(SB_PLACE_NONE, 2);
    assert_true(assert_each_allocation_may_fail(create_two_worker_pool, close_pool, assert_no_child_is_left, two) > 0);
    assert_no_child_is_left();
    sb_placement_free(two);
}

int main(void)
{
    test_process = getpid();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_request_runs_once_and_its_result_returns),
        cmocka_unit_test(results_are_optional_and_an_empty_batch_succeeds),
        cmocka_unit_test(workers_run_on_their_placements_pu),
        cmocka_unit_test(a_crashed_worker_is_named_and_every_child_reaped),
        cmocka_unit_test(a_worker_that_exits_early_is_named_and_every_child_reaped),
        cmocka_unit_test(a_socket_on_descriptor_0_is_closed_too),
        cmocka_unit_test(a_request_to_a_dead_worker_fails_without_sigpipe),
        cmocka_unit_test(closing_reaps_every_worker_and_names_one_that_died_idle),
        cmocka_unit_test(closing_after_two_workers_died_names_the_first),
        cmocka_unit_test(closing_reaches_workers_whose_sockets_another_process_holds),
        cmocka_unit_test(a_worker_that_cannot_be_waited_for_is_named),
        cmocka_unit_test(bad_arguments_are_refused),
        cmocka_unit_test(a_pool_without_memory_says_so_and_starts_no_worker),
        cmocka_unit_test(a_worker_that_cannot_be_forked_is_named_and_nothing_is_left),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
