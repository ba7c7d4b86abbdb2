/* histogram: every value lands in the bucket whose upper edge is the first
 * power of two at or above it, edges included, with the overflow above the
 * top edge; counts add up to the values counted. */
#include "base/histogram.h"

#include <math.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void each_edge_closes_its_own_bucket(void **state)
{
    (void)state;
    for (size_t b = 0; b <= SB_HISTOGRAM_TOP_POWER; b++) {
        double edge = ldexp(1, (int)b);
        /* Compared exactly: cmocka's assert_float_equal calls an infinity equal to anything. */
        if (sb_histogram_upper_edge(b) != edge)
            fail_msg("bucket %zu's upper edge is %g, not %g", b, sb_histogram_upper_edge(b), edge);
        assert_int_equal(sb_histogram_bucket(edge), b);
        assert_int_equal(sb_histogram_bucket(nextafter(edge, INFINITY)), b + 1);
        if (b > 0)
            assert_int_equal(sb_histogram_bucket(nextafter(edge, 0)), b);
    }
    assert_true(isinf(sb_histogram_upper_edge(SB_HISTOGRAM_OVERFLOW)));
}

static void the_ends_catch_what_lies_beyond_the_edges(void **state)
{
    (void)state;
    assert_int_equal(sb_histogram_bucket(0), 0);
    assert_int_equal(sb_histogram_bucket(0.25), 0);
    assert_int_equal(sb_histogram_bucket(-5), 0);
    assert_int_equal(sb_histogram_bucket(1.5), 1);
    assert_int_equal(sb_histogram_bucket(3), 2);
    assert_int_equal(sb_histogram_bucket(1e9), SB_HISTOGRAM_OVERFLOW);
    assert_int_equal(sb_histogram_bucket(INFINITY), SB_HISTOGRAM_OVERFLOW);
    assert_int_equal(sb_histogram_bucket(NAN), SB_HISTOGRAM_OVERFLOW);
}

static void counts_add_up_to_the_values(void **state)
{
    (void)state;
    sb_histogram histogram = {0};
    const double values[] = {0.5, 1, 1.01, 2, 3, 4, 1000, 1024, 1025, 2e6};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        sb_histogram_add(&histogram, values[i]);
    assert_int_equal(sb_histogram_total(&histogram), 10);
    assert_int_equal(histogram.counts[0], 2);  /* 0.5, 1 */
    assert_int_equal(histogram.counts[1], 2);  /* 1.01, 2 */
    assert_int_equal(histogram.counts[2], 2);  /* 3, 4 */
    assert_int_equal(histogram.counts[10], 2); /* 1000, 1024 */
    assert_int_equal(histogram.counts[11], 1); /* 1025 */
    assert_int_equal(histogram.counts[SB_HISTOGRAM_OVERFLOW], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_edge_closes_its_own_bucket),
        cmocka_unit_test(the_ends_catch_what_lies_beyond_the_edges),
        cmocka_unit_test(counts_add_up_to_the_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
