/* placement on this machine: that binding really moves the calling thread
 * or process onto the planned PU (checked with sched_getcpu and with the
 * affinity the kernel reports), that the check reports a binding the kernel
 * refuses, and that a thread confined to one PU plans on that PU alone. The
 * PUs each policy chooses, here and on other machines, are
 * test_placement_plans.c's. */
#include "base/error.h"
#include "base/placement.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "thread_state.h"
#include "topology_fixture.h"

static unsigned pus;

static int open_topology_and_count_pus(void **state)
{
    if (open_topology(state) != 0)
        return -1;
    pus = sb_topology_count(topology, HWLOC_OBJ_PU);
    return 0;
}

static int os_index_of_pu(const sb_topology *t, unsigned logical)
{
    return (int)hwloc_get_obj_by_type(sb_topology_hwloc(t), HWLOC_OBJ_PU, logical)->os_index;
}

static void policy_names_round_trip(void **state)
{
    (void)state;
    for (int p = 0; p < SB_PLACE_POLICY_COUNT; p++) {
        sb_placement_policy parsed;
        assert_int_equal(sb_placement_policy_parse(sb_placement_policy_name((sb_placement_policy)p), &parsed), 0);
        assert_int_equal(parsed, p);
    }
}

static void unknown_policy_is_rejected_with_the_valid_names(void **state)
{
    (void)state;
    sb_placement_policy parsed;
    assert_int_equal(sb_placement_policy_parse("spread", &parsed), -1);
    assert_non_null(strstr(sb_last_error(), "'spread'"));
    assert_non_null(strstr(sb_last_error(), "compact"));
}

static void zero_workers_is_rejected(void **state)
{
    (void)state;
    assert_null(sb_placement_plan(topology, SB_PLACE_COMPACT, 0));
    assert_non_null(strstr(sb_last_error(), "at least 1"));
}

static void none_binds_nothing(void **state)
{
    (void)state;
    sb_placement *p = sb_placement_plan(topology, SB_PLACE_NONE, 3);
    assert_non_null(p);
    for (unsigned w = 0; w < 3; w++) {
        assert_int_equal(sb_placement_pu(p, w), -1);
        assert_int_equal(sb_placement_bind_thread(p, w), 0);
    }
    sb_placement_free(p);
}

/* Binding is to one PU, so the thread cannot be anywhere else: no timing. */
static void binding_the_thread_moves_it_to_the_planned_pu(void **state)
{
    (void)state;
    for (int policy = SB_PLACE_COMPACT; policy < SB_PLACE_POLICY_COUNT; policy++) {
        sb_placement *p = sb_placement_plan(topology, (sb_placement_policy)policy, pus);
        assert_non_null(p);
        assert_int_equal(sb_placement_check(p), 0);
        sb_saved_binding *saved = sb_placement_save_thread_binding(p);
        assert_non_null(saved);
        for (unsigned w = 0; w < pus; w++) {
            assert_int_equal(sb_placement_bind_thread(p, w), 0);
            assert_int_equal(sched_getcpu(), sb_placement_pu(p, w));
        }
        assert_int_equal(sb_placement_restore_thread_binding(saved), 0);
        sb_placement_free(p);
    }
}

enum { CHILD_CANNOT_TELL = 77 };

/* In a child: widens its affinity to every CPU it may use (so a binding is
 * visible even in a run confined to one CPU), binds the process as worker
 * `w`, and exits 0 only when the kernel reports that both its threads may
 * run on the planned PU alone. */
static void *park_forever(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void bind_process_and_report(const sb_placement *p, unsigned w)
{
    cpu_set_t saved;
    if (widen_affinity(&saved) < 2)
        _exit(CHILD_CANNOT_TELL);
    pthread_t other;
    if (pthread_create(&other, NULL, park_forever, NULL) != 0)
        _exit(2);
    if (sb_placement_bind_process(p, w) != 0)
        _exit(3);
    cpu_set_t others;
    bool other_bound = pthread_getaffinity_np(other, sizeof others, &others) == 0 && CPU_COUNT(&others) == 1 &&
                       CPU_ISSET(sb_placement_pu(p, w), &others);
    _exit(affinity_is_only(0, sb_placement_pu(p, w)) && other_bound && sched_getcpu() == sb_placement_pu(p, w) ? 0
                                                                                                              : 1);
}

static int child_status(pid_t child)
{
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void binding_a_process_moves_it_to_the_planned_pu(void **state)
{
    (void)state;
    sb_placement *p = sb_placement_plan(topology, SB_PLACE_COMPACT, pus);
    assert_non_null(p);
    for (unsigned w = 0; w < pus; w++) {
        pid_t child = fork();
        assert_true(child >= 0);
        if (child == 0)
            bind_process_and_report(p, w);
        int status = child_status(child);
        if (status == CHILD_CANNOT_TELL) {
            sb_placement_free(p);
            skip();
        }
        assert_int_equal(status, 0);
    }
    sb_placement_free(p);
}

/* In a child whose every sched_setaffinity the kernel refuses (a seccomp
 * filter answers EPERM): sb_placement_check must report the refusal. */
static void check_under_refusal_and_report(const sb_placement *p)
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_sched_setaffinity, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {.len = sizeof filter / sizeof filter[0], .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0)
        _exit(CHILD_CANNOT_TELL);
    cpu_set_t mine;
    if (sched_getaffinity(0, sizeof mine, &mine) != 0 || sched_setaffinity(0, sizeof mine, &mine) == 0)
        _exit(CHILD_CANNOT_TELL);
    _exit(sb_placement_check(p) == -1 && strstr(sb_last_error(), "cannot") ? 0 : 1);
}

static void check_fails_when_the_kernel_refuses_a_binding(void **state)
{
    (void)state;
    sb_placement *p = sb_placement_plan(topology, SB_PLACE_COMPACT, pus);
    assert_non_null(p);
    assert_int_equal(sb_placement_check(p), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        check_under_refusal_and_report(p);
    int status = child_status(child);
    sb_placement_free(p);
    if (status == CHILD_CANNOT_TELL)
        skip();
    assert_int_equal(status, 0);
}

/* A thread confined to one CPU (as by taskset) sees a one-PU machine, and
 * every policy keeps it there. */
static void *open_confined(void *cpu_arg)
{
    int cpu = *(int *)cpu_arg;
    cpu_set_t only;
    CPU_ZERO(&only);
    CPU_SET(cpu, &only);
    if (sched_setaffinity(0, sizeof only, &only) != 0)
        return NULL;
    return sb_topology_open();
}

static void a_confined_thread_sees_only_its_pu(void **state)
{
    (void)state;
    int last_cpu = os_index_of_pu(topology, pus - 1);
    pthread_t thread;
    void *opened;
    assert_int_equal(pthread_create(&thread, NULL, open_confined, &last_cpu), 0);
    assert_int_equal(pthread_join(thread, &opened), 0);
    sb_topology *confined = opened;
    assert_non_null(confined);
    assert_int_equal(sb_topology_count(confined, HWLOC_OBJ_PU), 1);
    for (int policy = SB_PLACE_COMPACT; policy < SB_PLACE_POLICY_COUNT; policy++) {
        sb_placement *p = sb_placement_plan(confined, (sb_placement_policy)policy, 3);
        assert_non_null(p);
        for (unsigned w = 0; w < 3; w++)
            assert_int_equal(sb_placement_pu(p, w), last_cpu);
        sb_placement_free(p);
    }
    sb_topology_close(confined);
}

static void topology_describes_its_counts(void **state)
{
    (void)state;
    char text[256];
    sb_topology_describe(topology, text, sizeof text);
    char expected[32];
    snprintf(expected, sizeof expected, "%u PU", pus);
    assert_non_null(strstr(text, expected));
    assert_true(sb_topology_count(topology, HWLOC_OBJ_CORE) <= pus);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(policy_names_round_trip),
        cmocka_unit_test(unknown_policy_is_rejected_with_the_valid_names),
        cmocka_unit_test(zero_workers_is_rejected),
        cmocka_unit_test(none_binds_nothing),
        cmocka_unit_test(binding_the_thread_moves_it_to_the_planned_pu),
        cmocka_unit_test(binding_a_process_moves_it_to_the_planned_pu),
        cmocka_unit_test(check_fails_when_the_kernel_refuses_a_binding),
        cmocka_unit_test(a_confined_thread_sees_only_its_pu),
        cmocka_unit_test(topology_describes_its_counts),
    };
    return cmocka_run_group_tests(tests, open_topology_and_count_pus, close_topology);
}
