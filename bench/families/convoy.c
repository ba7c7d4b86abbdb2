/*
 * The convoy family (claim C5's other side: GIL threads overlap their IO
 * waits, but an IO thread pays for each wait in latency). The calling thread
 * sleeps SLEEP_NS again and again beside k = 0, 1, 2 and 4 CPU-bound
 * threads (core/probes/gil_convoy.h) and records how much later than asked
 * each sleep returned:
 *
 *   gil     every thread holds a CPython-style GIL while it runs
 *           (python/gil.h, at its default switch interval): the sleep
 *           returns once the IO thread holds the GIL again
 *   no_gil  the same threads with no lock: the sleep returns when the OS
 *           runs the thread again
 *
 * An iteration is one round: the CPU-bound threads start, the IO thread
 * sleeps until it has TARGET_WAKEUPS wake-ups or TIME_CAP_NS has passed,
 * the threads stop. Under the GIL each wake-up costs about a switch
 * interval per CPU-bound thread, so there the cap ends the round first.
 *
 * Names read convoy/<gil|no_gil>/cpu_threads:<k>/real_time; the gil series
 * runs when the gil model is chosen, no_gil when the thread model is.
 * Counters, over the samples of all of a run's rounds:
 *
 *   lateness_p50_us, _p99_us, _max_us   how much later than asked the
 *                                       sleep returned
 *   wakeups                             samples behind those figures
 *   wakeup_shortfall                    how many fewer than TARGET_WAKEUPS
 *                                       a round had, on average (0: none)
 *   sleep_us                            each sleep asked for
 *   switch_interval_us                  the GIL's (0 with no GIL)
 *   cpu_threads                         k
 *   expected_us                         CPython's rule: k switch intervals
 *                                       (0 with no GIL); see
 *                                       docs/families/convoy.md
 */
#include "suite.h"

#include "base/error.h"
#include "base/stats.h"
#include "base/task_hooks.h"
#include "gbench.h"
#include "probes/gil_convoy.h"
#include "python/gil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    SLEEP_NS = 500 * 1000,
    TARGET_WAKEUPS = 1000,
    TIME_CAP_NS = 700 * 1000 * 1000,
};

static const int64_t cpu_threads[] = {0, 1, 2, 4};

typedef struct convoy_series {
    const char *name;
    const char *model; /* the model whose choice runs it */
    bool gil;
} convoy_series;

static const convoy_series series[] = {
    {"gil", "gil", true},
    {"no_gil", "thread", false},
};

/* Each thread runs Python code only while it holds the GIL, as the gil
 * model's tasks do. */
/* Every round's samples, one after another. */
typedef struct samples {
    double *lateness_ns;
    size_t count;
    unsigned rounds;
} samples;

static int add_round(samples *all, const sb_convoy_result *result)
{
    double *lateness_ns = realloc(all->lateness_ns, (all->count + result->wakeups) * sizeof *lateness_ns);
    if (!lateness_ns) {
        sb_set_error("out of memory");
        return -1;
    }
    memcpy(lateness_ns + all->count, result->lateness_ns, result->wakeups * sizeof *lateness_ns);
    all->lateness_ns = lateness_ns;
    all->count += result->wakeups;
    all->rounds++;
    return 0;
}

static void report(sb_gbench_state *state, samples *all, unsigned k, uint64_t switch_interval_ns)
{
    double per_round = (double)all->count / all->rounds;
    sb_gbench_counter(state, "cpu_threads", k, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "sleep_us", SLEEP_NS / 1e3, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "switch_interval_us", (double)switch_interval_ns / 1e3, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "expected_us", k * ((double)switch_interval_ns / 1e3), SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "wakeups", (double)all->count, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "wakeup_shortfall", per_round < TARGET_WAKEUPS ? TARGET_WAKEUPS - per_round : 0,
                      SB_GBENCH_COUNTER_PLAIN);
    static const struct {
        const char *name;
        double percentile;
    } latenesses[] = {{"lateness_p50_us", 50}, {"lateness_p99_us", 99}, {"lateness_max_us", 100}};
    for (size_t i = 0; i < sizeof latenesses / sizeof latenesses[0]; i++)
        sb_gbench_counter(state, latenesses[i].name,
                          sb_percentile(all->lateness_ns, all->count, latenesses[i].percentile) / 1e3,
                          SB_GBENCH_COUNTER_PLAIN);
}

static void bench_convoy(sb_gbench_state *state, const void *arg)
{
    const convoy_series *s = arg;
    unsigned k = (unsigned)sb_gbench_arg(state);
    sb_gil *gil = NULL;
    if (s->gil && !(gil = sb_gil_create())) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    const sb_convoy_interpreter interpreter = {
        .enter = sb_gil_enter, .leave = sb_gil_leave, .context = gil};
    const sb_convoy_round round = {
        .cpu_threads = k,
        .sleep_ns = SLEEP_NS,
        .max_wakeups = TARGET_WAKEUPS,
        .time_cap_ns = TIME_CAP_NS,
        .interpreter = gil ? &interpreter : NULL,
    };
    samples all = {0};
    bool failed = false;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; !failed && i < iterations; i++) {
            sb_convoy_result result;
            failed = sb_convoy_run(&round, &result) != 0;
            if (!failed) {
                failed = add_round(&all, &result) != 0;
                sb_convoy_result_free(&result);
            }
        }
    }
    if (failed)
        sb_gbench_fail(state, sb_last_error());
    else
        report(state, &all, k, gil ? sb_gil_switch_interval_ns(gil) : 0);
    free(all.lateness_ns);
    sb_gil_destroy(gil);
}

void sb_convoy_register(sb_suite *suite)
{
    for (size_t i = 0; i < sizeof series / sizeof series[0]; i++) {
        const sb_model *model = sb_model_find(series[i].model);
        if (!model || !sb_suite_has(suite->models, sb_model_index(model)))
            continue;
        char name[64];
        snprintf(name, sizeof name, "convoy/%s", series[i].name);
        sb_gbench_options options = {
            .arg_name = "cpu_threads",
            .args = cpu_threads,
            .arg_count = sizeof cpu_threads / sizeof cpu_threads[0],
            .real_time = true,
            .unit = SB_GBENCH_MS,
        };
        sb_gbench_register(name, bench_convoy, &series[i], &options);
    }
}
