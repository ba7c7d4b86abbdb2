/* break_even: where a speedup curve crosses 1, against curves worked out by
 * hand: wholly above, wholly below, one crossing, two, and bad input. */
#include "base/break_even.h"

#include <math.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* 10 us to 100 ms, a decade apart. */
static const double durations[] = {10, 100, 1000, 10000, 100000};
enum { POINTS = sizeof durations / sizeof *durations };

static sb_break_even find(const double *speedups, size_t n)
{
    sb_break_even result = {.kind = -1, .duration = -1};
    assert_int_equal(sb_break_even_find(durations, speedups, n, &result), 0);
    return result;
}

static void faster_everywhere_breaks_even_below_the_range(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {1.2, 1.5, 1.9, 2.0, 2.0};
    assert_int_equal(find(speedups, POINTS).kind, SB_BREAK_EVEN_BELOW_RANGE);
}

static void a_speedup_of_exactly_one_pays(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {1.0, 1.0, 1.0, 1.0, 1.0};
    assert_int_equal(find(speedups, POINTS).kind, SB_BREAK_EVEN_BELOW_RANGE);
}

static void slower_at_the_longest_breaks_even_above_the_range(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {0.01, 0.1, 0.5, 0.9, 0.99};
    assert_int_equal(find(speedups, POINTS).kind, SB_BREAK_EVEN_ABOVE_RANGE);
}

/* Faster at the shortest durations but not at the longest (a GIL's CPU-bound
 * tasks, say): it does not pay from any duration on. */
static void slower_at_the_end_after_paying_is_above_the_range(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {1.1, 1.05, 1.0, 0.98, 0.97};
    assert_int_equal(find(speedups, POINTS).kind, SB_BREAK_EVEN_ABOVE_RANGE);
}

/* 0.5 at 1000 and 2 at 10000: 1 lies halfway in log speedup, so halfway in
 * log duration, at sqrt(1000 * 10000). */
static void one_crossing_is_interpolated_in_log_duration_and_log_speedup(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {0.05, 0.2, 0.5, 2.0, 2.0};
    sb_break_even result = find(speedups, POINTS);
    assert_int_equal(result.kind, SB_BREAK_EVEN_WITHIN);
    assert_float_equal(result.duration, 3162.2776601683795, 1e-9);
}

/* 0.9 at 100 and 0.9^-3 at 1000: 1 lies a quarter of the way in log speedup. */
static void an_uneven_crossing_lies_nearer_the_point_closer_to_one(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {0.5, 0.9, 1 / (0.9 * 0.9 * 0.9), 1.5, 1.8};
    sb_break_even result = find(speedups, POINTS);
    assert_int_equal(result.kind, SB_BREAK_EVEN_WITHIN);
    assert_float_equal(result.duration, 100 * pow(10, 0.25), 1e-9);
}

/* Above 1 at 10, below at 100 and 1000, above from 10000 on: the last upward
 * crossing counts, between 1000 and 10000. */
static void a_curve_crossing_twice_breaks_even_at_its_last_upward_crossing(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {1.25, 0.8, 0.5, 2.0, 1.9};
    sb_break_even result = find(speedups, POINTS);
    assert_int_equal(result.kind, SB_BREAK_EVEN_WITHIN);
    assert_float_equal(result.duration, 3162.2776601683795, 1e-9);
}

/* Reaching exactly 1 at a measured point breaks even at that point. */
static void reaching_one_at_a_point_breaks_even_there(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {0.3, 0.6, 1.0, 1.4, 1.8};
    sb_break_even result = find(speedups, POINTS);
    assert_int_equal(result.kind, SB_BREAK_EVEN_WITHIN);
    assert_float_equal(result.duration, 1000, 1e-9);
}

static void one_point_is_below_or_above_the_range(void **state)
{
    (void)state;
    static const double pays[] = {1.5}, loses[] = {0.5};
    assert_int_equal(find(pays, 1).kind, SB_BREAK_EVEN_BELOW_RANGE);
    assert_int_equal(find(loses, 1).kind, SB_BREAK_EVEN_ABOVE_RANGE);
}

static void bad_points_are_refused_and_leave_the_result_alone(void **state)
{
    (void)state;
    static const double speedups[POINTS] = {0.5, 0.8, 1.2, 1.5, 1.8};
    static const double unordered[POINTS] = {10, 1000, 100, 10000, 100000};
    static const double repeated[POINTS] = {10, 100, 100, 10000, 100000};
    static const double zero_speedup[POINTS] = {0.5, 0, 1.2, 1.5, 1.8};
    static const double nan_speedup[POINTS] = {0.5, NAN, 1.2, 1.5, 1.8};
    static const double negative_duration[POINTS] = {-10, 100, 1000, 10000, 100000};
    sb_break_even untouched = {.kind = SB_BREAK_EVEN_WITHIN, .duration = 42};
    assert_int_equal(sb_break_even_find(durations, speedups, 0, &untouched), -1);
    assert_int_equal(sb_break_even_find(unordered, speedups, POINTS, &untouched), -1);
    assert_int_equal(sb_break_even_find(repeated, speedups, POINTS, &untouched), -1);
    assert_int_equal(sb_break_even_find(durations, zero_speedup, POINTS, &untouched), -1);
    assert_int_equal(sb_break_even_find(durations, nan_speedup, POINTS, &untouched), -1);
    assert_int_equal(sb_break_even_find(negative_duration, speedups, POINTS, &untouched), -1);
    assert_float_equal(untouched.duration, 42, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(faster_everywhere_breaks_even_below_the_range),
        cmocka_unit_test(a_speedup_of_exactly_one_pays),
        cmocka_unit_test(slower_at_the_longest_breaks_even_above_the_range),
        cmocka_unit_test(slower_at_the_end_after_paying_is_above_the_range),
        cmocka_unit_test(one_crossing_is_interpolated_in_log_duration_and_log_speedup),
        cmocka_unit_test(an_uneven_crossing_lies_nearer_the_point_closer_to_one),
        cmocka_unit_test(a_curve_crossing_twice_breaks_even_at_its_last_upward_crossing),
        cmocka_unit_test(reaching_one_at_a_point_breaks_even_there),
        cmocka_unit_test(one_point_is_below_or_above_the_range),
        cmocka_unit_test(bad_points_are_refused_and_leave_the_result_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
