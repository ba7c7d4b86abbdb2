/* timeslice_family: what the timeslice family reports of its probe's
 * lateness, from samples in nanoseconds: each wake-up counted once in the
 * microsecond bucket it falls in (a stall past the last bucket's second in
 * the overflow), the 50th, 99th and 99.9th percentiles and the maximum in
 * microseconds, and no percentiles from no samples; and what it sums over
 * rounds of known results: every figure of each round, the switches per
 * second of the spinners' own spinning, and the probe's samples in order;
 * and the means it reports of them. */
#include "families/timeslice.h"

#include <stdlib.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "near.h"

enum { SAMPLES = 1000 };

/* 1 to 1,000 us, in nanoseconds, out of order. */
static void one_to_a_thousand_us(double *lateness_ns)
{
    for (size_t i = 0; i < SAMPLES; i++)
        lateness_ns[i] = (double)((i * 389) % SAMPLES + 1) * 1e3;
}

static void every_wake_up_is_counted_in_its_microsecond_bucket(void **state)
{
    (void)state;
    double lateness_ns[SAMPLES];
    one_to_a_thousand_us(lateness_ns);
    sb_timeslice_lateness lateness;
    sb_timeslice_lateness_of(lateness_ns, SAMPLES, &lateness);
    /* Up to 1 us, then (1, 2], (2, 4], ... (256, 512], and 513..1,000 in (512, 1,024]. */
    static const uint64_t expected[SB_HISTOGRAM_BUCKETS] = {1, 1, 2, 4, 8, 16, 32, 64, 128, 256, 488};
    for (size_t b = 0; b < SB_HISTOGRAM_BUCKETS; b++)
        if (lateness.histogram_us.counts[b] != expected[b])
            fail_msg("bucket %zu (up to %g us) counts %llu, not %llu", b, sb_histogram_upper_edge(b),
                     (unsigned long long)lateness.histogram_us.counts[b], (unsigned long long)expected[b]);
}

static void a_stall_past_a_second_is_counted_in_the_overflow(void **state)
{
    (void)state;
    double lateness_ns[] = {2e9, 5e3};
    sb_timeslice_lateness lateness;
    sb_timeslice_lateness_of(lateness_ns, 2, &lateness);
    assert_int_equal(lateness.histogram_us.counts[SB_HISTOGRAM_OVERFLOW], 1);
    assert_int_equal(lateness.histogram_us.counts[3], 1); /* (4, 8] */
    assert_near(lateness.max_us, 2e6, 0.0);
}

/* Linearly between closest ranks: the 99th percentile of 1..1,000 is 990.01. */
static void the_percentiles_are_in_microseconds(void **state)
{
    (void)state;
    double lateness_ns[SAMPLES];
    one_to_a_thousand_us(lateness_ns);
    sb_timeslice_lateness lateness;
    sb_timeslice_lateness_of(lateness_ns, SAMPLES, &lateness);
    assert_near(lateness.p50_us, 500.5, 1e-9);
    assert_near(lateness.p99_us, 990.01, 1e-9);
    assert_near(lateness.p999_us, 999.001, 1e-9);
    assert_near(lateness.max_us, 1000, 1e-9);
}

static void no_samples_give_an_empty_histogram(void **state)
{
    (void)state;
    sb_timeslice_lateness lateness;
    sb_timeslice_lateness_of(NULL, 0, &lateness);
    assert_int_equal(sb_histogram_total(&lateness.histogram_us), 0);
    assert_near(lateness.max_us, 0, 0.0);
}

/* Two rounds of two spinners, every figure of each known. */
static void the_rounds_add_up(void **state)
{
    (void)state;
    sb_spinner_result first_spinners[] = {
        {.window_steps = 30, .spin_s = 0.5, .voluntary_switches = 1, .involuntary_switches = 10},
        {.window_steps = 10, .spin_s = 1.5, .voluntary_switches = 3, .involuntary_switches = 30},
    };
    sb_spinner_result second_spinners[] = {
        {.window_steps = 20, .spin_s = 1.0, .voluntary_switches = 0, .involuntary_switches = 4},
        {.window_steps = 20, .spin_s = 3.0, .voluntary_switches = 2, .involuntary_switches = 12},
    };
    double first_lateness[] = {1000, 2000}, second_lateness[] = {3000};
    sb_timeslice_result rounds[] = {
        {.first_turns_s = 0.25, .window_s = 1.0, .rounds = 4, .spinners = first_spinners,
         .probe_lateness_ns = first_lateness, .probe_samples = 2, .probe_shortfall = 998,
         .probe_setting = {.nice = 5}},
        {.first_turns_s = 0.5, .window_s = 0.75, .rounds = 10, .spinners = second_spinners,
         .probe_lateness_ns = second_lateness, .probe_samples = 1, .probe_shortfall = 0,
         .probe_setting = {.nice = -10}},
    };
    sb_timeslice_totals totals = {0};
    double shares[2];
    for (size_t r = 0; r < 2; r++)
        assert_int_equal(sb_timeslice_add_round(&totals, &rounds[r], 2, shares), 0);
    assert_int_equal(totals.rounds, 2);
    assert_near(totals.first_turns_s, 0.75, 1e-12);
    assert_near(totals.window_s, 1.75, 1e-12);
    assert_near(totals.scheduler_rounds, 14, 0.0);
    assert_near(totals.steps, 80, 0.0);
    /* Jain's index of 30 and 10 steps is 40^2 / (2 x 1,000); of 20 and 20, 1. */
    assert_near(totals.fairness, 0.8 + 1.0, 1e-12);
    /* 4 voluntary switches in 2 spinner-seconds, then 2 in 4: per second of
     * spinning, times the 2 spinners. */
    assert_near(totals.voluntary_per_s, 4.0 / 2.0 * 2 + 2.0 / 4.0 * 2, 1e-12);
    assert_near(totals.involuntary_per_s, 40.0 / 2.0 * 2 + 16.0 / 4.0 * 2, 1e-12);
    assert_near(totals.shortfall, 998, 0.0);
    assert_int_equal(totals.probe_setting.nice, -10);
    assert_int_equal(totals.probe_samples, 3);
    assert_near(totals.lateness_ns[0], 1000, 0.0);
    assert_near(totals.lateness_ns[1], 2000, 0.0);
    assert_near(totals.lateness_ns[2], 3000, 0.0);

    /* What the run reports: each figure its two rounds' mean, in the units
     * of its counter; the steps over the windows' 1.75 s. */
    sb_timeslice_means means = sb_timeslice_means_of(&totals);
    assert_near(means.first_turns_ms, 375, 1e-9);
    assert_near(means.window_ms, 875, 1e-9);
    assert_near(means.scheduler_rounds, 7, 1e-12);
    assert_near(means.steps_per_second, 80 / 1.75, 1e-9);
    assert_near(means.fairness, 0.9, 1e-12);
    assert_near(means.voluntary_per_s, 2.5, 1e-12);
    assert_near(means.involuntary_per_s, 24, 1e-12);
    assert_near(means.probe_wakeups, 1.5, 1e-12);
    assert_near(means.probe_shortfall, 499, 1e-12);
    free(totals.lateness_ns);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_wake_up_is_counted_in_its_microsecond_bucket),
        cmocka_unit_test(a_stall_past_a_second_is_counted_in_the_overflow),
        cmocka_unit_test(the_percentiles_are_in_microseconds),
        cmocka_unit_test(no_samples_give_an_empty_histogram),
        cmocka_unit_test(the_rounds_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
