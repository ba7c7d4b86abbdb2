/*
 * The timeslice family (claim C2: the OS time-slices runnable threads over
 * cores, and with many of them the machine stutters). N CPU-bound spinners,
 * threads or processes, are pinned evenly over the K PUs this program may
 * use, N = K, 2K, 4K, 16K and 64K, and spin; once every one of them has had
 * the CPU, a window opens, in which a probe thread on the first PU asks to
 * wake every PROBE_PERIOD_NS (core/probes/timeslice.h). The window lasts
 * until the probe has woken PROBE_WAKEUPS times and the spinners have gone
 * ROUNDS times round, or WINDOW_CAP_NS at most. An iteration is one such
 * round.
 *
 * Names read timeslice/<thread|process>/pus:<K>/spinners:<N>/real_time;
 * thread rounds run when the thread model is chosen, process rounds when the
 * process model is. Beside the thread series, at the fewest and the most
 * spinners, the probe also runs at a raised priority:
 * timeslice/thread/probe:<nice-10|fifo>/pus:<K>/spinners:<N>/real_time.
 * Where the kernel refuses that priority, the series is skipped: it is not
 * registered, and the context's timeslice_probe_<nice-10|fifo> says why.
 * docs/families/timeslice.md says what every counter is.
 */
#include "families/timeslice.h"
#include "suite.h"

#include "base/error.h"
#include "base/histogram.h"
#include "base/stats.h"
#include "gbench.h"
#include "probes/timeslice.h"
#include "scaling_plan.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The probe's period is short enough that an unloaded probe has its
 * wake-ups in a quarter of a second; the cap keeps the family, at five
 * repetitions, within about a minute on 2 PUs. */
enum {
    PROBE_PERIOD_NS = 250 * 1000,
    PROBE_WAKEUPS = 1000,
    ROUNDS = 10,
    WINDOW_CAP_NS = 1000 * 1000 * 1000,
};

/* Spinners per PU: from no oversubscription to heavy. */
static const int64_t spinners_per_pu[] = {SB_TIMESLICE_FEWEST_PER_PU, 2, 4, 16, SB_TIMESLICE_MOST_PER_PU};
/* Where the probe also runs at a raised priority: the two ends. */
static const int64_t raised_spinners_per_pu[] = {SB_TIMESLICE_FEWEST_PER_PU, SB_TIMESLICE_MOST_PER_PU};

typedef struct timeslice_case {
    const sb_suite *suite;
    sb_spinner_kind kind;
    sb_probe_priority priority;
} timeslice_case;

int sb_timeslice_add_round(sb_timeslice_totals *totals, const sb_timeslice_result *result, unsigned spinners,
                           double *shares)
{
    double spin_s = 0, voluntary = 0, involuntary = 0;
    for (unsigned i = 0; i < spinners; i++) {
        const sb_spinner_result *s = &result->spinners[i];
        shares[i] = (double)s->window_steps;
        totals->steps += shares[i];
        spin_s += s->spin_s;
        voluntary += (double)s->voluntary_switches;
        involuntary += (double)s->involuntary_switches;
    }
    totals->fairness += sb_jain_index(shares, spinners);
    /* Switches are counted over each spinner's own spinning time, which
     * outlasts the window for one that saw the stop late: per spinner-second
     * of spinning, times the spinners, is the rate while all of them ran. */
    totals->voluntary_per_s += voluntary / spin_s * spinners;
    totals->involuntary_per_s += involuntary / spin_s * spinners;
    totals->first_turns_s += result->first_turns_s;
    totals->window_s += result->window_s;
    totals->scheduler_rounds += result->rounds;
    totals->shortfall += (double)result->probe_shortfall;
    totals->probe_setting = result->probe_setting;
    totals->rounds++;

    size_t samples = totals->probe_samples + result->probe_samples;
    double *lateness_ns = realloc(totals->lateness_ns, (samples ? samples : 1) * sizeof *lateness_ns);
    if (!lateness_ns) {
        sb_set_error("out of memory");
        return -1;
    }
    memcpy(lateness_ns + totals->probe_samples, result->probe_lateness_ns,
           result->probe_samples * sizeof *lateness_ns);
    totals->lateness_ns = lateness_ns;
    totals->probe_samples = samples;
    return 0;
}

void sb_timeslice_lateness_of(double *lateness_ns, size_t count, sb_timeslice_lateness *lateness)
{
    *lateness = (sb_timeslice_lateness){0};
    for (size_t i = 0; i < count; i++)
        sb_histogram_add(&lateness->histogram_us, lateness_ns[i] / 1e3);
    if (count == 0)
        return;
    lateness->p50_us = sb_percentile(lateness_ns, count, 50) / 1e3;
    lateness->p99_us = sb_percentile(lateness_ns, count, 99) / 1e3;
    lateness->p999_us = sb_percentile(lateness_ns, count, 99.9) / 1e3;
    lateness->max_us = sb_percentile(lateness_ns, count, 100) / 1e3;
}

/* The histogram's buckets, each a count of wake-ups over all the rounds,
 * named by their upper edge so that the names sort in bucket order. */
static void report_histogram(sb_gbench_state *state, const sb_histogram *histogram)
{
    for (size_t b = 0; b < SB_HISTOGRAM_BUCKETS; b++) {
        char name[64];
        if (b == SB_HISTOGRAM_OVERFLOW)
            snprintf(name, sizeof name, "probe_hist_le_inf");
        else
            snprintf(name, sizeof name, "probe_hist_le_%07.0fus", sb_histogram_upper_edge(b));
        sb_gbench_counter(state, name, (double)histogram->counts[b], SB_GBENCH_COUNTER_PLAIN);
    }
}

sb_timeslice_means sb_timeslice_means_of(const sb_timeslice_totals *totals)
{
    double rounds = totals->rounds;
    return (sb_timeslice_means){
        .first_turns_ms = totals->first_turns_s * 1e3 / rounds,
        .window_ms = totals->window_s * 1e3 / rounds,
        .scheduler_rounds = totals->scheduler_rounds / rounds,
        .steps_per_second = totals->steps / totals->window_s,
        .fairness = totals->fairness / rounds,
        .voluntary_per_s = totals->voluntary_per_s / rounds,
        .involuntary_per_s = totals->involuntary_per_s / rounds,
        .probe_wakeups = (double)totals->probe_samples / rounds,
        .probe_shortfall = totals->shortfall / rounds,
    };
}

static void report(sb_gbench_state *state, sb_timeslice_totals *totals, unsigned spinners, unsigned pus)
{
    sb_timeslice_means means = sb_timeslice_means_of(totals);
    sb_gbench_counter(state, "spinners", spinners, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "pus", pus, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "spinners_per_pu", (double)spinners / pus, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "first_turns_ms", means.first_turns_ms, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "window_ms", means.window_ms, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "window_cap_ms", WINDOW_CAP_NS / 1e6, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "rounds", means.scheduler_rounds, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "steps_per_second", means.steps_per_second, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "fairness", means.fairness, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "voluntary_switches_per_second", means.voluntary_per_s, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "involuntary_switches_per_second", means.involuntary_per_s, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_period_us", PROBE_PERIOD_NS / 1e3, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_wakeups", means.probe_wakeups, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_shortfall", means.probe_shortfall, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_timer_slack_ns", (double)totals->probe_setting.timer_slack_ns,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_nice", totals->probe_setting.nice, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_rt_priority", totals->probe_setting.rt_priority, SB_GBENCH_COUNTER_PLAIN);
    sb_timeslice_lateness lateness;
    sb_timeslice_lateness_of(totals->lateness_ns, totals->probe_samples, &lateness);
    report_histogram(state, &lateness.histogram_us);
    if (totals->probe_samples == 0)
        return;
    sb_gbench_counter(state, "probe_p50_us", lateness.p50_us, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_p99_us", lateness.p99_us, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_p999_us", lateness.p999_us, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_max_us", lateness.max_us, SB_GBENCH_COUNTER_PLAIN);
}

static void bench_timeslice(sb_gbench_state *state, const void *arg)
{
    const timeslice_case *c = arg;
    unsigned pus = sb_topology_count(c->suite->topology, HWLOC_OBJ_PU);
    unsigned spinners = (unsigned)sb_gbench_arg(state);
    /* Planned for K workers, so spinner i goes to PU i mod K. */
    sb_placement *placement = sb_placement_plan(c->suite->topology, SB_PLACE_COMPACT, pus);
    double *shares = malloc(spinners * sizeof *shares);
    if (!placement || !shares) {
        sb_gbench_fail(state, placement ? "out of memory" : sb_last_error());
        sb_placement_free(placement);
        free(shares);
        return;
    }
    sb_timeslice_round round = {
        .kind = c->kind,
        .spinners = spinners,
        .placement = placement,
        .probe_wakeups = PROBE_WAKEUPS,
        .rounds = ROUNDS,
        .max_window_ns = WINDOW_CAP_NS,
        .probe_period_ns = PROBE_PERIOD_NS,
        .probe_priority = c->priority,
    };
    sb_timeslice_totals totals = {0};
    bool failed = false;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; !failed && i < iterations; i++) {
            sb_timeslice_result result;
            failed = sb_timeslice_run(&round, &result) != 0;
            if (!failed) {
                failed = sb_timeslice_add_round(&totals, &result, spinners, shares) != 0;
                sb_timeslice_result_free(&result);
            }
        }
    }
    if (failed)
        sb_gbench_fail(state, sb_last_error());
    else
        report(state, &totals, spinners, pus);
    free(totals.lateness_ns);
    free(shares);
    sb_placement_free(placement);
}

double sb_timeslice_start_s(sb_spinner_kind kind, double spinners)
{
    const sb_scaling_costs *costs = sb_scaling_costs_of_run();
    sb_model_unit unit = kind == SB_SPINNER_PROCESSES ? SB_MODEL_UNIT_PROCESS : SB_MODEL_UNIT_THREAD;
    return costs ? spinners * costs->unit_s[unit] : 0;
}

/* A round: every spinner started (sb_timeslice_start_s), then the window, which the probe's wake-ups fill at one period
 * each per spinner on its PU, up to the cap. */
static sb_gbench_cost round_cost(const void *arg, int64_t spinners)
{
    const timeslice_case *c = arg;
    double per_pu = (double)spinners / sb_topology_count(c->suite->topology, HWLOC_OBJ_PU);
    double window_s = fmin(WINDOW_CAP_NS, PROBE_WAKEUPS * PROBE_PERIOD_NS * per_pu) / 1e9;
    return (sb_gbench_cost){.iteration_s = sb_timeslice_start_s(c->kind, (double)spinners) + window_s};
}

/* Registers one series: `per_pu` spinners per PU for each of the `count`. */
static void register_series(sb_suite *suite, sb_spinner_kind kind, sb_probe_priority priority, unsigned pus,
                            const int64_t *per_pu, size_t count)
{
    int64_t spinners[sizeof spinners_per_pu / sizeof spinners_per_pu[0]];
    for (size_t f = 0; f < count; f++)
        spinners[f] = per_pu[f] * pus;
    const int64_t *kept = sb_suite_keep(suite, spinners, count * sizeof spinners[0]);
    timeslice_case *c = sb_suite_keep(suite, &(timeslice_case){suite, kind, priority}, sizeof(timeslice_case));
    char name[128];
    /* The default probe's series keep their names from before the raised
     * ones ran beside them, so that older results still compare. */
    if (priority == SB_PROBE_DEFAULT)
        snprintf(name, sizeof name, "timeslice/%s/pus:%u", sb_spinner_kind_name(kind), pus);
    else
        snprintf(name, sizeof name, "timeslice/%s/probe:%s/pus:%u", sb_spinner_kind_name(kind),
                 sb_probe_priority_name(priority), pus);
    sb_gbench_options options = {
        .arg_name = "spinners",
        .args = kept,
        .arg_count = count,
        .real_time = true,
        .unit = SB_GBENCH_MS,
        .cost = round_cost,
        /* C2 judges the default series' p99 and fairness over the repetitions. */
        .min_repetitions = priority == SB_PROBE_DEFAULT ? sb_suite_claim_repetitions(suite) : 0,
    };
    sb_gbench_register(name, bench_timeslice, c, &options);
}

/* Whether the kernel lets the probe run at `priority`, found by starting
 * one there for a moment; when it does not, the context says why and the
 * series is skipped, rather than failed: a run without the right is not a
 * broken run. */
static bool priority_permitted(const sb_suite *suite, sb_probe_priority priority)
{
    char key[64], why[300];
    snprintf(key, sizeof key, "timeslice_probe_%s", sb_probe_priority_name(priority));
    sb_placement *placement = sb_placement_plan(suite->topology, SB_PLACE_NONE, 1);
    sb_wakeup_probe *probe = placement ? sb_wakeup_probe_start(placement, 0, 1000000, 1, priority) : NULL;
    if (probe) {
        double *lateness;
        size_t count;
        sb_wakeup_probe_stop(probe, &lateness, &count);
        free(lateness);
        sb_gbench_add_context(key, "ran");
    } else {
        snprintf(why, sizeof why, "skipped: %s", sb_last_error());
        sb_gbench_add_context(key, why);
    }
    sb_placement_free(placement);
    return probe != NULL;
}

void sb_timeslice_register(sb_suite *suite)
{
    enum { FACTORS = sizeof spinners_per_pu / sizeof spinners_per_pu[0] };
    enum { RAISED_FACTORS = sizeof raised_spinners_per_pu / sizeof raised_spinners_per_pu[0] };
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    for (unsigned k = 0; k < SB_SPINNER_KIND_COUNT; k++) {
        sb_spinner_kind kind = (sb_spinner_kind)k;
        /* Each kind is named after the model whose workers it spins. */
        const sb_model *model = sb_model_find(sb_spinner_kind_name(kind));
        if (!model || !sb_suite_has(suite->models, sb_model_index(model)))
            continue;
        register_series(suite, kind, SB_PROBE_DEFAULT, pus, spinners_per_pu, FACTORS);
        if (kind != SB_SPINNER_THREADS)
            continue;
        for (unsigned p = SB_PROBE_DEFAULT + 1; p < SB_PROBE_PRIORITY_COUNT; p++)
            if (priority_permitted(suite, (sb_probe_priority)p))
                register_series(suite, kind, (sb_probe_priority)p, pus, raised_spinners_per_pu, RAISED_FACTORS);
    }
}
