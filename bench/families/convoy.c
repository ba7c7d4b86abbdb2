/*
 * The convoy family (claim C5's other side: GIL threads overlap their IO
 * waits, but an IO thread pays for each wait in latency). An IO thread
 * sleeps SLEEP_NS again and again beside k = 0, 1, 2 and 4 CPU-bound
 * threads and records how much later than asked each sleep returned:
 *
 *   gil      every thread holds the suite's CPython-style GIL while it runs
 *            (python/gil.h, at its default switch interval): the sleep
 *            returns once the IO thread holds the GIL again
 *   no_gil   the same threads with no lock: the sleep returns when the OS
 *            runs the thread again
 *   cpython  CPython itself: pure-Python threads and time.sleep() in the
 *            interpreter of --python (bench/cpython/convoy.py, spoken to
 *            through python_peer.h), the measured behaviour the gil series
 *            stands for
 *
 * The gil and no_gil rounds run in this process (core/probes/gil_convoy.h);
 * CPython's run the same round in the peer, which replies with each
 * wake-up's lateness, and the percentiles of all three come from the same
 * code. An iteration is one round: the CPU-bound threads start, the IO
 * thread sleeps until it has TARGET_WAKEUPS wake-ups or TIME_CAP_NS has
 * passed, the threads stop. Under a GIL a wake-up waits a switch interval
 * or more whenever a CPU-bound thread runs, so there the cap ends the round
 * first. Why it waits as long as it does is in docs/families/convoy.md.
 *
 * Names read convoy/<gil|no_gil|cpython>/cpu_threads:<k>/real_time; the gil
 * and cpython series run when the gil model is chosen, no_gil when the
 * thread model is. The cpython series is skipped, with the reason in the
 * context's convoy_cpython_skipped, when its interpreter cannot run the
 * script. Counters, over the samples of all of a run's rounds:
 *
 *   lateness_p50_us, _p99_us, _max_us   how much later than asked the
 *                                       sleep returned
 *   long_wait_share                     the share of wake-ups that waited
 *                                       two switch intervals or more
 *                                       (sb_convoy_long_wait_share()); only
 *                                       where there is a switch interval
 *   wakeups                             samples behind those figures
 *   wakeup_shortfall                    how many fewer than TARGET_WAKEUPS
 *                                       a round had, on average (0: none)
 *   sleep_us                            each sleep asked for
 *   switch_interval_us                  the GIL's (CPython's as
 *                                       sys.getswitchinterval() says; 0
 *                                       with no GIL)
 *   cpu_threads                         k
 */
#include "suite.h"

#include "base/error.h"
#include "base/stats.h"
#include "gbench.h"
#include "probes/gil_convoy.h"
#include "python/gil.h"
#include "python_peer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    SLEEP_NS = 500 * 1000,
    TARGET_WAKEUPS = 1000,
    TIME_CAP_NS = 700 * 1000 * 1000,
};

static const int64_t cpu_threads[] = {0, 1, 2, 4};

/* What the threads of a series run under. */
typedef enum runtime {
    SUITE_GIL, /* python/gil.h */
    NO_LOCK,
    CPYTHON, /* the interpreter of --python */
} runtime;

typedef struct convoy_series {
    const char *name;
    const char *model; /* the model whose choice runs it */
    runtime runtime;
} convoy_series;

static const convoy_series series[] = {
    {"gil", "gil", SUITE_GIL},
    {"no_gil", "thread", NO_LOCK},
    {"cpython", "gil", CPYTHON},
};

/* The CPython series' script, in python_peer.h's folder of scripts. */
static const char CPYTHON_SCRIPT[] = "convoy.py";
static const char *const cpython_args[] = {"--peer", NULL};

/* --python, for the benchmarks, which are called without the suite. */
static const char *python_path;

/* What one run of a series' benchmark rounds its threads under: a GIL of
 * its own, or a CPython peer, or neither. */
typedef struct series_run {
    const convoy_series *series;
    sb_gil *gil;
    sb_python_peer *peer;
    uint64_t switch_interval_ns;
} series_run;

/* CPython's switch interval, asked of its peer; -1 with sb_last_error(). */
static int ask_switch_interval(sb_python_peer *peer, uint64_t *ns)
{
    char *reply = sb_python_peer_ask(peer, "switch_interval");
    if (!reply)
        return -1;
    char *end;
    errno = 0;
    unsigned long long us = strtoull(reply, &end, 10);
    bool number = reply[0] >= '0' && reply[0] <= '9' && *end == '\0' && errno == 0 && us <= UINT64_MAX / 1000;
    if (number)
        *ns = (uint64_t)us * 1000;
    else
        sb_set_error("%s replied '%.80s' to 'switch_interval', not a number of microseconds", CPYTHON_SCRIPT, reply);
    free(reply);
    return number ? 0 : -1;
}

static int series_open(series_run *run, const convoy_series *s)
{
    *run = (series_run){.series = s};
    switch (s->runtime) {
    case SUITE_GIL:
        if (!(run->gil = sb_gil_create()))
            return -1;
        run->switch_interval_ns = sb_gil_switch_interval_ns(run->gil);
        return 0;
    case NO_LOCK:
        return 0;
    case CPYTHON:
        if (!(run->peer = sb_python_peer_start(python_path, CPYTHON_SCRIPT, cpython_args)))
            return -1;
        return ask_switch_interval(run->peer, &run->switch_interval_ns);
    }
    return 0;
}

static void series_close(series_run *run)
{
    sb_gil_destroy(run->gil);
    sb_python_peer_stop(run->peer);
    *run = (series_run){0};
}

/* Each wake-up's lateness of `reply`, nanoseconds separated by spaces, into
 * `result`: at least one, at most `most`. -1 with sb_last_error() when it
 * is anything else. */
static int parse_lateness(const char *reply, size_t most, sb_convoy_result *result)
{
    *result = (sb_convoy_result){.lateness_ns = malloc(most * sizeof *result->lateness_ns)};
    if (!result->lateness_ns) {
        sb_set_error("out of memory");
        return -1;
    }
    const char *at = reply;
    while (*at) {
        char *end;
        errno = 0;
        long long ns = strtoll(at, &end, 10);
        bool number = (*at == '-' || (*at >= '0' && *at <= '9')) && end != at && (*end == ' ' || !*end) && !errno;
        if (!number || result->wakeups == most) {
            sb_set_error("%s's reply is not 1 to %zu wake-ups' lateness in nanoseconds: '%.80s'", CPYTHON_SCRIPT, most,
                         reply);
            sb_convoy_result_free(result);
            return -1;
        }
        result->lateness_ns[result->wakeups++] = (double)ns;
        at = *end ? end + 1 : end;
    }
    if (result->wakeups == 0) {
        sb_set_error("%s replied no wake-ups", CPYTHON_SCRIPT);
        sb_convoy_result_free(result);
        return -1;
    }
    return 0;
}

/* One round of the series, as sb_convoy_run() has it. */
static int series_round(series_run *run, const sb_convoy_round *round, sb_convoy_result *result)
{
    if (run->series->runtime != CPYTHON) {
        const sb_convoy_interpreter interpreter = {.enter = sb_gil_enter, .leave = sb_gil_leave, .context = run->gil};
        sb_convoy_round under = *round;
        under.interpreter = run->gil ? &interpreter : NULL;
        return sb_convoy_run(&under, result);
    }
    char request[160];
    snprintf(request, sizeof request, "round %u %" PRIu64 " %zu %" PRIu64, round->cpu_threads, round->sleep_ns,
             round->max_wakeups, round->time_cap_ns);
    char *reply = sb_python_peer_ask(run->peer, request);
    if (!reply)
        return -1;
    int rc = parse_lateness(reply, round->max_wakeups, result);
    free(reply);
    return rc;
}

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
    sb_gbench_counter(state, "wakeups", (double)all->count, SB_GBENCH_COUNTER_PLAIN);
    if (switch_interval_ns > 0 && all->count > 0)
        sb_gbench_counter(state, "long_wait_share",
                          sb_convoy_long_wait_share(all->lateness_ns, all->count, switch_interval_ns),
                          SB_GBENCH_COUNTER_PLAIN);
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
    const sb_convoy_round round = {
        .cpu_threads = (unsigned)sb_gbench_arg(state),
        .sleep_ns = SLEEP_NS,
        .max_wakeups = TARGET_WAKEUPS,
        .time_cap_ns = TIME_CAP_NS,
    };
    series_run run;
    if (series_open(&run, arg) != 0) {
        sb_gbench_fail(state, sb_last_error());
        series_close(&run);
        return;
    }
    samples all = {0};
    bool failed = false;
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; !failed && i < iterations; i++) {
            sb_convoy_result result;
            failed = series_round(&run, &round, &result) != 0;
            if (!failed) {
                failed = add_round(&all, &result) != 0;
                sb_convoy_result_free(&result);
            }
        }
    }
    if (failed)
        sb_gbench_fail(state, sb_last_error());
    else
        report(state, &all, round.cpu_threads, run.switch_interval_ns);
    free(all.lateness_ns);
    series_close(&run);
}

/* Whether --python can run the CPython series, found by starting its peer
 * for a moment; when it cannot, the context says why and the series is
 * skipped. A run that only lists its benchmarks starts nothing: there, an
 * interpreter that can be executed is taken to run it. */
static bool cpython_runs(const sb_suite *suite, const convoy_series *s)
{
    if (suite->listing)
        return access(suite->python, X_OK) == 0;
    series_run run;
    bool runs = series_open(&run, s) == 0;
    if (!runs)
        sb_gbench_add_context("convoy_cpython_skipped", sb_last_error());
    series_close(&run);
    return runs;
}

/* A round lasts until its wake-ups or its time cap: the cap, at most. */
static sb_gbench_cost round_cost(const void *arg, int64_t value)
{
    (void)arg, (void)value;
    return (sb_gbench_cost){.iteration_s = TIME_CAP_NS / 1e9};
}

void sb_convoy_register(sb_suite *suite)
{
    python_path = suite->python;
    for (size_t i = 0; i < sizeof series / sizeof series[0]; i++) {
        const sb_model *model = sb_model_find(series[i].model);
        if (!model || !sb_suite_has(suite->models, sb_model_index(model)))
            continue;
        if (series[i].runtime == CPYTHON && !cpython_runs(suite, &series[i]))
            continue;
        char name[64];
        snprintf(name, sizeof name, "convoy/%s", series[i].name);
        sb_gbench_options options = {
            .arg_name = "cpu_threads",
            .args = cpu_threads,
            .arg_count = sizeof cpu_threads / sizeof cpu_threads[0],
            .real_time = true,
            .unit = SB_GBENCH_MS,
            .cost = round_cost,
        };
        sb_gbench_register(name, bench_convoy, &series[i], &options);
    }
}
