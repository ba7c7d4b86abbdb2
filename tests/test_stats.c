/* stats: percentiles and medians against values worked out by hand. */
#include "stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void median_of_odd_count_is_middle_value(void **state)
{
    (void)state;
    double samples[] = {9, 1, 5};
    assert_float_equal(sb_median(samples, 3), 5.0, 1e-12);
}

static void median_of_even_count_averages_the_middle_pair(void **state)
{
    (void)state;
    double samples[] = {4, 1, 3, 2};
    assert_float_equal(sb_median(samples, 4), 2.5, 1e-12);
}

static void percentile_interpolates_between_ranks(void **state)
{
    (void)state;
    double samples[] = {50, 10, 40, 20, 30}; /* sorted: 10 20 30 40 50 */
    assert_float_equal(sb_percentile(samples, 5, 0), 10.0, 1e-12);
    assert_float_equal(sb_percentile(samples, 5, 100), 50.0, 1e-12);
    assert_float_equal(sb_percentile(samples, 5, 90), 46.0, 1e-12);
    assert_float_equal(sb_percentile(samples, 5, 99), 49.6, 1e-12);
}

static void percentile_of_one_sample_is_that_sample(void **state)
{
    (void)state;
    double sample = 7;
    assert_float_equal(sb_percentile(&sample, 1, 99), 7.0, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(median_of_odd_count_is_middle_value),
        cmocka_unit_test(median_of_even_count_averages_the_middle_pair),
        cmocka_unit_test(percentile_interpolates_between_ranks),
        cmocka_unit_test(percentile_of_one_sample_is_that_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
