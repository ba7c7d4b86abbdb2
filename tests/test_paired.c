/* paired: the sampler against sides that return figures from a script,
 * so that every ratio, and so every interval, is known in advance: the
 * order of the slices, when sampling stops, the interval it reports and a
 * side's failure. */
#include "paired.h"

#include "base/clock.h"
#include "base/error.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "near.h"

/* A side that returns its script's figures in turn, the last one again
 * once the script is spent, and writes its letter into a shared log. */
typedef struct scripted_side {
    const double *figures;
    unsigned count, calls;
    char letter;
    char *log;
    int fail_at; /* the call that fails (1 = the first); 0: none */
} scripted_side;

static int measure_scripted(void *context, double *figure)
{
    scripted_side *side = context;
    side->calls++;
    size_t used = strlen(side->log);
    side->log[used] = side->letter;
    side->log[used + 1] = '\0';
    if (side->fail_at && (int)side->calls == side->fail_at) {
        sb_set_error("slice %u failed", side->calls);
        return -1;
    }
    *figure = side->figures[side->calls <= side->count ? side->calls - 1 : side->count - 1];
    return 0;
}

static char slice_log[2 * SB_PAIRED_MAX_PAIRS + 1];

static sb_paired_side side_of(scripted_side *scripted)
{
    scripted->log = slice_log;
    return (sb_paired_side){.measure = measure_scripted, .context = scripted};
}

static int setup(void **state)
{
    (void)state;
    slice_log[0] = '\0';
    return 0;
}

static const double ones[] = {1};
static const double twos[] = {2};

/* A plan against `bar` at 90%, with room for a minute and `max_pairs`. */
static sb_paired_plan against(double bar, unsigned max_pairs)
{
    return (sb_paired_plan){.bar = bar, .confidence = 0.9, .cap_s = 60, .max_pairs = max_pairs};
}

/* Samples `a` over a side of 1 by `plan`: the sampler's return. */
static int sample_over_one(scripted_side *a, sb_paired_plan plan, sb_paired_figure *figure)
{
    static scripted_side b;
    b = (scripted_side){ones, 1, 0, 'b', NULL, 0};
    sb_paired_side side_a = side_of(a), side_b = side_of(&b);
    return sb_paired_sample(&side_a, &side_b, &plan, figure);
}

/* A ratio of 2 against a bar of 1: five pairs give the first 90% interval. */
static void a_clear_ratio_stops_at_the_first_interval(void **state)
{
    (void)state;
    scripted_side a = {twos, 1, 0, 'a', NULL, 0};
    sb_paired_figure figure;
    assert_int_equal(sample_over_one(&a, against(1, 100), &figure), 0);
    assert_true(figure.decided);
    assert_int_equal(figure.pairs, 5);
    assert_near(figure.median, 2, 1e-12);
    assert_near(figure.lo, 2, 1e-12);
    assert_near(figure.hi, 2, 1e-12);
    assert_true(figure.sampling_s >= 0);
}

/* The slices alternate which side goes first, so that a drift lands on both. */
static void slices_alternate_their_order(void **state)
{
    (void)state;
    scripted_side a = {twos, 1, 0, 'a', NULL, 0};
    sb_paired_figure figure;
    assert_int_equal(sample_over_one(&a, against(1, 100), &figure), 0);
    assert_string_equal(slice_log, "abbaabbaab");
}

/* Ratios that straddle the bar never decide: sampling goes on to the
 * pair limit, and the interval is the order statistics of all the pairs. */
static void a_straddling_ratio_samples_to_the_limit(void **state)
{
    (void)state;
    /* a over b: 0.9, 1.1, 0.9, 1.1, ... around a bar of 1. */
    static const double a_figures[] = {0.9, 1.1, 0.9, 1.1, 0.9, 1.1, 0.9, 1.1, 0.9, 1.1, 0.9, 1.1};
    scripted_side a = {a_figures, 12, 0, 'a', NULL, 0};
    sb_paired_figure figure;
    assert_int_equal(sample_over_one(&a, against(1, 12), &figure), 0);
    assert_false(figure.decided);
    assert_int_equal(figure.pairs, 12);
    assert_int_equal(a.calls, 12);
    assert_near(figure.median, 1.0, 1e-12);
    assert_near(figure.lo, 0.9, 1e-12);
    assert_near(figure.hi, 1.1, 1e-12);
}

/* A ratio that drifts down through the bar decides below it, once the
 * interval, at the ranks the confidence gives (1 to 7 pairs: [min, max];
 * 8 to 10: the second lowest and highest; 11: the third), leaves it. */
static void a_ratio_below_the_bar_decides_too(void **state)
{
    (void)state;
    /* Then 0.3 again and again. */
    static const double a_figures[] = {1.2, 1.1, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3};
    scripted_side a = {a_figures, 8, 0, 'a', NULL, 0};
    sb_paired_figure figure;
    assert_int_equal(sample_over_one(&a, against(1, 100), &figure), 0);
    /* 10 pairs: [0.3, 1.1]; 11: 0.3 x 4, 0.4 ... 0.8, 1.1, 1.2 gives [0.3, 0.8]. */
    assert_true(figure.decided);
    assert_int_equal(figure.pairs, 11);
    assert_near(figure.lo, 0.3, 1e-12);
    assert_near(figure.hi, 0.8, 1e-12);
    assert_near(figure.median, 0.5, 1e-12);
}

/* Past the sixth pair the ratios fall well below the bar and stay there:
 * sampling stops at the first pair whose interval lies below it. */
static void sampling_stops_once_the_interval_clears_the_bar(void **state)
{
    (void)state;
    static const double a_figures[] = {1.2, 1.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    scripted_side a = {a_figures, 10, 0, 'a', NULL, 0};
    sb_paired_figure figure;
    assert_int_equal(sample_over_one(&a, against(1, 100), &figure), 0);
    /* 8 pairs: sorted 0.5 x 6, 1.1, 1.2; k = 2: [0.5, 1.1] straddles.
     * 10 pairs: k = 2, [0.5, 1.1]. The second highest stays 1.1 until the
     * rank reaches 3, at 11 pairs (2 P(X < 3) = 0.065): [0.5, 0.5]. */
    assert_true(figure.decided);
    assert_int_equal(figure.pairs, 11);
    assert_near(figure.hi, 0.5, 1e-12);
    assert_near(figure.median, 0.5, 1e-12);
}

/* A rule of two sides: decided once the interval is clear of both bars,
 * here wholly between them; not while it straddles the upper one. */
static void a_two_sided_ratio_decides_clear_of_both_bars(void **state)
{
    (void)state;
    /* 1.3 twice, then 1.0 again and again, against 0.8 to 1.25. */
    static const double a_figures[] = {1.3, 1.3, 1.0};
    scripted_side a = {a_figures, 3, 0, 'a', NULL, 0}, b = {ones, 1, 0, 'b', NULL, 0};
    sb_paired_side side_a = side_of(&a), side_b = side_of(&b);
    sb_paired_plan plan = {.bar = 0.8, .upper_bar = 1.25, .confidence = 0.9, .cap_s = 60, .max_pairs = 100};
    sb_paired_figure figure;
    assert_int_equal(sb_paired_sample(&side_a, &side_b, &plan, &figure), 0);
    /* 5 to 7 pairs: [1.0, 1.3] straddles 1.25; 8: the second highest, 1.3; 9 and 10 too; 11: 1.0. */
    assert_true(figure.decided);
    assert_int_equal(figure.pairs, 11);
    assert_near(figure.lo, 1.0, 1e-12);
    assert_near(figure.hi, 1.0, 1e-12);
}

/* An interval that ends on the bar is clear of it. */
static void an_end_on_the_bar_is_clear_of_it(void **state)
{
    (void)state;
    static const double a_figures[] = {1, 1, 1, 1, 1.5};
    scripted_side a = {a_figures, 5, 0, 'a', NULL, 0};
    sb_paired_figure figure;
    assert_int_equal(sample_over_one(&a, against(1, 100), &figure), 0);
    assert_true(figure.decided);
    assert_int_equal(figure.pairs, 5);
}

/* A cap of 0 s lets one pair start and no more. */
static void a_spent_cap_ends_sampling_undecided(void **state)
{
    (void)state;
    scripted_side a = {twos, 1, 0, 'a', NULL, 0}, b = {ones, 1, 0, 'b', NULL, 0};
    sb_paired_side side_a = side_of(&a), side_b = side_of(&b);
    sb_paired_plan plan = {.bar = 1, .confidence = 0.9, .cap_s = 0, .max_pairs = 100};
    sb_paired_figure figure;
    assert_int_equal(sb_paired_sample(&side_a, &side_b, &plan, &figure), 0);
    assert_int_equal(figure.pairs, 1);
    assert_false(figure.decided);
    assert_true(isnan(figure.lo) && isnan(figure.hi));
    assert_near(figure.median, 2, 1e-12);
}

static void a_failing_slice_fails_the_sampling(void **state)
{
    (void)state;
    scripted_side a = {twos, 1, 0, 'a', NULL, 0}, b = {ones, 1, 0, 'b', NULL, 3};
    sb_paired_side side_a = side_of(&a), side_b = side_of(&b);
    sb_paired_plan plan = {.bar = 1, .confidence = 0.9, .cap_s = 60, .max_pairs = 100};
    sb_paired_figure figure;
    assert_int_equal(sb_paired_sample(&side_a, &side_b, &plan, &figure), -1);
    assert_string_equal(sb_last_error(), "slice 3 failed");
    assert_string_equal(slice_log, "abbaab");
}

static void a_figure_of_zero_gives_no_ratio(void **state)
{
    (void)state;
    /* a's second slice and b's fourth measure nothing: pairs 2 and 4 are void. */
    static const double a_figures[] = {2, 0, 2, 2, 2, 2, 2, 2, 2};
    static const double b_figures[] = {1, 1, 1, 0, 1, 1, 1, 1, 1};
    scripted_side a = {a_figures, 9, 0, 'a', NULL, 0}, b = {b_figures, 9, 0, 'b', NULL, 0};
    sb_paired_side side_a = side_of(&a), side_b = side_of(&b);
    sb_paired_figure figure;
    sb_paired_plan plan = against(1, 100);
    assert_int_equal(sb_paired_sample(&side_a, &side_b, &plan, &figure), 0);
    /* The void pairs still alternate the order: the log is that of seven pairs. */
    assert_string_equal(slice_log, "abbaabbaabbaab");
    assert_int_equal(figure.void_pairs, 2);
    assert_int_equal(figure.pairs, 5);
    assert_true(figure.decided);
    assert_true(figure.median == 2);
}

static void only_void_pairs_leave_no_figure(void **state)
{
    (void)state;
    static const double zero[] = {0};
    scripted_side a = {zero, 1, 0, 'a', NULL, 0};
    sb_paired_figure figure;
    /* max_pairs bounds the void pairs too. */
    assert_int_equal(sample_over_one(&a, against(1, 12), &figure), 0);
    assert_int_equal(a.calls, 12);
    assert_int_equal(figure.void_pairs, 12);
    assert_int_equal(figure.pairs, 0);
    assert_false(figure.decided);
    assert_true(isnan(figure.median) && isnan(figure.lo) && isnan(figure.hi));
}

static void a_plan_out_of_range_is_refused(void **state)
{
    (void)state;
    scripted_side a = {twos, 1, 0, 'a', NULL, 0}, b = {ones, 1, 0, 'b', NULL, 0};
    sb_paired_side side_a = side_of(&a), side_b = side_of(&b);
    sb_paired_figure figure;
    sb_paired_plan no_pairs = {.bar = 1, .confidence = 0.9, .cap_s = 60, .max_pairs = 0};
    sb_paired_plan too_many = {.bar = 1, .confidence = 0.9, .cap_s = 60, .max_pairs = SB_PAIRED_MAX_PAIRS + 1};
    sb_paired_plan sure = {.bar = 1, .confidence = 1, .cap_s = 60, .max_pairs = 10};
    assert_int_equal(sb_paired_sample(&side_a, &side_b, &no_pairs, &figure), -1);
    assert_int_equal(sb_paired_sample(&side_a, &side_b, &too_many, &figure), -1);
    assert_int_equal(sb_paired_sample(&side_a, &side_b, &sure, &figure), -1);
    assert_int_equal(a.calls + b.calls, 0);
}

/* A counted operation that does nothing, failing once asked for `fail_at` runs. */
typedef struct counted_op {
    uint64_t asked, fail_at;
} counted_op;

static int run_counted(void *operation, uint64_t count)
{
    counted_op *op = operation;
    op->asked = count;
    if (op->fail_at && count == op->fail_at) {
        sb_set_error("run of %llu failed", (unsigned long long)count);
        return -1;
    }
    return 0;
}

static void a_counted_slice_is_sized_by_doubling(void **state)
{
    (void)state;
    counted_op op = {0};
    sb_paired_counted side = {run_counted, &op, 0};
    /* Nothing takes 0 ns or more sooner than one run. */
    assert_int_equal(sb_paired_size_counted(&side, 0), 0);
    assert_int_equal(side.count, 1);
    /* Nothing this fast fills a day: the count stops at the most, a power of two. */
    assert_int_equal(sb_paired_size_counted(&side, 86400e9), 0);
    assert_int_equal(side.count, SB_PAIRED_MAX_COUNT);
    double each_ns = -1;
    assert_int_equal(sb_paired_measure_counted(&side, &each_ns), 0);
    assert_true(each_ns >= 0);
}

/* An operation that takes no time but for the first run of `held_at`
 * operations, held up for `held_ns`, and one that always takes `each_ns`. */
typedef struct timed_op {
    uint64_t held_at, held_ns, each_ns;
    unsigned calls;
} timed_op;

static int run_timed(void *operation, uint64_t count)
{
    timed_op *op = operation;
    op->calls++;
    if (op->each_ns)
        sb_sleep_ns(op->each_ns * count);
    if (count == op->held_at) {
        sb_sleep_ns(op->held_ns);
        op->held_at = 0;
    }
    return 0;
}

static void one_held_up_slice_does_not_size_the_count(void **state)
{
    (void)state;
    /* Held up past the slice once at 4, the count goes on doubling: a
     * sleep only ever lasts longer, and no slice of an empty run takes
     * 0.2 s but under a stall as long, twice in a row. */
    timed_op held = {.held_at = 4, .held_ns = 400000000};
    sb_paired_counted side = {run_timed, &held, 0};
    assert_int_equal(sb_paired_size_counted(&side, 200e6), 0);
    assert_int_equal(side.count, SB_PAIRED_MAX_COUNT);
    /* A run that fills the slice at its first count stops there, after two looks. */
    timed_op slow = {.each_ns = 30000000};
    side = (sb_paired_counted){run_timed, &slow, 0};
    assert_int_equal(sb_paired_size_counted(&side, 20e6), 0);
    assert_int_equal(side.count, 1);
    assert_int_equal(slow.calls, 2);
}

static void a_failing_run_fails_the_sizing(void **state)
{
    (void)state;
    counted_op op = {.fail_at = 8};
    sb_paired_counted side = {run_counted, &op, 0};
    assert_int_equal(sb_paired_size_counted(&side, 86400e9), -1);
    assert_string_equal(sb_last_error(), "run of 8 failed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_clear_ratio_stops_at_the_first_interval, setup),
        cmocka_unit_test_setup(slices_alternate_their_order, setup),
        cmocka_unit_test_setup(a_straddling_ratio_samples_to_the_limit, setup),
        cmocka_unit_test_setup(a_ratio_below_the_bar_decides_too, setup),
        cmocka_unit_test_setup(sampling_stops_once_the_interval_clears_the_bar, setup),
        cmocka_unit_test_setup(a_two_sided_ratio_decides_clear_of_both_bars, setup),
        cmocka_unit_test_setup(an_end_on_the_bar_is_clear_of_it, setup),
        cmocka_unit_test_setup(a_spent_cap_ends_sampling_undecided, setup),
        cmocka_unit_test_setup(a_failing_slice_fails_the_sampling, setup),
        cmocka_unit_test_setup(a_figure_of_zero_gives_no_ratio, setup),
        cmocka_unit_test_setup(only_void_pairs_leave_no_figure, setup),
        cmocka_unit_test_setup(a_plan_out_of_range_is_refused, setup),
        cmocka_unit_test(a_counted_slice_is_sized_by_doubling),
        cmocka_unit_test(one_held_up_slice_does_not_size_the_count),
        cmocka_unit_test(a_failing_run_fails_the_sizing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
