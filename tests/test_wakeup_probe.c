/* wakeup_probe: refuses a probe that could record nothing, keeps no more
 * samples than it was given room for, records a sample for every wake-up,
 * and never reports an early wake-up (it sleeps to absolute deadlines). How
 * late it wakes is not checked. */
#include "base/clock.h"
#include "base/error.h"
#include "probes/wakeup_probe.h"

#include <dirent.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "thread_state.h"
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

enum { MAX_THREADS = 64 };

/* The ids of this process's threads; how many. */
static unsigned list_threads(pid_t *tids)
{
    DIR *dir = opendir("/proc/self/task");
    assert_non_null(dir);
    unsigned n = 0;
    for (struct dirent *entry; (entry = readdir(dir)) && n < MAX_THREADS;)
        if (entry->d_name[0] != '.')
            tids[n++] = (pid_t)atoi(entry->d_name);
    closedir(dir);
    return n;
}

static bool listed(const pid_t *tids, unsigned n, pid_t tid)
{
    for (unsigned i = 0; i < n; i++)
        if (tids[i] == tid)
            return true;
    return false;
}

/* Waits, on what the kernel reports and never on time, until the probe's
 * thread has gone once round its loop: seen asleep in clock_nanosleep, then
 * asleep there again after blocking once more (its voluntary context
 * switches went up), so it woke and came back, past the code that records a
 * sample. Or until the thread has exited: its room is full. Among threads
 * new since `before` (a sanitizer may add its own), the probe is the one
 * that sleeps in clock_nanosleep. */
static void wait_for_one_round(const pid_t *before, unsigned before_count)
{
    pid_t probe = 0;
    unsigned long first_switches = 0;
    for (;;) {
        if (!probe) {
            pid_t now[MAX_THREADS];
            unsigned count = list_threads(now);
            bool any_new = false;
            for (unsigned i = 0; i < count && !probe; i++) {
                if (listed(before, before_count, now[i]))
                    continue;
                any_new = true;
                /* Counted after it is seen asleep, so the count includes
                 * the block it is in. */
                if (thread_sleeps_in(now[i], SYS_clock_nanosleep)) {
                    probe = now[i];
                    first_switches = thread_voluntary_switches(probe);
                }
            }
            if (!any_new)
                return; /* it ran its course and exited */
        } else {
            if (!thread_exists(probe))
                return;
            /* Blocked again since, and asleep in the sleep now. */
            unsigned long switches = thread_voluntary_switches(probe);
            if (switches > first_switches && thread_sleeps_in(probe, SYS_clock_nanosleep))
                return;
        }
        sched_yield();
    }
}

/* Every wake-up is a sample, late or on time but never early; a probe that
 * went round its loop has samples (zero fails); and it cannot have more
 * samples than periods went by, since each sleeps to a later tick. Spans are
 * signed differences of the clock. */
static void a_probe_records_each_wake_up_and_none_early(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    assert_non_null(placement);
    pid_t before[MAX_THREADS];
    unsigned before_count = list_threads(before);
    uint64_t started = sb_clock_ns();
    sb_wakeup_probe *probe = sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES);
    assert_non_null(probe);
    wait_for_one_round(before, before_count);
    double *lateness_ns;
    size_t count;
    sb_wakeup_probe_stop(probe, &lateness_ns, &count);
    int64_t elapsed_ns = (int64_t)(sb_clock_ns() - started);
    sb_placement_free(placement);

    assert_true(count >= 1);
    assert_true(count <= MAX_SAMPLES);
    for (size_t i = 0; i < count; i++)
        assert_true(lateness_ns[i] >= 0);
    assert_true((int64_t)count * PERIOD_NS <= elapsed_ns);
    free(lateness_ns);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_probe_without_period_or_room_is_refused),
        cmocka_unit_test(a_bound_probe_keeps_at_most_its_room_and_is_never_early),
        cmocka_unit_test(a_probe_records_each_wake_up_and_none_early),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
