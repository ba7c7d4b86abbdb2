/* pingpong: over each channel, with each kind of partner, the turns really
 * alternate (each party counts its own, and every number it receives is the
 * one after the last), each party runs on the PU it was given (checked with
 * sched_getcpu inside it), the caller's binding comes back, and a partner
 * process is reaped. */
#include "base/error.h"
#include "probes/pingpong.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "topology_fixture.h"

/* Round trips, in calls of different sizes: the turns must carry over. */
static const uint64_t batches[] = {1, 0, 250, 749};
enum { ROUNDS = 1 + 0 + 250 + 749 };

static sb_placement *plan(sb_placement_policy policy, unsigned workers)
{
    sb_placement *placement = sb_placement_plan(topology, policy, workers);
    assert_non_null(placement);
    return placement;
}

static void assert_no_child_is_left(void)
{
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

static void assert_alternates_on_its_pus(sb_pingpong_channel channel, sb_pingpong_partner partner,
                                         sb_placement_policy policy)
{
    sb_placement *placement = plan(policy, 2);
    cpu_set_t before, after;
    assert_int_equal(sched_getaffinity(0, sizeof before, &before), 0);

    sb_pingpong *pingpong = sb_pingpong_start(channel, partner, placement);
    if (!pingpong)
        fail_msg("%s/%s/%s: %s", sb_pingpong_channel_name(channel), sb_pingpong_partner_name(partner),
                 sb_placement_policy_name(policy), sb_last_error());
    for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++)
        assert_int_equal(sb_pingpong_rounds(pingpong, batches[b]), 0);
    sb_pingpong_tally tally;
    assert_int_equal(sb_pingpong_finish(pingpong, &tally), 0);

    print_message("%s/%s/%s: %llu and %llu turns, %llu out of order, on CPUs %d and %d\n",
                  sb_pingpong_channel_name(channel), sb_pingpong_partner_name(partner),
                  sb_placement_policy_name(policy), (unsigned long long)tally.caller_turns,
                  (unsigned long long)tally.partner_turns, (unsigned long long)tally.out_of_order, tally.caller_cpu,
                  tally.partner_cpu);
    assert_int_equal(tally.caller_turns, ROUNDS);
    assert_int_equal(tally.partner_turns, ROUNDS);
    assert_int_equal(tally.out_of_order, 0);
    assert_int_equal(tally.caller_cpu, sb_placement_pu(placement, 0));
    assert_int_equal(tally.partner_cpu, sb_placement_pu(placement, 1));
    assert_int_equal(sched_getaffinity(0, sizeof after, &after), 0);
    assert_true(CPU_EQUAL(&before, &after));
    assert_no_child_is_left();
    sb_placement_free(placement);
}

/* Every channel with every partner, both on one PU, then on two different
 * PUs where the machine has them. */
static void turns_alternate_in_order_on_the_given_pus(void **state)
{
    (void)state;
    static const sb_placement_policy placements[] = {SB_PLACE_SINGLE, SB_PLACE_SCATTER};
    size_t placements_here = sb_topology_count(topology, HWLOC_OBJ_PU) >= 2 ? 2 : 1;
    for (int channel = 0; channel < SB_PINGPONG_CHANNEL_COUNT; channel++)
        for (int partner = 0; partner < SB_PINGPONG_PARTNER_COUNT; partner++)
            for (size_t p = 0; p < placements_here; p++)
                assert_alternates_on_its_pus((sb_pingpong_channel)channel, (sb_pingpong_partner)partner,
                                             placements[p]);
}

static void scatter_puts_the_parties_on_different_pus(void **state)
{
    (void)state;
    if (sb_topology_count(topology, HWLOC_OBJ_PU) < 2)
        skip();
    sb_placement *placement = plan(SB_PLACE_SCATTER, 2);
    assert_int_not_equal(sb_placement_pu(placement, 0), sb_placement_pu(placement, 1));
    sb_placement_free(placement);
}

static void a_finish_without_rounds_counts_no_turns(void **state)
{
    (void)state;
    sb_placement *placement = plan(SB_PLACE_NONE, 2);
    for (int partner = 0; partner < SB_PINGPONG_PARTNER_COUNT; partner++) {
        sb_pingpong *pingpong = sb_pingpong_start(SB_PINGPONG_PIPE, (sb_pingpong_partner)partner, placement);
        assert_non_null(pingpong);
        sb_pingpong_tally tally;
        assert_int_equal(sb_pingpong_finish(pingpong, &tally), 0);
        assert_int_equal(tally.caller_turns, 0);
        assert_int_equal(tally.partner_turns, 0);
        assert_no_child_is_left();
    }
    sb_placement_free(placement);
}

static void a_placement_of_other_than_two_workers_is_refused(void **state)
{
    (void)state;
    for (unsigned workers = 1; workers <= 3; workers += 2) {
        sb_placement *placement = plan(SB_PLACE_COMPACT, workers);
        assert_null(sb_pingpong_start(SB_PINGPONG_FUTEX, SB_PINGPONG_THREAD, placement));
        assert_non_null(strstr(sb_last_error(), "placement of 2 workers"));
        sb_placement_free(placement);
    }
}

static void an_unknown_channel_or_partner_is_refused(void **state)
{
    (void)state;
    sb_placement *placement = plan(SB_PLACE_NONE, 2);
    assert_null(sb_pingpong_start(SB_PINGPONG_CHANNEL_COUNT, SB_PINGPONG_THREAD, placement));
    assert_non_null(strstr(sb_last_error(), "invalid ping-pong channel"));
    assert_null(sb_pingpong_start(SB_PINGPONG_FUTEX, SB_PINGPONG_PARTNER_COUNT, placement));
    assert_non_null(strstr(sb_last_error(), "partner"));
    assert_string_equal(sb_pingpong_channel_name(SB_PINGPONG_CHANNEL_COUNT), "invalid");
    assert_string_equal(sb_pingpong_partner_name(SB_PINGPONG_PARTNER_COUNT), "invalid");
    sb_placement_free(placement);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(turns_alternate_in_order_on_the_given_pus),
        cmocka_unit_test(scatter_puts_the_parties_on_different_pus),
        cmocka_unit_test(a_finish_without_rounds_counts_no_turns),
        cmocka_unit_test(a_placement_of_other_than_two_workers_is_refused),
        cmocka_unit_test(an_unknown_channel_or_partner_is_refused),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
