/* machine_load: the arithmetic between two marks, none without time
 * between them; on a machine of the test's own (its /proc/stat and
 * /proc/loadavg written by the test) that this process's CPU time and its
 * waited-for children's are not others', while any more busy time is, that
 * the reader of procs_running does not count itself and reads it once a
 * millisecond (on a stand-in clock), and that the load
 * averages are read, a mark refused without them; and on this machine that
 * a spinning child counts as other work, both in CPU time and as a runnable
 * task, and the governor is the kernel's. */
#include "base/child.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/machine_load.h"

#include <signal.h>
#include <stdbool.h>
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

#include "near.h"

static void others_are_the_busy_time_less_our_own(void **state)
{
    (void)state;
    sb_machine_mark before = {.at_ns = 0, .busy_s = 10, .steal_s = 1, .total_s = 100, .own_cpu_s = 2};
    sb_machine_mark after = {.at_ns = 2000000000, .busy_s = 13, .steal_s = 1.5, .total_s = 104, .own_cpu_s = 3};
    sb_machine_load load = sb_machine_load_between(&before, &after);
    assert_near(load.run_s, 2.0, 1e-12);
    assert_near(load.others_cpu_pus, (3.0 - 1.0) / 2.0, 1e-12);
    assert_near(load.steal_share, 0.5 / 4.0, 1e-12);
}

static void no_time_between_the_marks_is_no_load(void **state)
{
    (void)state;
    sb_machine_mark mark = {.at_ns = 1000, .busy_s = 10, .steal_s = 1, .total_s = 100, .own_cpu_s = 2};
    sb_machine_load load = sb_machine_load_between(&mark, &mark);
    /* Exactly: cmocka's float comparison lets a NaN pass. */
    assert_true(load.run_s == 0 && load.others_cpu_pus == 0 && load.steal_share == 0);
}

static void rounding_never_makes_negative_others(void **state)
{
    (void)state;
    sb_machine_mark before = {.at_ns = 0, .busy_s = 10, .total_s = 100, .own_cpu_s = 2};
    sb_machine_mark after = {.at_ns = 1000000000, .busy_s = 10.99, .total_s = 102, .own_cpu_s = 3};
    assert_near(sb_machine_load_between(&before, &after).others_cpu_pus, 0.0, 0.0);
}

/* The machine the readers read while a test of it runs. */
static char machine_dir[64], stat_file[96], loadavg_file[96];

static int use_a_machine_of_our_own(void **state)
{
    (void)state;
    snprintf(machine_dir, sizeof machine_dir, "/tmp/machine_load.XXXXXX");
    if (!mkdtemp(machine_dir))
        return -1;
    snprintf(stat_file, sizeof stat_file, "%s/stat", machine_dir);
    snprintf(loadavg_file, sizeof loadavg_file, "%s/loadavg", machine_dir);
    sb_machine_load_read_from(stat_file, loadavg_file);
    return 0;
}

static int use_the_kernels(void **state)
{
    (void)state;
    sb_machine_load_read_from(NULL, NULL);
    unlink(stat_file);
    unlink(loadavg_file);
    return rmdir(machine_dir);
}

/* /proc/stat's cpu line, in clock ticks. */
typedef struct cpu_ticks {
    unsigned long long user, nice, system, idle, iowait, irq, softirq, steal;
} cpu_ticks;

/* Writes the machine's /proc/stat and /proc/loadavg as the kernel lays them out. */
static void write_machine(const cpu_ticks *t, long procs_running)
{
    FILE *stat = fopen(stat_file, "w");
    assert_non_null(stat);
    fprintf(stat,
            "cpu  %llu %llu %llu %llu %llu %llu %llu %llu 0 0\n"
            "cpu0 %llu %llu %llu %llu %llu %llu %llu %llu 0 0\n"
            "intr 0\nctxt 0\nbtime 0\nprocesses 0\nprocs_running %ld\nprocs_blocked 0\n",
            t->user, t->nice, t->system, t->idle, t->iowait, t->irq, t->softirq, t->steal, t->user, t->nice,
            t->system, t->idle, t->iowait, t->irq, t->softirq, t->steal, procs_running);
    assert_int_equal(fclose(stat), 0);
    FILE *loadavg = fopen(loadavg_file, "w");
    assert_non_null(loadavg);
    fprintf(loadavg, "0.50 1.25 3.00 %ld/345 6789\n", procs_running);
    assert_int_equal(fclose(loadavg), 0);
}

/* This process's CPU seconds, its waited-for children's included. */
static double own_cpu_s(void)
{
    struct rusage self, children;
    assert_int_equal(getrusage(RUSAGE_SELF, &self), 0);
    assert_int_equal(getrusage(RUSAGE_CHILDREN, &children), 0);
    return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec + children.ru_stime.tv_sec) +
           (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec +
                    children.ru_stime.tv_usec) / 1e6;
}

static void spin_for_cpu_s(double seconds)
{
    double start = own_cpu_s();
    while (own_cpu_s() - start < seconds)
        ;
}

/* Other processes' CPU seconds between the marks. */
static double others_cpu_s(const sb_machine_mark *before, const sb_machine_mark *after)
{
    sb_machine_load load = sb_machine_load_between(before, after);
    return load.others_cpu_pus * load.run_s;
}

/* The machine's busy time grows by exactly what this process and a child it
 * waited for used (rounded down to ticks, on user and system), beside idle,
 * IO wait and stolen time: others used nothing. Then 0.1 s more busy time
 * is others', less at most the tick the rounding kept from ours. */
static void our_own_cpu_time_is_not_others(void **state)
{
    (void)state;
    long tick_hz = sysconf(_SC_CLK_TCK);
    cpu_ticks ticks = {.user = 1000, .system = 500, .idle = 20000, .iowait = 100, .steal = 10};
    write_machine(&ticks, 1);
    sb_machine_mark before, after;
    double own_before = own_cpu_s();
    assert_int_equal(sb_machine_mark_now(&before), 0);
    /* Bound to this thread: it dies with the test, however the test ends. */
    pid_t child = sb_child_fork();
    assert_true(child >= 0);
    if (child == 0) {
        spin_for_cpu_s(0.05);
        _exit(0);
    }
    spin_for_cpu_s(0.1);
    assert_int_equal(waitpid(child, NULL, 0), child);
    unsigned long long ours = (unsigned long long)((own_cpu_s() - own_before) * (double)tick_hz);
    ticks.user += ours / 2;
    ticks.system += ours - ours / 2;
    ticks.idle += 300;
    ticks.iowait += 20;
    ticks.steal += 30;
    write_machine(&ticks, 1);
    assert_int_equal(sb_machine_mark_now(&after), 0);
    sb_machine_load load = sb_machine_load_between(&before, &after);
    assert_near(load.others_cpu_pus, 0.0, 0.0);
    assert_near(load.steal_share, 30.0 / (double)(ours + 300 + 20 + 30), 1e-12);

    ticks.user += (unsigned long long)tick_hz / 10;
    write_machine(&ticks, 1);
    assert_int_equal(sb_machine_mark_now(&after), 0);
    double others_s = others_cpu_s(&before, &after);
    if (others_s > 0.1 + 1e-9 || others_s < 0.1 - 2.0 / (double)tick_hz)
        fail_msg("others used %g s of the 0.1 s more the machine was busy", others_s);
}

/* procs_running counts the task that reads it: that one is not an other. */
static void the_reader_is_not_among_the_runnable_others(void **state)
{
    (void)state;
    cpu_ticks ticks = {.user = 1000, .idle = 20000};
    write_machine(&ticks, 1);
    assert_near(sb_machine_runnable_others(0), 0.0, 0.0);
    write_machine(&ticks, 4);
    assert_near(sb_machine_runnable_others(0), 3.0, 0.0);
    FILE *stat = fopen(stat_file, "w");
    assert_non_null(stat);
    fprintf(stat, "cpu  1 2 3 4 5 6 7 8 0 0\n");
    assert_int_equal(fclose(stat), 0);
    assert_near(sb_machine_runnable_others(0), -1.0, 0.0);
    assert_non_null(strstr(sb_last_error(), "has no procs_running line"));
}

/* The clock and the sleep, standing in while `stand_in.on`: a sleep moves
 * the clock on by its length and is counted (both are wrapped at link
 * time, see tests/CMakeLists.txt). */
static struct {
    bool on;
    uint64_t now_ns;
    unsigned sleeps;
} stand_in;

uint64_t __real_sb_clock_ns(void);
void __real_sb_sleep_ns(uint64_t ns);
uint64_t __wrap_sb_clock_ns(void);
void __wrap_sb_sleep_ns(uint64_t ns);

uint64_t __wrap_sb_clock_ns(void)
{
    return stand_in.on ? stand_in.now_ns : __real_sb_clock_ns();
}

void __wrap_sb_sleep_ns(uint64_t ns)
{
    if (!stand_in.on) {
        __real_sb_sleep_ns(ns);
        return;
    }
    stand_in.now_ns += ns;
    stand_in.sleeps++;
}

/* Over 10 ms, procs_running is read once a millisecond: ten reads, each
 * followed by a millisecond's sleep. */
static void the_runnable_are_read_once_a_millisecond(void **state)
{
    (void)state;
    cpu_ticks ticks = {.user = 1000, .idle = 20000};
    write_machine(&ticks, 3);
    stand_in.on = true;
    stand_in.now_ns = 5000000000u;
    stand_in.sleeps = 0;
    double others = sb_machine_runnable_others(0.010);
    stand_in.on = false;
    assert_near(others, 2.0, 0.0);
    assert_int_equal(stand_in.sleeps, 10);
    assert_int_equal(stand_in.now_ns, 5010000000u);
}

static void a_mark_reads_the_load_averages(void **state)
{
    (void)state;
    cpu_ticks ticks = {.user = 1000, .idle = 20000};
    write_machine(&ticks, 2);
    sb_machine_mark mark;
    assert_int_equal(sb_machine_mark_now(&mark), 0);
    assert_near(mark.load_avg[0], 0.5, 0.0);
    assert_near(mark.load_avg[1], 1.25, 0.0);
    assert_near(mark.load_avg[2], 3.0, 0.0);
}

static void a_machine_without_load_averages_is_refused(void **state)
{
    (void)state;
    cpu_ticks ticks = {.user = 1000, .idle = 20000};
    write_machine(&ticks, 2);
    FILE *loadavg = fopen(loadavg_file, "w");
    assert_non_null(loadavg);
    fprintf(loadavg, "none\n");
    assert_int_equal(fclose(loadavg), 0);
    sb_machine_mark mark;
    assert_int_equal(sb_machine_mark_now(&mark), -1);
    assert_non_null(strstr(sb_last_error(), "does not start with three load averages"));
}

static void a_machine_without_its_stat_file_is_refused_naming_it(void **state)
{
    (void)state;
    char said[160];
    snprintf(said, sizeof said, "cannot open %s: No such file or directory", stat_file);
    sb_machine_mark mark;
    assert_int_equal(sb_machine_mark_now(&mark), -1);
    assert_string_equal(sb_last_error(), said);
    sb_set_error("an earlier error");
    assert_near(sb_machine_runnable_others(0), -1.0, 0.0);
    assert_string_equal(sb_last_error(), said);
}

static void a_spinning_child_is_other_work(void **state)
{
    (void)state;
    sb_machine_mark before, now;
    assert_int_equal(sb_machine_mark_now(&before), 0);
    /* Bound to this thread: it dies with the test, however the test ends. */
    pid_t child = sb_child_fork();
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

/* The kernel's word for it, or "none" where it offers no frequency scaling. */
static void the_governor_is_named(void **state)
{
    (void)state;
    char text[64], kernels[64] = "none";
    FILE *file = fopen("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "re");
    if (file) {
        if (fgets(kernels, sizeof kernels, file))
            kernels[strcspn(kernels, "\n")] = '\0';
        fclose(file);
    }
    const char *governor = sb_machine_governor(text, sizeof text);
    assert_ptr_equal(governor, text);
    assert_string_equal(governor, kernels);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(others_are_the_busy_time_less_our_own),
        cmocka_unit_test(rounding_never_makes_negative_others),
        cmocka_unit_test(no_time_between_the_marks_is_no_load),
        cmocka_unit_test_setup_teardown(our_own_cpu_time_is_not_others, use_a_machine_of_our_own, use_the_kernels),
        cmocka_unit_test_setup_teardown(the_reader_is_not_among_the_runnable_others, use_a_machine_of_our_own,
                                        use_the_kernels),
        cmocka_unit_test_setup_teardown(the_runnable_are_read_once_a_millisecond, use_a_machine_of_our_own,
                                        use_the_kernels),
        cmocka_unit_test_setup_teardown(a_mark_reads_the_load_averages, use_a_machine_of_our_own, use_the_kernels),
        cmocka_unit_test_setup_teardown(a_machine_without_load_averages_is_refused, use_a_machine_of_our_own,
                                        use_the_kernels),
        cmocka_unit_test_setup_teardown(a_machine_without_its_stat_file_is_refused_naming_it, use_a_machine_of_our_own,
                                        use_the_kernels),
        cmocka_unit_test(a_spinning_child_is_other_work),
        cmocka_unit_test(the_governor_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
