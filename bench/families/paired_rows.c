#include "families/paired_rows.h"

#include "base/clock.h"
#include "base/error.h"

#include <math.h>
#include <stdio.h>

void sb_paired_row_settle(void)
{
    sb_sleep_ns(SB_PAIRED_ROW_SETTLE_NS);
}

sb_paired_plan sb_paired_row_plan(double bar, double upper_bar)
{
    return (sb_paired_plan){
        .bar = bar,
        .upper_bar = upper_bar,
        .confidence = SB_INTERVAL_CONFIDENCE,
        .cap_s = SB_PAIRED_ROW_CAP_S,
        .max_pairs = SB_PAIRED_MAX_PAIRS,
    };
}

void sb_paired_row_counter(sb_gbench_state *state, const char *name, double value)
{
    sb_gbench_counter(state, name, value, SB_GBENCH_COUNTER_PLAIN);
}

void sb_paired_row_report(sb_gbench_state *state, const char *ratio, const sb_paired_plan *plan,
                          const sb_paired_figure *figure)
{
    char name[64];
    if (!isnan(figure->median))
        sb_paired_row_counter(state, ratio, figure->median);
    if (!isnan(figure->lo)) {
        snprintf(name, sizeof name, "%s_lo", ratio);
        sb_paired_row_counter(state, name, figure->lo);
        snprintf(name, sizeof name, "%s_hi", ratio);
        sb_paired_row_counter(state, name, figure->hi);
    }
    sb_paired_row_counter(state, "pairs", figure->pairs);
    if (figure->void_pairs)
        sb_paired_row_counter(state, "void_pairs", figure->void_pairs);
    sb_paired_row_counter(state, "sampling_s", figure->sampling_s);
    sb_paired_row_counter(state, "decided", figure->decided);
    sb_paired_row_counter(state, "bar", plan->bar);
    if (plan->upper_bar != 0)
        sb_paired_row_counter(state, "upper_bar", plan->upper_bar);
    if (!isnan(figure->others_cpu_pus))
        sb_paired_row_counter(state, "others_cpu_pus", figure->others_cpu_pus);
}

bool sb_paired_row_sample(sb_gbench_state *state, const sb_paired_side *a, const sb_paired_side *b,
                          const sb_paired_plan *plan, const char *ratio)
{
    bool sampled = false;
    sb_paired_figure figure;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        sampled = sb_paired_sample(a, b, plan, &figure) == 0;
        if (sampled)
            sb_paired_row_report(state, ratio, plan, &figure);
        else
            sb_gbench_fail(state, sb_last_error());
    }
    return sampled;
}

bool sb_paired_row_sample_counted(sb_gbench_state *state, sb_paired_counted *a, sb_paired_counted *b,
                                  sb_paired_row_sizing sizing, double bar)
{
    sb_paired_row_settle();
    if (sb_paired_size_counted(b, SB_PAIRED_ROW_SLICE_NS) != 0 ||
        (sizing == SB_PAIRED_ROW_SIZE_EACH && sb_paired_size_counted(a, SB_PAIRED_ROW_SLICE_NS) != 0)) {
        sb_gbench_fail(state, sb_last_error());
        return false;
    }
    if (sizing == SB_PAIRED_ROW_SIZE_AS_B)
        a->count = b->count;
    sb_paired_side side_a = {sb_paired_measure_counted, a}, side_b = {sb_paired_measure_counted, b};
    sb_paired_plan plan = sb_paired_row_plan(bar, 0);
    if (!sb_paired_row_sample(state, &side_a, &side_b, &plan, "ratio"))
        return false;
    sb_paired_row_counter(state, "per_slice", (double)a->count);
    sb_paired_row_counter(state, "over_per_slice", (double)b->count);
    return true;
}

sb_gbench_cost sb_paired_row_counted_cost(const void *arg, int64_t value)
{
    (void)arg;
    (void)value;
    return (sb_gbench_cost){.iteration_s = SB_PAIRED_ROW_PRICED_PAIRS * 2 * SB_PAIRED_ROW_SLICE_NS / 1e9,
                            .setup_s = SB_PAIRED_ROW_SETTLE_NS / 1e9};
}

void sb_paired_row_register(sb_suite *suite, const char *name, sb_gbench_fn fn, const void *arg, size_t size,
                            sb_gbench_cost (*cost)(const void *arg, int64_t value))
{
    sb_gbench_options options = {
        .real_time = true,
        .iterations = 1,
        .repetitions = 1,
        .unit = SB_GBENCH_S,
        .cost = cost,
    };
    sb_gbench_register(name, fn, sb_suite_keep(suite, arg, size), &options);
}
