/* python_peer: a Python script as a child spoken to in lines. Each way a
 * peer can fail (no interpreter, no script, a script that ends or says
 * something else before "ready", one that replies "error", dies, hangs or
 * will not end) is a message naming what happened and no child left
 * behind; a peer that writes much to stderr or a long reply is still read
 * whole. The runner of the cpython family, killed, takes its pool's
 * workers with it. */
#include "python_peer.h"

#include "base/error.h"
#include "child_checks.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#ifndef SB_TEST_DIR
#error "the build names the tests' folder (SB_TEST_DIR)"
#endif

static const char PYTHON[] = "/usr/bin/python3";
static const char FAKE[] = SB_TEST_DIR "/cpython_fake_peer.py";

static sb_python_peer *start_fake(const char *mode)
{
    const char *const args[] = {mode, NULL};
    return sb_python_peer_start(PYTHON, FAKE, args);
}

static void assert_error_says(const char *words)
{
    if (!strstr(sb_last_error(), words))
        fail_msg("the error '%s' does not say '%s'", sb_last_error(), words);
}

static void a_missing_interpreter_is_named(void **state)
{
    (void)state;
    assert_null(sb_python_peer_start("/nonexistent/python3", "job.py", NULL));
    assert_error_says("no Python interpreter at '/nonexistent/python3'");
    assert_no_child_is_left();
}

static void a_missing_script_is_named(void **state)
{
    (void)state;
    assert_null(sb_python_peer_start(PYTHON, "/nonexistent/script.py", NULL));
    assert_error_says("no Python script at '/nonexistent/script.py'");
    assert_no_child_is_left();
}

static void a_script_found_by_name_is_the_suites(void **state)
{
    (void)state;
    const char *const args[] = {"--peer", NULL};
    sb_python_peer *peer = sb_python_peer_start(PYTHON, "job.py", args);
    assert_non_null(peer);
    char *version = sb_python_peer_ask(peer, "about version");
    assert_non_null(version);
    assert_true(strncmp(version, "3.", 2) == 0);
    free(version);
    sb_python_peer_stop(peer);
    assert_no_child_is_left();
}

static void a_script_that_ends_before_ready_says_why(void **state)
{
    (void)state;
    assert_null(start_fake("exit"));
    assert_error_says("cpython_fake_peer.py ended before saying 'ready' (exit status 1): gone on purpose");
    assert_no_child_is_left();
}

static void a_script_that_says_something_else_is_refused(void **state)
{
    (void)state;
    assert_null(start_fake("chatty"));
    assert_error_says("said 'hello' instead of 'ready'");
    assert_no_child_is_left();
}

static void replies_come_back_as_lines(void **state)
{
    (void)state;
    sb_python_peer *peer = start_fake("serve");
    assert_non_null(peer);
    char *reply = sb_python_peer_ask(peer, "echo one two");
    assert_string_equal(reply, "one two");
    free(reply);
    /* Longer than any one read, and than the buffer it starts with. */
    reply = sb_python_peer_ask(peer, "long 100000");
    assert_non_null(reply);
    assert_int_equal(strlen(reply), 100000);
    assert_int_equal(strspn(reply, "x"), 100000);
    free(reply);
    sb_python_peer_stop(peer);
    assert_no_child_is_left();
}

static void a_request_is_one_line(void **state)
{
    (void)state;
    sb_python_peer *peer = start_fake("serve");
    assert_non_null(peer);
    assert_null(sb_python_peer_ask(peer, "echo one\necho two"));
    assert_error_says("is one line");
    char *reply = sb_python_peer_ask(peer, "echo still here");
    assert_string_equal(reply, "still here");
    free(reply);
    sb_python_peer_stop(peer);
    assert_no_child_is_left();
}

static void an_error_reply_is_the_reason_and_the_peer_goes_on(void **state)
{
    (void)state;
    sb_python_peer *peer = start_fake("serve");
    assert_non_null(peer);
    assert_null(sb_python_peer_ask(peer, "fail"));
    assert_error_says("cpython_fake_peer.py could not do 'fail': broken on purpose");
    char *reply = sb_python_peer_ask(peer, "echo again");
    assert_string_equal(reply, "again");
    free(reply);
    sb_python_peer_stop(peer);
    assert_no_child_is_left();
}

static void a_peer_that_dies_is_reaped_and_asked_no_more(void **state)
{
    (void)state;
    sb_python_peer *peer = start_fake("serve");
    assert_non_null(peer);
    assert_null(sb_python_peer_ask(peer, "die"));
    assert_error_says("ended before its reply to 'die' (exit status 3)");
    assert_no_child_is_left();
    assert_null(sb_python_peer_ask(peer, "echo anyone"));
    assert_error_says("it has ended");
    sb_python_peer_stop(peer);
}

static void a_peer_that_hangs_is_killed_on_its_limit(void **state)
{
    (void)state;
    sb_python_peer *peer = start_fake("serve");
    assert_non_null(peer);
    sb_python_peer_set_timeout(peer, 0.5);
    assert_null(sb_python_peer_ask(peer, "hang"));
    assert_error_says("was killed after 0.5 s without its reply to 'hang' (killed by signal 9)");
    assert_no_child_is_left();
    sb_python_peer_stop(peer);
}

static void much_on_stderr_blocks_nothing(void **state)
{
    (void)state;
    sb_python_peer *peer = start_fake("serve");
    assert_non_null(peer);
    /* Far more than a pipe holds: a peer whose stderr were not read would
     * block on it and never reply. */
    char *reply = sb_python_peer_ask(peer, "noisy 1000000");
    assert_string_equal(reply, "quiet");
    free(reply);
    sb_python_peer_stop(peer);
    assert_no_child_is_left();
}

static void a_peer_that_will_not_end_is_killed_when_stopped(void **state)
{
    (void)state;
    sb_python_peer *peer = start_fake("stubborn");
    assert_non_null(peer);
    sb_python_peer_stop(peer);
    assert_no_child_is_left();
}

/* Reaps every child of this process as it ends, for at most `seconds`;
 * false when some are still running then. */
static bool children_all_end(int seconds)
{
    for (int waited_ms = 0; waited_ms < seconds * 1000; waited_ms += 10) {
        pid_t reaped;
        while ((reaped = waitpid(-1, NULL, WNOHANG)) > 0)
            ;
        if (reaped < 0 && errno == ECHILD)
            return true;
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    }
    return false;
}

static void a_killed_runner_takes_its_pools_workers_with_it(void **state)
{
    (void)state;
    /* This process adopts what the runner leaves, so that a worker that
     * outlived it would show here. */
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    const char *const args[] = {"--peer", NULL};
    sb_python_peer *peer = sb_python_peer_start(PYTHON, "job.py", args);
    assert_non_null(peer);
    sb_python_peer_set_timeout(peer, 2);
    /* Two workers, each sleeping through a ten-minute task. */
    assert_null(sb_python_peer_ask(peer, "job process_pool timer 600000000000 2 2"));
    assert_error_says("was killed after 2 s");
    if (!children_all_end(20))
        fail_msg("the pool's workers outlived their runner");
    sb_python_peer_stop(peer);
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_missing_interpreter_is_named),
        cmocka_unit_test(a_missing_script_is_named),
        cmocka_unit_test(a_script_found_by_name_is_the_suites),
        cmocka_unit_test(a_script_that_ends_before_ready_says_why),
        cmocka_unit_test(a_script_that_says_something_else_is_refused),
        cmocka_unit_test(replies_come_back_as_lines),
        cmocka_unit_test(a_request_is_one_line),
        cmocka_unit_test(an_error_reply_is_the_reason_and_the_peer_goes_on),
        cmocka_unit_test(a_peer_that_dies_is_reaped_and_asked_no_more),
        cmocka_unit_test(a_peer_that_hangs_is_killed_on_its_limit),
        cmocka_unit_test(much_on_stderr_blocks_nothing),
        cmocka_unit_test(a_peer_that_will_not_end_is_killed_when_stopped),
        cmocka_unit_test(a_killed_runner_takes_its_pools_workers_with_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
