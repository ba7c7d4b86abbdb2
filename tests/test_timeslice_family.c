/* timeslice_family: what the timeslice family reports of its probe's
 * lateness, from samples in nanoseconds: each wake-up counted once in the
 * microsecond bucket it falls in (a stall past the last bucket's second in
 * the overflow), the 50th, 99th and 99.9th percentiles and the maximum in
 * microseconds, and no percentiles from no samples. */
#include "families/timeslice.h"

#include <stdlib.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

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
    assert_float_equal(lateness.max_us, 2e6, 0.0);
}

/* Linearly between closest ranks: the 99th percentile of 1..1,000 is 990.01. */
static void the_percentiles_are_in_microseconds(void **state)
{
    (void)state;
    double lateness_ns[SAMPLES];
    one_to_a_thousand_us(lateness_ns);
    sb_timeslice_lateness lateness;
    sb_timeslice_lateness_of(lateness_ns, SAMPLES, &lateness);
    assert_float_equal(lateness.p50_us, 500.5, 1e-9);
    assert_float_equal(lateness.p99_us, 990.01, 1e-9);
    assert_float_equal(lateness.p999_us, 999.001, 1e-9);
    assert_float_equal(lateness.max_us, 1000, 1e-9);
}

static void no_samples_give_an_empty_histogram(void **state)
{
    (void)state;
    sb_timeslice_lateness lateness;
    sb_timeslice_lateness_of(NULL, 0, &lateness);
    assert_int_equal(sb_histogram_total(&lateness.histogram_us), 0);
    assert_float_equal(lateness.max_us, 0, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_wake_up_is_counted_in_its_microsecond_bucket),
        cmocka_unit_test(a_stall_past_a_second_is_counted_in_the_overflow),
        cmocka_unit_test(the_percentiles_are_in_microseconds),
        cmocka_unit_test(no_samples_give_an_empty_histogram),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
