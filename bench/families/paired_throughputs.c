/*
 * The paired family's throughputs for C2 (paired.c): the timeslice
 * family's spinners' steps per second with the most of them over the
 * fewest's, a slice being one round of either over the same window,
 * judged against both of C2's throughput bars.
 */
#include "families/paired_rows.h"

#include "base/error.h"
#include "families/timeslice.h"
#include "probes/timeslice.h"

#include <math.h>
#include <stdio.h>

/* A throughput slice's window: both ends measured over the same time. */
#define WINDOW_NS 100000000
#define PROBE_PERIOD_NS 10000000

typedef struct spinning_case {
    const sb_topology *topology;
    sb_spinner_kind kind;
} spinning_case;

/* A round of spinners over the PUs; its figure, their steps per second in the window. */
static int measure_throughput(void *context, double *steps_per_s)
{
    const sb_timeslice_round *round = context;
    sb_timeslice_result result;
    if (sb_timeslice_run(round, &result) != 0)
        return -1;
    double steps = 0;
    for (unsigned i = 0; i < round->spinners; i++)
        steps += (double)result.spinners[i].window_steps;
    *steps_per_s = result.window_s > 0 ? steps / result.window_s : 0;
    sb_timeslice_result_free(&result);
    return 0;
}

static void bench_spinning(sb_gbench_state *state, const void *arg)
{
    const spinning_case *c = arg;
    unsigned pus = sb_topology_count(c->topology, HWLOC_OBJ_PU);
    /* Planned for the PUs, so spinner i goes to PU i mod PUs, as in the timeslice family. */
    sb_placement *placement = sb_placement_plan(c->topology, SB_PLACE_COMPACT, pus);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    /* The probe's wake-ups never close the window first: it lasts WINDOW_NS. */
    sb_timeslice_round round = {
        .kind = c->kind,
        .placement = placement,
        .probe_wakeups = WINDOW_NS / PROBE_PERIOD_NS + 2,
        .rounds = 1,
        .max_window_ns = WINDOW_NS,
        .probe_period_ns = PROBE_PERIOD_NS,
        .probe_priority = SB_PROBE_DEFAULT,
    };
    sb_timeslice_round most = round, fewest = round;
    most.spinners = SB_TIMESLICE_MOST_PER_PU * pus;
    fewest.spinners = SB_TIMESLICE_FEWEST_PER_PU * pus;
    sb_paired_side a = {measure_throughput, &most}, b = {measure_throughput, &fewest};
    sb_paired_plan plan = sb_paired_row_plan(SB_BAR_C2_THROUGHPUT_LOW, SB_BAR_C2_THROUGHPUT_HIGH);
    sb_paired_row_settle();
    if (sb_paired_row_sample(state, &a, &b, &plan, "ratio")) {
        sb_paired_row_counter(state, "most_spinners", most.spinners);
        sb_paired_row_counter(state, "fewest_spinners", fewest.spinners);
    }
    sb_placement_free(placement);
}

/* A pair: both rounds' spinners started at the run's price, and their windows. */
static sb_gbench_cost spinning_cost(const void *arg, int64_t value)
{
    (void)value;
    const spinning_case *c = arg;
    unsigned pus = sb_topology_count(c->topology, HWLOC_OBJ_PU);
    double start_s = sb_timeslice_start_s(c->kind, (SB_TIMESLICE_MOST_PER_PU + SB_TIMESLICE_FEWEST_PER_PU) * pus);
    return (sb_gbench_cost){
        .iteration_s = fmin(SB_PAIRED_ROW_PRICED_PAIRS * (start_s + 2 * WINDOW_NS / 1e9), SB_PAIRED_ROW_CAP_S),
        .setup_s = SB_PAIRED_ROW_SETTLE_NS / 1e9};
}

void sb_paired_throughputs_register(sb_suite *suite)
{
    for (unsigned k = 0; k < SB_SPINNER_KIND_COUNT; k++) {
        sb_spinner_kind kind = (sb_spinner_kind)k;
        const sb_model *model = sb_model_find(sb_spinner_kind_name(kind));
        if (!model || !sb_suite_has(suite->models, sb_model_index(model)))
            continue;
        spinning_case c = {suite->topology, kind};
        char name[128];
        snprintf(name, sizeof name, "paired/timeslice/%s", sb_spinner_kind_name(kind));
        sb_paired_row_register(suite, name, bench_spinning, &c, sizeof c, spinning_cost);
    }
}
