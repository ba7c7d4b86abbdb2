/* wakeup_probe: refuses a probe that could record nothing, keeps no more
 * samples than it was given room for, and never reports an early wake-up
 * (it sleeps to absolute deadlines). How late it wakes is not checked. */
#include "base/clock.h"
#include "base/error.h"
#include "probes/wakeup_probe.h"

#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "topology_fixture.h"

enum { PERIOD_NS = 1000 * 1000, MAX_SAMPLES = 4 };

static void a_probe_without_period_or_room_is_refused(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, 1);
    assert_non_null(placement);
    assert_null(sb_wakeup_probe_start(placement, 0, 0, MAX_SAMPLES));
    assert_non_null(strstr(sb_last_error(), "needs a period"));
    assert_null(sb_wakeup_probe_start(placement, 0, PERIOD_NS, 0));
    sb_placement_free(placement);
}

static void a_bound_probe_keeps_at_most_its_room_and_is_never_early(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    assert_non_null(placement);
    sb_wakeup_probe *probe = sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES);
    assert_non_null(probe);
    sb_sleep_ns(10 * PERIOD_NS);
    double *lateness_ns;
    size_t count;
    sb_wakeup_probe_stop(probe, &lateness_ns, &count);
    assert_true(count <= MAX_SAMPLES);
    for (size_t i = 0; i < count; i++)
        assert_true(lateness_ns[i] >= 0);
    free(lateness_ns);
    sb_placement_free(placement);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_probe_without_period_or_room_is_refused),
        cmocka_unit_test(a_bound_probe_keeps_at_most_its_room_and_is_never_early),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
