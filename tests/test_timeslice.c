/* timeslice: a round starts every spinner, each one runs and reports its own
 * count and switches, and none is left behind when the round is over. Its
 * window lasts until the probe has the wake-ups asked for and the spinners
 * their rounds, or reports how many wake-ups it fell short by when its cap
 * came first; a probe that may not take its priority fails the round with
 * the reason. Rounds are short and oversubscribed (three spinners per PU);
 * nothing here depends on how fast they run. */
#include "base/error.h"
#include "base/task_hooks.h"
#include "probes/timeslice.h"

#include <sched.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "child_checks.h"
#include "priority_rights.h"
#include "thread_state.h"
#include "topology_fixture.h"

enum {
    PROBE_PERIOD_NS = 1000 * 1000,
    SPINNERS_PER_PU = 3,
    /* What a round waits for (with LONG_CAP_NS, a cap it never needs to
     * reach) */
    WAKEUPS = 10,
    ROUNDS = 2,
    /* A cap that comes first, and wake-ups the probe cannot have by then */
    SHORT_CAP_NS = 20 * 1000 * 1000,
    UNREACHABLE_WAKEUPS = 1000 * 1000,
};
static const uint64_t LONG_CAP_NS = 20ull * 1000 * 1000 * 1000;

/* A round of `kind` spinners, three per PU, pinned to every PU, that waits
 * for WAKEUPS and ROUNDS; its placement is freed with free_round(). */
static sb_timeslice_round round_of(sb_spinner_kind kind)
{
    unsigned pus = sb_topology_count(topology, HWLOC_OBJ_PU);
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, pus);
    assert_non_null(placement);
    return (sb_timeslice_round){
        .kind = kind,
        .spinners = SPINNERS_PER_PU * pus,
        .placement = placement,
        .probe_wakeups = WAKEUPS,
        .rounds = ROUNDS,
        .max_window_ns = LONG_CAP_NS,
        .probe_period_ns = PROBE_PERIOD_NS,
        .probe_priority = SB_PROBE_DEFAULT,
    };
}

static void free_round(sb_timeslice_round *round)
{
    sb_placement_free((sb_placement *)round->placement);
}

static void run(const sb_timeslice_round *round, sb_timeslice_result *result)
{
    if (sb_timeslice_run(round, result) != 0)
        fail_msg("round of %s spinners failed: %s", sb_spinner_kind_name(round->kind), sb_last_error());
}

static void run_round(sb_spinner_kind kind, sb_timeslice_result *result)
{
    sb_timeslice_round round = round_of(kind);
    run(&round, result);
    free_round(&round);
}

/* What every round reports, however the scheduler treated it: the probe
 * woke at least as often as it was waited for, and the spinners went round
 * as many times. */
static void assert_every_spinner_reported(const sb_timeslice_result *result)
{
    unsigned spinners = SPINNERS_PER_PU * sb_topology_count(topology, HWLOC_OBJ_PU);
    assert_true(result->window_s > 0);
    assert_true(result->rounds >= ROUNDS);
    assert_true(result->probe_samples >= WAKEUPS);
    assert_int_equal(result->probe_shortfall, 0);
    for (unsigned i = 0; i < spinners; i++) {
        const sb_spinner_result *s = &result->spinners[i];
        assert_true(s->steps >= SB_TASK_CHECKPOINT_STEPS);
        assert_int_equal(s->steps % SB_TASK_CHECKPOINT_STEPS, 0);
        assert_true(s->window_steps <= s->steps);
        assert_true(s->spin_s > 0);
        assert_true(s->voluntary_switches >= 0 && s->involuntary_switches >= 0);
    }
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
    assert_int_equal(threads_once_down_to(threads_before), threads_before);
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

/* When the cap comes before the wake-ups waited for, the window lasts the
 * cap (an absolute deadline, never early), the probe has no more wake-ups
 * than ticks went by, and the shortfall is what it lacked. */
static void a_round_capped_short_reports_its_shortfall(void **state)
{
    (void)state;
    sb_timeslice_round round = round_of(SB_SPINNER_THREADS);
    round.probe_wakeups = UNREACHABLE_WAKEUPS;
    round.max_window_ns = SHORT_CAP_NS;
    sb_timeslice_result result;
    run(&round, &result);
    free_round(&round);
    assert_true(result.window_s >= SHORT_CAP_NS / 1e9);
    assert_true(result.probe_samples <= SHORT_CAP_NS / PROBE_PERIOD_NS + 1);
    assert_int_equal(result.probe_shortfall, UNREACHABLE_WAKEUPS - result.probe_samples);
    sb_timeslice_result_free(&result);
}

/* A round whose probe runs under SCHED_FIFO reports what it ran with, or,
 * where that is not permitted, fails with the reason; either way every
 * spinner is reaped. */
static void a_fifo_probe_runs_raised_or_the_round_says_why_not(void **state)
{
    (void)state;
    sb_timeslice_round round = round_of(SB_SPINNER_PROCESSES);
    round.probe_priority = SB_PROBE_FIFO;
    sb_timeslice_result result;
    if (sb_timeslice_run(&round, &result) == 0) {
        assert_int_equal(result.probe_setting.policy, SCHED_FIFO);
        assert_int_equal(result.probe_setting.rt_priority, 1);
        assert_every_spinner_reported(&result);
        sb_timeslice_result_free(&result);
    } else {
        assert_non_null(strstr(sb_last_error(), "not permitted: "));
    }
    free_round(&round);
    assert_no_child_is_left();
}

/* Without the rights, the probe's refusal is the round's error, and the
 * spinners already started are stopped and reaped. */
static void a_round_whose_probe_may_not_rise_fails_with_the_reason(void **state)
{
    (void)state;
    sb_timeslice_round round = round_of(SB_SPINNER_PROCESSES);
    round.probe_priority = SB_PROBE_NICE_10;
    sb_timeslice_result result;
    priority_rights saved;
    drop_priority_rights(&saved);
    int rc = sb_timeslice_run(&round, &result);
    restore_priority_rights(&saved);
    free_round(&round);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(sb_last_error(), "not permitted: the wake-up probe cannot run at nice -10"));
    assert_no_child_is_left();
}

static void a_round_without_spinners_or_placement_is_refused(void **state)
{
    (void)state;
    sb_timeslice_round round = round_of(SB_SPINNER_PROCESSES);
    const sb_placement *placement = round.placement;
    round.spinners = 0;
    sb_timeslice_result result;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    assert_non_null(strstr(sb_last_error(), "at least 1 spinner"));
    round.spinners = 1;
    round.placement = NULL;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    round.placement = placement;
    round.kind = SB_SPINNER_KIND_COUNT;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    round.kind = SB_SPINNER_PROCESSES;
    round.probe_wakeups = 0;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    round.probe_wakeups = WAKEUPS;
    round.max_window_ns = 0;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    round.max_window_ns = LONG_CAP_NS;
    round.probe_priority = SB_PROBE_PRIORITY_COUNT;
    assert_int_equal(sb_timeslice_run(&round, &result), -1);
    assert_no_child_is_left();
    free_round(&round);
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
        cmocka_unit_test(a_round_capped_short_reports_its_shortfall),
        cmocka_unit_test(a_fifo_probe_runs_raised_or_the_round_says_why_not),
        cmocka_unit_test(a_round_whose_probe_may_not_rise_fails_with_the_reason),
        cmocka_unit_test(a_round_without_spinners_or_placement_is_refused),
        cmocka_unit_test(spinner_kinds_are_named_like_the_models),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
