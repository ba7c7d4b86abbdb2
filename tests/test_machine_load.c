/* machine_load: the arithmetic between two marks, and on this machine that a
 * spinning child counts as other work, both in CPU time and as a runnable
 * task, while this process's own CPU time does not. */
#include "base/clock.h"
#include "base/machine_load.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void others_are_the_busy_time_less_our_own(void **state)
{
    (void)state;
    sb_machine_mark before = {.at_ns = 0, .busy_s = 10, .steal_s = 1, .total_s = 100, .own_cpu_s = 2};
    sb_machine_mark after = {.at_ns = 2000000000, .busy_s = 13, .steal_s = 1.5, .total_s = 104, .own_cpu_s = 3};
    sb_machine_load load = sb_machine_load_between(&before, &after);
    assert_float_equal(load.run_s, 2.0, 1e-12);
    assert_float_equal(load.others_cpu_pus, (3.0 - 1.0) / 2.0, 1e-12);
    assert_float_equal(load.steal_share, 0.5 / 4.0, 1e-12);
}

static void rounding_never_makes_negative_others(void **state)
{
    (void)state;
    sb_machine_mark before = {.at_ns = 0, .busy_s = 10, .total_s = 100, .own_cpu_s = 2};
    sb_machine_mark after = {.at_ns = 1000000000, .busy_s = 10.99, .total_s = 102, .own_cpu_s = 3};
    assert_float_equal(sb_machine_load_between(&before, &after).others_cpu_pus, 0.0, 0.0);
}

static void our_own_cpu_time_is_not_others(void **state)
{
    (void)state;
    sb_machine_mark before, now;
    assert_int_equal(sb_machine_mark_now(&before), 0);
    /* Spin until this process has used a tenth of a second. */
    do
        assert_int_equal(sb_machine_mark_now(&now), 0);
    while (now.own_cpu_s - before.own_cpu_s < 0.1);
    assert_true(now.busy_s - before.busy_s > 0);
    assert_true(now.load_avg[0] >= 0);
}

/* Other processes' CPU seconds between the marks. */
static double others_cpu_s(const sb_machine_mark *before, const sb_machine_mark *after)
{
    sb_machine_load load = sb_machine_load_between(before, after);
    return load.others_cpu_pus * load.run_s;
}

static void a_spinning_child_is_other_work(void **state)
{
    (void)state;
    sb_machine_mark before, now;
    assert_int_equal(sb_machine_mark_now(&before), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        for (;;)
            ;
    /* Runnable the whole time: it counts among the others at every sample. */
    assert_true(sb_machine_runnable_others(0.05) >= 1.0);
    /* Until the kernel has charged the machine a tenth of a second more than
     * this process used (the child is not waited for, so not ours), at most
     * a minute. */
    uint64_t give_up = sb_clock_ns() + 60000000000ull;
    do {
        sb_sleep_ns(10000000);
        assert_int_equal(sb_machine_mark_now(&now), 0);
    } while (others_cpu_s(&before, &now) < 0.1 && sb_clock_ns() < give_up);
    kill(child, SIGKILL);
    assert_int_equal(waitpid(child, NULL, 0), child);
    assert_true(others_cpu_s(&before, &now) >= 0.1);
}

static void the_governor_is_named(void **state)
{
    (void)state;
    char text[64];
    const char *governor = sb_machine_governor(text, sizeof text);
    assert_ptr_equal(governor, text);
    assert_true(governor[0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(others_are_the_busy_time_less_our_own),
        cmocka_unit_test(rounding_never_makes_negative_others),
        cmocka_unit_test(our_own_cpu_time_is_not_others),
        cmocka_unit_test(a_spinning_child_is_other_work),
        cmocka_unit_test(the_governor_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
