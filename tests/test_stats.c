/* stats: percentiles, medians and Jain's fairness index against values worked
 * out by hand. */
#include "base/stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "near.h"

static void median_of_odd_count_is_middle_value(void **state)
{
    (void)state;
    double samples[] = {9, 1, 5};
    assert_near(sb_median(samples, 3), 5.0, 1e-12);
}

static void median_of_even_count_averages_the_middle_pair(void **state)
{
    (void)state;
    double samples[] = {4, 1, 3, 2};
    assert_near(sb_median(samples, 4), 2.5, 1e-12);
}

static void percentile_interpolates_between_ranks(void **state)
{
    (void)state;
    double samples[] = {50, 10, 40, 20, 30}; /* sorted: 10 20 30 40 50 */
    assert_near(sb_percentile(samples, 5, 0), 10.0, 1e-12);
    assert_near(sb_percentile(samples, 5, 100), 50.0, 1e-12);
    assert_near(sb_percentile(samples, 5, 90), 46.0, 1e-12);
    assert_near(sb_percentile(samples, 5, 99), 49.6, 1e-12);
}

static void percentile_of_one_sample_is_that_sample(void **state)
{
    (void)state;
    double sample = 7;
    assert_near(sb_percentile(&sample, 1, 99), 7.0, 1e-12);
}

static void jain_index_of_equal_shares_is_one(void **state)
{
    (void)state;
    double shares[] = {3, 3, 3, 3};
    assert_near(sb_jain_index(shares, 4), 1.0, 1e-12);
}

static void jain_index_of_one_taking_everything_is_one_over_n(void **state)
{
    (void)state;
    double shares[] = {0, 0, 8, 0, 0};
    assert_near(sb_jain_index(shares, 5), 0.2, 1e-12);
}

static void jain_index_of_uneven_shares(void **state)
{
    (void)state;
    double shares[] = {1, 2, 3}; /* 6^2 / (3 * 14) */
    assert_near(sb_jain_index(shares, 3), 36.0 / 42.0, 1e-12);
}

static void jain_index_ignores_the_unit_of_the_shares(void **state)
{
    (void)state;
    double steps[] = {1000, 2000, 3000}, seconds[] = {0.001, 0.002, 0.003};
    assert_near(sb_jain_index(steps, 3), sb_jain_index(seconds, 3), 1e-12);
}

static void jain_index_of_no_progress_at_all_is_one(void **state)
{
    (void)state;
    double shares[] = {0, 0};
    assert_near(sb_jain_index(shares, 2), 1.0, 1e-12);
}

/* The ranks scripts/analysis/stats/intervals.py's order_statistic_rank
 * gives at 90%, where [min, max] first covers (5), where the second value
 * first does (8), and far up, where 2^-n underflows a double. */
static void median_rank_is_the_analysis_rank(void **state)
{
    (void)state;
    static const size_t expected[][2] = {{1, 0}, {4, 0}, {5, 1}, {7, 1}, {8, 2}, {10, 2},
                                         {20, 6}, {50, 19}, {100, 42}, {500, 232}, {1000, 474}, {2000, 963}};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_int_equal(sb_median_rank(expected[i][0], 0.9), expected[i][1]);
}

static void median_rank_widens_with_the_confidence(void **state)
{
    (void)state;
    /* 2 P(X < 1) = 1/16 at n = 5 passes 0.9 and fails 0.95; at n = 6, 1/32. */
    assert_int_equal(sb_median_rank(5, 0.95), 0);
    assert_int_equal(sb_median_rank(6, 0.95), 1);
    assert_int_equal(sb_median_rank(0, 0.9), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(median_of_odd_count_is_middle_value),
        cmocka_unit_test(median_of_even_count_averages_the_middle_pair),
        cmocka_unit_test(percentile_interpolates_between_ranks),
        cmocka_unit_test(percentile_of_one_sample_is_that_sample),
        cmocka_unit_test(jain_index_of_equal_shares_is_one),
        cmocka_unit_test(jain_index_of_one_taking_everything_is_one_over_n),
        cmocka_unit_test(jain_index_of_uneven_shares),
        cmocka_unit_test(jain_index_ignores_the_unit_of_the_shares),
        cmocka_unit_test(jain_index_of_no_progress_at_all_is_one),
        cmocka_unit_test(median_rank_is_the_analysis_rank),
        cmocka_unit_test(median_rank_widens_with_the_confidence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
