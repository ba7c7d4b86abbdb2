/* wakeup_probe: refuses a probe that could record nothing, or that has no
 * memory for itself or its samples (saying so), fills the room
 * it was given and keeps no more, records a sample for every wake-up, never
 * reports an early wake-up (it sleeps to absolute deadlines), skips the
 * ticks it missed when starved (one late sample, not a backlog of stale
 * ones), runs with a timer slack of 1 ns, and either runs at the raised
 * priority it is asked for, as the kernel reads it back, or says that it is
 * not permitted and why. How late it wakes is not checked. */
#include "base/clock.h"
#include "base/error.h"
#include "probes/wakeup_probe.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "failing_alloc.h"
#include "priority_rights.h"
#include "thread_state.h"
#include "topology_fixture.h"

enum { PERIOD_NS = 1000 * 1000, MAX_SAMPLES = 4 };

static void a_probe_without_period_or_room_is_refused(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, 1);
    assert_non_null(placement);
    assert_null(sb_wakeup_probe_start(placement, 0, 0, MAX_SAMPLES, SB_PROBE_DEFAULT));
    assert_non_null(strstr(sb_last_error(), "needs a period"));
    assert_null(sb_wakeup_probe_start(placement, 0, PERIOD_NS, 0, SB_PROBE_DEFAULT));
    assert_null(sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES, SB_PROBE_PRIORITY_COUNT));
    sb_placement_free(placement);
}

static void *start_probe(void *placement)
{
    return sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES, SB_PROBE_DEFAULT);
}

static void stop_probe(void *probe, void *context)
{
    (void)context;
    double *lateness_ns;
    size_t count;
    sb_wakeup_probe_stop(probe, &lateness_ns, &count);
    free(lateness_ns);
}

static void a_probe_without_memory_says_so(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, 1);
    assert_non_null(placement);
    assert_true(assert_each_allocation_may_fail(start_probe, stop_probe, NULL, placement) >= 2);
    sb_placement_free(placement);
}

/* Waited for until its room is full, then given as many periods again to
 * record more: it has exactly its room, none of it early. */
static void a_bound_probe_keeps_at_most_its_room_and_is_never_early(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    assert_non_null(placement);
    sb_wakeup_probe *probe = sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES, SB_PROBE_DEFAULT);
    assert_non_null(probe);
    while (sb_wakeup_probe_samples(probe) < MAX_SAMPLES)
        sb_sleep_ns(PERIOD_NS);
    sb_sleep_ns(MAX_SAMPLES * PERIOD_NS);
    double *lateness_ns;
    size_t count;
    sb_wakeup_probe_stop(probe, &lateness_ns, &count);
    assert_int_equal(count, MAX_SAMPLES);
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
    sb_wakeup_probe *probe = sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES, SB_PROBE_DEFAULT);
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

/* With room for more than it is given time for, the probe records at least
 * the wake-ups it is waited for: each one counted as soon as it is. */
static void a_probe_records_the_samples_it_is_waited_for(void **state)
{
    (void)state;
    enum { WANTED = 20, ROOM = 1000 };
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    assert_non_null(placement);
    sb_wakeup_probe *probe = sb_wakeup_probe_start(placement, 0, PERIOD_NS, ROOM, SB_PROBE_DEFAULT);
    assert_non_null(probe);
    while (sb_wakeup_probe_samples(probe) < WANTED)
        sb_sleep_ns(PERIOD_NS);
    double *lateness_ns;
    size_t count;
    sb_wakeup_probe_stop(probe, &lateness_ns, &count);
    assert_true(count >= WANTED);
    assert_true(count <= ROOM);
    free(lateness_ns);
    sb_placement_free(placement);
}

enum { STALL_NS = 100 * 1000 * 1000, STARVED_ROOM = 100000 };

/* What the child running a starved probe sends back. */
typedef struct starved_run {
    size_t count;
    int64_t ran_ns; /* from just before the probe started to just after it stopped */
    double lateness_ns[STARVED_ROOM];
} starved_run;

static void read_all(int fd, void *buffer, size_t size)
{
    for (size_t got = 0; got < size;) {
        ssize_t n = read(fd, (char *)buffer + got, size - got);
        assert_true(n > 0);
        got += (size_t)n;
    }
}

/* The child: runs a probe, says so on `ready`, waits for a byte on `go`
 * (meanwhile it is stopped and continued), waits for two more samples, then
 * stops the probe and writes a starved_run to `ready`. */
static _Noreturn void run_a_probe_to_starve(int ready, int go)
{
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    static starved_run run;
    uint64_t started = sb_clock_ns();
    sb_wakeup_probe *probe = placement ? sb_wakeup_probe_start(placement, 0, PERIOD_NS, STARVED_ROOM, SB_PROBE_DEFAULT)
                                       : NULL;
    char byte = 'r';
    if (!probe || write(ready, &byte, 1) != 1 || read(go, &byte, 1) != 1)
        _exit(1);
    for (size_t after_stall = sb_wakeup_probe_samples(probe) + 2; sb_wakeup_probe_samples(probe) < after_stall;)
        sb_sleep_ns(PERIOD_NS);
    double *lateness_ns;
    sb_wakeup_probe_stop(probe, &lateness_ns, &run.count);
    run.ran_ns = (int64_t)(sb_clock_ns() - started);
    memcpy(run.lateness_ns, lateness_ns, run.count * sizeof *lateness_ns);
    for (size_t written = 0; written < sizeof run;) {
        ssize_t n = write(ready, (const char *)&run + written, sizeof run - written);
        if (n <= 0)
            _exit(1);
        written += (size_t)n;
    }
    _exit(0);
}

/* The probe's process is stopped (SIGSTOP) for 100 ms while the probe
 * sleeps towards a tick, so that wake-up comes at least 100 ms less a period
 * late. The probe then sleeps to the first tick after it woke: each
 * sample's lateness ends before the next sample's tick, so all of them add
 * up to less than the time the probe ran. Recording every tick it missed
 * instead gives a backlog of 99, 98, ... ms late samples back to back, some
 * 5 s in all. */
static void a_starved_probe_records_one_late_sample_not_a_backlog(void **state)
{
    (void)state;
    int ready[2], go[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(ready[0]);
        close(go[1]);
        run_a_probe_to_starve(ready[1], go[0]);
    }
    close(ready[1]);
    close(go[0]);
    char byte;
    assert_int_equal(read(ready[0], &byte, 1), 1);
    assert_int_equal(kill(child, SIGSTOP), 0);
    int status;
    assert_int_equal(waitpid(child, &status, WUNTRACED), child);
    assert_true(WIFSTOPPED(status));
    sb_sleep_ns(STALL_NS);
    assert_int_equal(kill(child, SIGCONT), 0);
    assert_int_equal(write(go[1], "g", 1), 1);
    static starved_run run;
    read_all(ready[0], &run, sizeof run);
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ready[0]);
    close(go[1]);

    assert_true(run.count >= 2);
    assert_true(run.count < STARVED_ROOM);
    double most_ns = 0, sum_ns = 0;
    for (size_t i = 0; i < run.count; i++) {
        most_ns = run.lateness_ns[i] > most_ns ? run.lateness_ns[i] : most_ns;
        sum_ns += run.lateness_ns[i];
    }
    assert_true(most_ns >= STALL_NS - PERIOD_NS);
    if (sum_ns >= (double)run.ran_ns)
        fail_msg("%zu samples late by %.0f ms in all, in a run of %.0f ms", run.count, sum_ns / 1e6,
                 (double)run.ran_ns / 1e6);
}

/* Starts a probe at `priority`, or returns NULL with the kernel's refusal,
 * which must then say it was not permitted and name the limit to raise. */
static sb_wakeup_probe *start_at(sb_placement *placement, sb_probe_priority priority)
{
    sb_wakeup_probe *probe = sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES, priority);
    if (!probe) {
        const char *error = sb_last_error();
        if (strncmp(error, "not permitted: ", strlen("not permitted: ")) != 0)
            fail_msg("a %s probe failed for another reason: %s", sb_probe_priority_name(priority), error);
        assert_non_null(strstr(error, priority == SB_PROBE_FIFO ? "RLIMIT_RTPRIO" : "RLIMIT_NICE"));
        assert_non_null(strstr(error, "CAP_SYS_NICE"));
    }
    return probe;
}

static sb_probe_setting stop_returning_setting(sb_wakeup_probe *probe)
{
    sb_probe_setting setting = sb_wakeup_probe_setting(probe);
    double *lateness_ns;
    size_t count;
    sb_wakeup_probe_stop(probe, &lateness_ns, &count);
    free(lateness_ns);
    return setting;
}

/* The default probe runs as the thread that started it, bar its timer
 * slack: 1 ns, not the default 50 us. */
static void a_default_probe_runs_as_its_starter_with_a_timer_slack_of_1_ns(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    assert_non_null(placement);
    errno = 0;
    int starter_nice = getpriority(PRIO_PROCESS, 0);
    assert_int_equal(errno, 0);
    sb_probe_setting setting = stop_returning_setting(start_at(placement, SB_PROBE_DEFAULT));
    assert_int_equal(setting.timer_slack_ns, 1);
    assert_int_equal(setting.nice, starter_nice);
    assert_int_equal(setting.policy, sched_getscheduler(0));
    assert_int_equal(setting.rt_priority, 0);
    sb_placement_free(placement);
}

/* Where the kernel permits it, the probe runs at the priority asked for, as
 * read back in its own thread; where not, it says why. */
static void a_raised_probe_runs_raised_or_says_it_may_not(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    assert_non_null(placement);
    sb_wakeup_probe *nice = start_at(placement, SB_PROBE_NICE_10);
    if (nice) {
        sb_probe_setting setting = stop_returning_setting(nice);
        assert_int_equal(setting.nice, -10);
        assert_int_equal(setting.timer_slack_ns, 1);
    }
    sb_wakeup_probe *fifo = start_at(placement, SB_PROBE_FIFO);
    if (fifo) {
        sb_probe_setting setting = stop_returning_setting(fifo);
        assert_int_equal(setting.policy, SCHED_FIFO);
        assert_int_equal(setting.rt_priority, 1);
        /* A real-time thread's timers get no slack at all. */
        assert_true(setting.timer_slack_ns <= 1);
    }
    /* The starter's own priority is untouched. */
    assert_int_equal(sched_getscheduler(0), SCHED_OTHER);
    sb_placement_free(placement);
}

/* Without CAP_SYS_NICE and with no room under RLIMIT_NICE and RLIMIT_RTPRIO,
 * a raised probe is refused, and the refusal names what it lacked. */
static void without_the_rights_a_raised_probe_is_not_permitted(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 1);
    assert_non_null(placement);
    priority_rights saved;
    drop_priority_rights(&saved);
    sb_wakeup_probe *nice = sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES, SB_PROBE_NICE_10);
    char nice_error[512];
    snprintf(nice_error, sizeof nice_error, "%s", sb_last_error());
    sb_wakeup_probe *fifo = sb_wakeup_probe_start(placement, 0, PERIOD_NS, MAX_SAMPLES, SB_PROBE_FIFO);
    char fifo_error[512];
    snprintf(fifo_error, sizeof fifo_error, "%s", sb_last_error());
    restore_priority_rights(&saved);
    sb_placement_free(placement);

    assert_null(nice);
    assert_null(fifo);
    assert_string_equal(nice_error, "not permitted: the wake-up probe cannot run at nice -10: Permission denied "
                                    "(it needs CAP_SYS_NICE or an RLIMIT_NICE of 30 or more; RLIMIT_NICE is 0)");
    assert_string_equal(fifo_error,
                        "not permitted: the wake-up probe cannot run under SCHED_FIFO at priority 1: Operation not "
                        "permitted (it needs CAP_SYS_NICE or an RLIMIT_RTPRIO of 1 or more, and real-time runtime "
                        "in its cgroup; RLIMIT_RTPRIO is 0)");
}

static void priorities_are_named_as_the_series_are(void **state)
{
    (void)state;
    assert_string_equal(sb_probe_priority_name(SB_PROBE_DEFAULT), "default");
    assert_string_equal(sb_probe_priority_name(SB_PROBE_NICE_10), "nice-10");
    assert_string_equal(sb_probe_priority_name(SB_PROBE_FIFO), "fifo");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_probe_without_period_or_room_is_refused),
        cmocka_unit_test(a_bound_probe_keeps_at_most_its_room_and_is_never_early),
        cmocka_unit_test(a_probe_records_each_wake_up_and_none_early),
        cmocka_unit_test(a_probe_records_the_samples_it_is_waited_for),
        cmocka_unit_test(a_starved_probe_records_one_late_sample_not_a_backlog),
        cmocka_unit_test(a_default_probe_runs_as_its_starter_with_a_timer_slack_of_1_ns),
        cmocka_unit_test(a_raised_probe_runs_raised_or_says_it_may_not),
        cmocka_unit_test(without_the_rights_a_raised_probe_is_not_permitted),
        cmocka_unit_test(priorities_are_named_as_the_series_are),
        cmocka_unit_test(a_probe_without_memory_says_so),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
