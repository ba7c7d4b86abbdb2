/*
 * The timeslice family (claim C2: the OS time-slices runnable threads over
 * cores, and with many of them the machine stutters). N CPU-bound spinners,
 * threads or processes, are pinned evenly over the K PUs this program may
 * use, N = K, 2K, 4K, 16K and 64K, and spin; once every one of them has had
 * the CPU, a 200 ms window opens, in which a probe thread on the first PU
 * asks to wake every millisecond (core/probes/timeslice.h). An iteration is one
 * such round.
 *
 * Names read timeslice/<thread|process>/pus:<K>/spinners:<N>/real_time;
 * thread rounds run when the thread model is chosen, process rounds when the
 * process model is. Counters, over the rounds of a run:
 *
 *   spinners, pus, spinners_per_pu    the round's shape
 *   first_turns_ms                    from the release until every spinner
 *                                     had had the CPU (at most 200 ms)
 *   steps_per_second                  kernel steps of all spinners in the
 *                                     window, over the window: throughput
 *   fairness                          Jain's index of the spinners' steps
 *                                     (1: all equal; 1/N: one did all)
 *   probe_p50_us, _p99_us, _max_us    how late the probe's wake-ups came
 *   probe_wakeups                     how many it had (fewer than one per
 *                                     millisecond when wake-ups came late)
 *   voluntary_switches_per_second,    context switches of all the spinners
 *   involuntary_switches_per_second   together while they spun
 */
#include "suite.h"

#include "base/error.h"
#include "gbench.h"
#include "base/stats.h"
#include "probes/timeslice.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WINDOW_NS = 200 * 1000 * 1000, PROBE_PERIOD_NS = 1000 * 1000 };

/* Spinners per PU: from no oversubscription to heavy. */
static const int64_t spinners_per_pu[] = {1, 2, 4, 16, 64};

typedef struct timeslice_case {
    const sb_suite *suite;
    sb_spinner_kind kind;
} timeslice_case;

/* Sums over the rounds of a run; rates are summed per round and averaged. */
typedef struct round_totals {
    double first_turns_s, window_s, steps, fairness, voluntary_per_s, involuntary_per_s;
    unsigned rounds;
    double *lateness_ns; /* every round's probe samples, one after another */
    size_t probe_samples;
} round_totals;

static int add_round(round_totals *totals, const sb_timeslice_result *result, unsigned spinners, double *shares)
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

static void report(sb_gbench_state *state, round_totals *totals, unsigned spinners, unsigned pus)
{
    double rounds = totals->rounds;
    sb_gbench_counter(state, "spinners", spinners, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "pus", pus, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "spinners_per_pu", (double)spinners / pus, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "first_turns_ms", totals->first_turns_s * 1e3 / rounds, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "steps_per_second", totals->steps / totals->window_s, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "fairness", totals->fairness / rounds, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "voluntary_switches_per_second", totals->voluntary_per_s / rounds,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "involuntary_switches_per_second", totals->involuntary_per_s / rounds,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "probe_wakeups", (double)totals->probe_samples / rounds, SB_GBENCH_COUNTER_PLAIN);
    if (totals->probe_samples == 0)
        return;
    static const struct {
        const char *name;
        double percentile;
    } latenesses[] = {{"probe_p50_us", 50}, {"probe_p99_us", 99}, {"probe_max_us", 100}};
    for (size_t i = 0; i < sizeof latenesses / sizeof latenesses[0]; i++)
        sb_gbench_counter(state, latenesses[i].name,
                          sb_percentile(totals->lateness_ns, totals->probe_samples, latenesses[i].percentile) / 1e3,
                          SB_GBENCH_COUNTER_PLAIN);
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
        .window_ns = WINDOW_NS,
        .probe_period_ns = PROBE_PERIOD_NS,
    };
    round_totals totals = {0};
    bool failed = false;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; !failed && i < iterations; i++) {
            sb_timeslice_result result;
            failed = sb_timeslice_run(&round, &result) != 0;
            if (!failed) {
                failed = add_round(&totals, &result, spinners, shares) != 0;
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

void sb_timeslice_register(sb_suite *suite)
{
    enum { FACTORS = sizeof spinners_per_pu / sizeof spinners_per_pu[0] };
    unsigned pus = sb_topology_count(suite->topology, HWLOC_OBJ_PU);
    int64_t spinners[FACTORS];
    for (size_t f = 0; f < FACTORS; f++)
        spinners[f] = spinners_per_pu[f] * pus;
    const int64_t *kept = sb_suite_keep(suite, spinners, sizeof spinners);

    for (unsigned k = 0; k < SB_SPINNER_KIND_COUNT; k++) {
        /* Each kind is named after the model whose workers it spins. */
        const sb_model *model = sb_model_find(sb_spinner_kind_name((sb_spinner_kind)k));
        if (!model || !sb_suite_has(suite->models, sb_model_index(model)))
            continue;
        timeslice_case *c = sb_suite_keep(suite, &(timeslice_case){suite, (sb_spinner_kind)k}, sizeof(timeslice_case));
        char name[128];
        snprintf(name, sizeof name, "timeslice/%s/pus:%u", sb_spinner_kind_name(c->kind), pus);
        sb_gbench_options options = {
            .arg_name = "spinners",
            .args = kept,
            .arg_count = FACTORS,
            .real_time = true,
            .unit = SB_GBENCH_MS,
        };
        sb_gbench_register(name, bench_timeslice, c, &options);
    }
}
