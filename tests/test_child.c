/* child: a process forked with sb_child_fork() runs as any child does, and
 * is killed when the thread that forked it ends, whether or not anyone else
 * is left to end it. */
#include "base/child.h"

#include "child_checks.h"

#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* How long a child killed by the kernel may take to be seen gone: far more
 * than it takes, so that only a child left running fails the test. */
enum { MOST_WAIT_MS = 5000, WAIT_STEP_MS = 10 };

static void a_child_runs_and_exits_as_any_does(void **state)
{
    (void)state;
    pid_t child = sb_child_fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(7);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    assert_no_child_is_left();
}

/* Forks with sb_child_fork() a child that waits for good, and returns its
 * pid once it has begun; -1 when it cannot. */
static pid_t fork_waiting_child(void)
{
    int started[2];
    if (pipe(started) != 0)
        return -1;
    pid_t child = sb_child_fork();
    if (child == 0) {
        char byte = 1;
        if (write(started[1], &byte, 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    char byte;
    if (child > 0 && read(started[0], &byte, 1) != 1)
        child = -1;
    close(started[0]);
    close(started[1]);
    return child;
}

/* Fails unless `child`, this process's, ends killed by SIGKILL. One left
 * running is killed, so that a failure leaves nothing behind. */
static void assert_killed(pid_t child)
{
    int status;
    pid_t reaped = 0;
    for (int waited_ms = 0; reaped == 0 && waited_ms < MOST_WAIT_MS; waited_ms += WAIT_STEP_MS) {
        reaped = waitpid(child, &status, WNOHANG);
        if (reaped == 0)
            nanosleep(&(struct timespec){0, WAIT_STEP_MS * 1000000L}, NULL);
    }
    if (reaped == 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        fail_msg("child %d still ran %d ms after its parent ended", (int)child, MOST_WAIT_MS);
    }
    assert_int_equal(reaped, child);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void a_child_dies_with_the_process_that_forked_it(void **state)
{
    (void)state;
    /* The orphan comes to this process, to be waited for. */
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    int pid_pipe[2];
    assert_int_equal(pipe(pid_pipe), 0);
    pid_t parent = fork();
    assert_true(parent >= 0);
    if (parent == 0) {
        pid_t child = fork_waiting_child();
        _exit(write(pid_pipe[1], &child, sizeof child) == sizeof child && child > 0 ? 0 : 1);
    }
    pid_t child;
    assert_int_equal(read(pid_pipe[0], &child, sizeof child), sizeof child);
    close(pid_pipe[0]);
    close(pid_pipe[1]);
    int status;
    assert_int_equal(waitpid(parent, &status, 0), parent);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_killed(child);
    assert_no_child_is_left();
    prctl(PR_SET_CHILD_SUBREAPER, 0);
}

static void *fork_from_thread(void *child)
{
    *(pid_t *)child = fork_waiting_child();
    return NULL;
}

static void a_child_dies_with_the_thread_that_forked_it(void **state)
{
    (void)state;
    /* The process lives on: only the thread that forked the child ends. */
    pthread_t thread;
    pid_t child;
    assert_int_equal(pthread_create(&thread, NULL, fork_from_thread, &child), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_true(child > 0);
    assert_killed(child);
    assert_no_child_is_left();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_child_runs_and_exits_as_any_does),
        cmocka_unit_test(a_child_dies_with_the_process_that_forked_it),
        cmocka_unit_test(a_child_dies_with_the_thread_that_forked_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
