/* placement: each policy's plan, and that binding really moves the calling
 * thread or process onto the planned PU (checked with sched_getcpu). */
#include "base/error.h"
#include "base/placement.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

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

static void compact_fills_pus_in_topology_order_and_wraps(void **state)
{
    (void)state;
    unsigned workers = 2 * pus + 1;
    sb_placement *p = sb_placement_plan(topology, SB_PLACE_COMPACT, workers);
    assert_non_null(p);
    for (unsigned w = 0; w < workers; w++)
        assert_int_equal(sb_placement_pu(p, w), os_index_of_pu(topology, w % pus));
    sb_placement_free(p);
}

static void scatter_uses_distinct_pus_until_they_run_out(void **state)
{
    (void)state;
    sb_placement *p = sb_placement_plan(topology, SB_PLACE_SCATTER, pus);
    assert_non_null(p);
    for (unsigned a = 0; a < pus; a++)
        for (unsigned b = a + 1; b < pus; b++)
            assert_int_not_equal(sb_placement_pu(p, a), sb_placement_pu(p, b));
    sb_placement_free(p);

    /* Twice as many workers as PUs: every PU takes exactly two. */
    p = sb_placement_plan(topology, SB_PLACE_SCATTER, 2 * pus);
    assert_non_null(p);
    for (unsigned logical = 0; logical < pus; logical++) {
        int uses = 0;
        for (unsigned w = 0; w < 2 * pus; w++)
            uses += sb_placement_pu(p, w) == os_index_of_pu(topology, logical);
        assert_int_equal(uses, 2);
    }
    sb_placement_free(p);
}

static void single_puts_everyone_on_the_first_pu(void **state)
{
    (void)state;
    sb_placement *p = sb_placement_plan(topology, SB_PLACE_SINGLE, 5);
    assert_non_null(p);
    for (unsigned w = 0; w < 5; w++)
        assert_int_equal(sb_placement_pu(p, w), os_index_of_pu(topology, 0));
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

static void binding_a_process_moves_it_to_the_planned_pu(void **state)
{
    (void)state;
    sb_placement *p = sb_placement_plan(topology, SB_PLACE_COMPACT, pus);
    assert_non_null(p);
    for (unsigned w = 0; w < pus; w++) {
        pid_t child = fork();
        assert_true(child >= 0);
        if (child == 0)
            _exit(sb_placement_bind_process(p, w) == 0 && sched_getcpu() == sb_placement_pu(p, w) ? 0 : 1);
        int status;
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    sb_placement_free(p);
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
        cmocka_unit_test(compact_fills_pus_in_topology_order_and_wraps),
        cmocka_unit_test(scatter_uses_distinct_pus_until_they_run_out),
        cmocka_unit_test(single_puts_everyone_on_the_first_pu),
        cmocka_unit_test(binding_the_thread_moves_it_to_the_planned_pu),
        cmocka_unit_test(binding_a_process_moves_it_to_the_planned_pu),
        cmocka_unit_test(a_confined_thread_sees_only_its_pu),
        cmocka_unit_test(topology_describes_its_counts),
    };
    return cmocka_run_group_tests(tests, open_topology_and_count_pus, close_topology);
}
