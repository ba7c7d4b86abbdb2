/* plan: how long Google Benchmark's runner spends on an instance of a given
 * cost (a fixed count, one that grows until the min time is filled, with
 * its setup in every run it makes), and what a budget cuts: spare rows
 * alone, sparest and dearest first, and a total that never rises as the
 * budget falls. */
#include "plan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "near.h"

static const double EPSILON = 1e-9;

static sb_gbench_sizing sizing(double min_time_s, unsigned repetitions)
{
    return (sb_gbench_sizing){.min_time_s = min_time_s, .repetitions = repetitions};
}

static void a_fixed_count_runs_as_given_in_every_repetition(void **state)
{
    (void)state;
    sb_gbench_cost cost = {.iteration_s = 0.01, .setup_s = 0.5};
    sb_gbench_sizing five = sizing(0.1, 5);
    assert_near(sb_plan_instance_s(&cost, 1, 0, &five), 5 * 0.51, EPSILON);
    assert_near(sb_plan_instance_s(&cost, 3, 0, &five), 5 * 0.53, EPSILON);
}

/* A row that samples until decided runs its own count, whatever the run's. */
static void a_fixed_repetition_count_overrides_the_runs(void **state)
{
    (void)state;
    sb_gbench_cost cost = {.iteration_s = 0.01, .setup_s = 0.5};
    sb_gbench_sizing five = sizing(0.1, 5);
    assert_near(sb_plan_instance_s(&cost, 1, 1, &five), 0.51, EPSILON);
    assert_near(sb_plan_instance_s(&cost, 1, 2, &five), 2 * 0.51, EPSILON);
}

static void an_iteration_past_the_min_time_runs_once_a_repetition(void **state)
{
    (void)state;
    sb_gbench_cost cost = {.iteration_s = 1};
    sb_gbench_sizing three = sizing(0.1, 3);
    assert_near(sb_plan_instance_s(&cost, 0, 0, &three), 3, EPSILON);
}

/* 1, 10, 100, ... iterations while a run takes a tenth of the min time or
 * less; then 1.4 times what fills it (10,000 iterations of 3 us took 0.03 s:
 * round(0.14 / 0.03 x 10,000) = 46,667), which the other repetitions keep. */
static void short_iterations_grow_tenfold_to_the_min_time(void **state)
{
    (void)state;
    sb_gbench_cost cost = {.iteration_s = 3e-6};
    sb_gbench_sizing one = sizing(0.1, 1), three = sizing(0.1, 3);
    double filled_s = 46667 * 3e-6;
    assert_near(sb_plan_instance_s(&cost, 0, 0, &one), 11111 * 3e-6 + filled_s, EPSILON);
    assert_near(sb_plan_instance_s(&cost, 0, 0, &three), 11111 * 3e-6 + 3 * filled_s, EPSILON);
}

/* Past a tenth of the min time the runner asks for 1.4 times what fills
 * it: 0.03 s a run, then round(0.14 / 0.03) = 5 iterations. */
static void a_significant_run_predicts_the_count_with_its_margin(void **state)
{
    (void)state;
    sb_gbench_cost cost = {.iteration_s = 0.03};
    sb_gbench_sizing two = sizing(0.1, 2);
    assert_near(sb_plan_instance_s(&cost, 0, 0, &two), 0.03 + 0.15 + 0.15, EPSILON);
    cost.setup_s = 0.2; /* in each of the three runs */
    assert_near(sb_plan_instance_s(&cost, 0, 0, &two), 0.33 + 3 * 0.2, EPSILON);
}

static void a_min_time_in_iterations_fixes_the_count(void **state)
{
    (void)state;
    sb_gbench_cost cost = {.iteration_s = 0.001};
    sb_gbench_sizing hundred = {.min_iterations = 100, .repetitions = 2};
    assert_near(sb_plan_instance_s(&cost, 0, 0, &hundred), 2 * 0.1, EPSILON);
}

static void a_warm_up_is_added_once(void **state)
{
    (void)state;
    sb_gbench_cost cost = {.iteration_s = 1};
    sb_gbench_sizing warmed = {.min_time_s = 0.1, .min_warmup_s = 0.5, .repetitions = 2};
    assert_near(sb_plan_instance_s(&cost, 0, 0, &warmed), 0.5 + 1 + 2, EPSILON);
}

enum { ROWS = 6 };

static void rows_of(sb_plan_row *rows)
{
    static const sb_plan_row given[ROWS] = {{10, 0, false}, {5, 1, false}, {3, 2, false},
                                            {4, 2, false},  {8, 0, false}, {2, 1, false}};
    for (size_t i = 0; i < ROWS; i++)
        rows[i] = given[i];
}

static void a_budget_that_fits_cuts_nothing(void **state)
{
    (void)state;
    sb_plan_row rows[ROWS];
    rows_of(rows);
    assert_near(sb_plan_cut(rows, ROWS, 32), 32, EPSILON);
    for (size_t i = 0; i < ROWS; i++)
        assert_false(rows[i].cut);
}

static void the_sparest_and_dearest_go_first(void **state)
{
    (void)state;
    sb_plan_row rows[ROWS];
    rows_of(rows);
    /* 32 s: the 4 s row of spare 2 goes, which is enough. */
    assert_near(sb_plan_cut(rows, ROWS, 29), 28, EPSILON);
    assert_true(rows[3].cut);
    assert_false(rows[2].cut || rows[1].cut || rows[5].cut);
    rows_of(rows);
    /* Both spare-2 rows, then the dearer spare-1 row. */
    assert_near(sb_plan_cut(rows, ROWS, 21), 20, EPSILON);
    assert_true(rows[2].cut && rows[3].cut && rows[1].cut);
    assert_false(rows[5].cut);
}

static void rows_no_budget_may_cut_stay(void **state)
{
    (void)state;
    sb_plan_row rows[ROWS];
    rows_of(rows);
    assert_near(sb_plan_cut(rows, ROWS, 1), 18, EPSILON);
    assert_false(rows[0].cut || rows[4].cut);
}

static void the_total_never_rises_as_the_budget_falls(void **state)
{
    (void)state;
    double last = 1e9;
    for (double budget = 40; budget >= 0; budget -= 0.5) {
        sb_plan_row rows[ROWS];
        rows_of(rows);
        double total = sb_plan_cut(rows, ROWS, budget);
        assert_true(total <= last);
        assert_true(total <= budget || total == 18);
        last = total;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_fixed_count_runs_as_given_in_every_repetition),
        cmocka_unit_test(a_fixed_repetition_count_overrides_the_runs),
        cmocka_unit_test(an_iteration_past_the_min_time_runs_once_a_repetition),
        cmocka_unit_test(short_iterations_grow_tenfold_to_the_min_time),
        cmocka_unit_test(a_significant_run_predicts_the_count_with_its_margin),
        cmocka_unit_test(a_min_time_in_iterations_fixes_the_count),
        cmocka_unit_test(a_warm_up_is_added_once),
        cmocka_unit_test(a_budget_that_fits_cuts_nothing),
        cmocka_unit_test(the_sparest_and_dearest_go_first),
        cmocka_unit_test(rows_no_budget_may_cut_stay),
        cmocka_unit_test(the_total_never_rises_as_the_budget_falls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
