/* lifecycle: each unit runs its body to the end and is reclaimed (no child
 * process left, no coroutine left, a pooled stack given back), and a process
 * unit leaves other children's exit statuses alone. */
#include "base/error.h"
#include "coro/coro.h"
#include "coro/stack_pool.h"
#include "probes/lifecycle.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void every_unit_lives_and_is_reclaimed(void **state)
{
    (void)state;
    for (int unit = 0; unit < SB_LIFECYCLE_UNIT_COUNT; unit++) {
        for (int life = 0; life < 20; life++)
            if (sb_lifecycle_run((sb_lifecycle_unit)unit) != 0)
                fail_msg("%s: %s", sb_lifecycle_unit_name((sb_lifecycle_unit)unit), sb_last_error());
    }
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

/* A thread may change its coroutine backend only while it has no
 * coroutines: that it can proves the coroutine was destroyed. */
static void a_coroutine_unit_leaves_no_coroutine(void **state)
{
    (void)state;
    assert_int_equal(sb_lifecycle_run(SB_LIFECYCLE_COROUTINE), 0);
    assert_int_equal(sb_coro_use_backend(SB_CORO_BACKEND_UCONTEXT), 0);
    assert_int_equal(sb_lifecycle_run(SB_LIFECYCLE_COROUTINE), 0);
    assert_int_equal(sb_coro_use_backend(SB_CORO_BACKEND_ASM), sb_coro_backend_available(SB_CORO_BACKEND_ASM) ? 0 : -1);
}

/* Its stack goes back to the thread's pool: the next one taken is it. */
static void a_pooled_coroutine_unit_gives_its_stack_back(void **state)
{
    (void)state;
    assert_int_equal(sb_lifecycle_run(SB_LIFECYCLE_POOLED_COROUTINE), 0);
    sb_coro_stack_pool *pool = sb_coro_stack_pool_of_thread(SB_CORO_STACK_DEFAULT);
    sb_coro_stack stack;
    assert_int_equal(sb_coro_stack_pool_take(pool, &stack), 0);
    sb_coro_stack_pool_give(pool, &stack);
    assert_int_equal(sb_coro_use_backend(SB_CORO_BACKEND_UCONTEXT), 0);
    assert_int_equal(sb_coro_use_backend(SB_CORO_BACKEND_ASM), sb_coro_backend_available(SB_CORO_BACKEND_ASM) ? 0 : -1);
    sb_coro_stack_pool_trim_thread();
}

static void a_process_unit_takes_no_other_childs_exit(void **state)
{
    (void)state;
    pid_t other = fork();
    assert_true(other >= 0);
    if (other == 0)
        _exit(7);
    /* Let it end, without reaping it, so that a wait for any child could take it. */
    siginfo_t info;
    assert_int_equal(waitid(P_PID, (id_t)other, &info, WEXITED | WNOWAIT), 0);
    assert_int_equal(sb_lifecycle_run(SB_LIFECYCLE_PROCESS), 0);
    int status;
    assert_int_equal(waitpid(other, &status, 0), other);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 7);
}

static void an_unknown_unit_is_refused(void **state)
{
    (void)state;
    assert_int_equal(sb_lifecycle_run(SB_LIFECYCLE_UNIT_COUNT), -1);
    assert_non_null(strstr(sb_last_error(), "invalid unit"));
    assert_string_equal(sb_lifecycle_unit_name(SB_LIFECYCLE_UNIT_COUNT), "invalid");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_unit_lives_and_is_reclaimed),
        cmocka_unit_test(a_coroutine_unit_leaves_no_coroutine),
        cmocka_unit_test(a_pooled_coroutine_unit_gives_its_stack_back),
        cmocka_unit_test(a_process_unit_takes_no_other_childs_exit),
        cmocka_unit_test(an_unknown_unit_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
