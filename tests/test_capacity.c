/* capacity: what it reads from folders that stand for /proc and the cgroup
 * file system (sb_capacity_read_from), so that every source is tried,
 * cgroup v2's included on a machine without it: the task ids left under
 * kernel.pid_max, kernel.threads-max and the cgroup's pids.max, each less
 * the ids in use, the smallest with its reason; the memory left, half of
 * MemAvailable or of the cgroup's free memory.max, the smaller, in MiB in
 * its reason; a cgroup whose memory is all used counted out; and the
 * descriptors in use, the entries of self/fd less the reader's own. */
#include "base/capacity.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "proc_fixture.h"

/* A machine of 32,768 pids, 100,000 threads, 300 tasks, 2 GiB available,
 * in the cgroup /bench.slice of pids.max 500 (120 used) and memory.max
 * 1 GiB (512 MiB used). */
static int setup(void **state)
{
    (void)state;
    proc_fixture_open();
    proc_fixture_put("proc/loadavg", "0.00 0.01 0.05 2/300 12345\n");
    proc_fixture_put("proc/meminfo",
                     "MemTotal:        8388608 kB\nMemFree:         1048576 kB\nMemAvailable:    2097152 kB\n");
    proc_fixture_put("proc/sys/kernel/pid_max", "32768\n");
    proc_fixture_put("proc/sys/kernel/threads-max", "100000\n");
    proc_fixture_put("proc/self/cgroup", "0::/bench.slice\n");
    proc_fixture_put("cgroup/bench.slice/pids.max", "500\n");
    proc_fixture_put("cgroup/bench.slice/pids.current", "120\n");
    proc_fixture_put("cgroup/bench.slice/memory.max", "1073741824\n");
    proc_fixture_put("cgroup/bench.slice/memory.current", "536870912\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    proc_fixture_close();
    return 0;
}

/* The task ids RLIMIT_NPROC leaves with `in_use`; ULLONG_MAX without a limit. */
static unsigned long long nproc_room(unsigned long long in_use)
{
    struct rlimit nproc;
    if (getrlimit(RLIMIT_NPROC, &nproc) != 0 || nproc.rlim_cur == RLIM_INFINITY)
        return ULLONG_MAX;
    return nproc.rlim_cur > in_use ? nproc.rlim_cur - in_use : 0;
}

static void the_cgroups_pids_max_leaves_the_fewest_task_ids(void **state)
{
    (void)state;
    if (nproc_room(300) < 380)
        skip(); /* RLIMIT_NPROC leaves fewer still here */
    sb_capacity tasks = sb_capacity_tasks();
    assert_int_equal(tasks.count, 500 - 120);
    assert_string_equal(tasks.reason, "the cgroup's pids.max is 500 with 120 in use");
}

static void without_a_cgroup_the_kernels_limits_less_a_tenth_and_the_tasks_in_use(void **state)
{
    (void)state;
    proc_fixture_put("proc/self/cgroup", "1:name=systemd:/user.slice\n");
    /* pid_max less a tenth (3,276, more than the least kept, 1,024), less the 300 in use. */
    unsigned long long expected = 32768 - 3276 - 300;
    if (nproc_room(300) < expected)
        skip();
    sb_capacity tasks = sb_capacity_tasks();
    assert_int_equal(tasks.count, expected);
    assert_string_equal(tasks.reason, "kernel.pid_max, less the ids kept free, is 29492 with 300 in use");
}

static void the_cgroups_free_memory_halved_is_the_smaller(void **state)
{
    (void)state;
    sb_capacity memory = sb_capacity_memory(1 << 20);
    assert_int_equal(memory.count, 256);
    assert_string_equal(memory.reason, "half of the cgroup's free memory.max (512 MiB) at 1048576 bytes each");
}

static void without_a_cgroup_half_of_memavailable(void **state)
{
    (void)state;
    proc_fixture_put("proc/self/cgroup", "1:name=systemd:/user.slice\n");
    sb_capacity memory = sb_capacity_memory(1 << 20);
    assert_int_equal(memory.count, 1024);
    assert_string_equal(memory.reason, "half of MemAvailable (2048 MiB) at 1048576 bytes each");
}

static void a_cgroup_with_its_memory_all_used_is_counted_out(void **state)
{
    (void)state;
    proc_fixture_put("cgroup/bench.slice/memory.current", "1073741824\n");
    sb_capacity memory = sb_capacity_memory(1 << 20);
    assert_int_equal(memory.count, 1024);
    assert_string_equal(memory.reason, "half of MemAvailable (2048 MiB) at 1048576 bytes each");
}

/* Four entries in self/fd, one of them the reader's own: three in use. */
static void the_descriptors_in_use_are_those_in_self_fd_less_the_readers(void **state)
{
    (void)state;
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) != 0 || nofile.rlim_cur == RLIM_INFINITY)
        skip(); /* no limit, so nothing is counted */
    for (int fd = 0; fd < 4; fd++) {
        char name[32];
        snprintf(name, sizeof name, "proc/self/fd/%d", fd);
        proc_fixture_put(name, "");
    }
    sb_capacity descriptors = sb_capacity_descriptors(2);
    if (!strstr(descriptors.reason, " is ") || !strstr(descriptors.reason, " with 3 in use, at 2 each"))
        fail_msg("reason: %s", descriptors.reason);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_cgroups_pids_max_leaves_the_fewest_task_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(without_a_cgroup_the_kernels_limits_less_a_tenth_and_the_tasks_in_use, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_cgroups_free_memory_halved_is_the_smaller, setup, teardown),
        cmocka_unit_test_setup_teardown(without_a_cgroup_half_of_memavailable, setup, teardown),
        cmocka_unit_test_setup_teardown(a_cgroup_with_its_memory_all_used_is_counted_out, setup, teardown),
        cmocka_unit_test_setup_teardown(the_descriptors_in_use_are_those_in_self_fd_less_the_readers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
