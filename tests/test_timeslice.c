/* timeslice: a round starts every spinner, each one runs and reports its own
 * count and switches, and none is left behind when the round is over. Rounds
 * are short and oversubscribed (three spinners per PU); nothing here depends
 * on how fast they run. */
#include "base/error.h"
#include "base/task_hooks.h"
#include "probes/timeslice.h"

#include <dirent.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "child_checks.h"
#include "topology_fixture.h"

enum { WINDOW_NS = 20 * 1000 * 1000, PROBE_PERIOD_NS = 1000 * 1000, SPINNERS_PER_PU = 3 };

static unsigned threads_of_this_process(void)
{
    DIR *tasks = opendir("/proc/self/task");
    assert_non_null(tasks);
    unsigned count = 0;
    for (struct dirent *entry; (entry = readdir(tasks));)
        count += entry->d_name[0] != '.';
    closedir(tasks);
    return count;
}

/* Runs a round of `kind` spinners, three per PU, pinned to every PU. */
static void run_round(sb_spinner_kind kind, sb_timeslice_result *result)
{
    unsigned pus = sb_topology_count(topology, HWLOC_OBJ_PU);
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, pus);
    assert_non_null(placement);
    sb_timeslice_round round = {
        .kind = kind,
        .spinners = SPINNERS_PER_PU * pus,
        .placement = placement,
        .window_ns = WINDOW_NS,
        .probe_period_ns = PROBE_PERIOD_NS,
    };
    if (sb_timeslice_run(&round, result) != 0)
        fail_msg("round of %s spinners failed: %s", sb_spinner_kind_name(kind), sb_last_error());
    sb_placement_free(placement);
}

/* What every round reports, however the scheduler treated it. */
static void assert_every_spinner_reported(const sb_timeslice_result *result)
{
    unsigned spinners = SPINNERS_PER_PU * sb_topology_count(topology, HWLOC_OBJ_PU);
    /* The window ends at an absolute deadline, which is never early. */
    assert_true(result->window_s >= WINDOW_NS / 1e9);
    for (unsigned i = 0; i < spinners; i++) {
        const sb_spinner_result *s = &result->spinners[i];
        assert_true(s->steps >= SB_TASK_CHECKPOINT_STEPS);
        assert_int_equal(s->steps % SB_TASK_CHECKPOINT_STEPS, 0);
        assert_true(s->window_steps <= s->steps);
        assert_true(s->spin_s > 0);
        assert_true(s->voluntary_switches >= 0 && s->involuntary_switches >= 0);
    }
    assert_true(result->probe_samples <= WINDOW_NS / PROBE_PERIOD_NS + 1);
    for (size_t i = 0; i < result->probe_samples; i++)
        assert_true(result->probe_lateness_ns[i] >= 0);
}

/* Runs two rounds and checks the second: a sanitizer starts a thread of its
 * own along with a process's first new thread, which the first round may
 * leave behind, but no round may leave one of its own. */
static void run_rounds_leaving_no_thread(sb_spinner_kind kind, sb_timeslice_result *result)
{
    run_round(kind, result);
    sb_timeslice_result_free(result);
    unsigned threads_before = threads_of_this_process();
    run_round(kind, result);
    assert_int_equal(threads_of_this_process(), threads_before);
}

static void thread_spinners_all_run_and_are_joined(void **state)
{
    (void)state;
    sb_timeslice_result result;
    run_rounds_leaving_no_thread(SB_SPINNER_THREADS, &result);
    assert_every_spinner_reported(&result);
    sb_timeslice_result_free(&result);
}

static void process_spinners_all_run_and_are_reaped(void **state)
{
    (void)state;
    sb_timeslice_result result;
    run_rounds_leaving_no_thread(SB_SPINNER_PROCESSES, &result);
    /* Counts that only the children could have written. */
    assert_every_spinner_reported(&result);
    assert_no_child_is_left();
    sb_timeslice_result_free(&result);
}

static void a_round_without_spinners_or_placement_is_refused(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, 1);
    assert_non_null(placement);
    sb_timeslice_round round = {
        .kind = SB_SPINNER_PROCESSES,
        .spinners = 0,
        .placement = placement,
        .window_ns = WINDOW_NS,
        .probe_period_ns = PROBE_PERIOD_NS,
    };
    sb_timeslice_result result;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    assert_non_null(strstr(sb_last_error(), "at least 1 spinner"));
    round.spinners = 1;
    round.placement = NULL;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    round.placement = placement;
    round.kind = SB_SPINNER_KIND_COUNT;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    assert_no_child_is_left();
    sb_placement_free(placement);
}

static void spinner_kinds_are_named_like_the_models(void **state)
{
    (void)state;
    assert_string_equal(sb_spinner_kind_name(SB_SPINNER_THREADS), "thread");
    assert_string_equal(sb_spinner_kind_name(SB_SPINNER_PROCESSES), "process");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thread_spinners_all_run_and_are_joined),
        cmocka_unit_test(process_spinners_all_run_and_are_reaped),
        cmocka_unit_test(a_round_without_spinners_or_placement_is_refused),
        cmocka_unit_test(spinner_kinds_are_named_like_the_models),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
