/*
 * The switch family: what one coroutine switch costs (claim C7), timed as a
 * ping-pong between the main coroutine and one that switches every value
 * straight back (probes/coro_pingpong.h), with each backend of
 * core/coro/coro.h and with Boost.Context's fcontext beside them; and what
 * creating and destroying a coroutine costs.
 *
 * Names read switch/ping_pong/<backend or fcontext>/real_time, where an
 * iteration is a round trip and switch_time the time of one switch, and
 * switch/create_destroy/<backend>/real_time, where an iteration is one
 * coroutine created and destroyed without running, on a stack mapped afresh
 * and unmapped after; switch/create_destroy_pooled/<backend>/real_time is
 * the same on a stack from the thread's pool (coro/stack_pool.h), as a
 * runtime creates them: the difference is what mapping a stack costs.
 */
#include "suite.h"

#include "base/error.h"
#include "coro/coro.h"
#include "coro/stack_pool.h"
#include "fcontext_peer.h"
#include "gbench.h"
#include "probes/coro_pingpong.h"

#include <stdbool.h>
#include <stdio.h>

/* C7 judges a switch and a life over the repetitions. */
static sb_gbench_options options_for(const sb_suite *suite)
{
    return (sb_gbench_options){.real_time = true, .unit = SB_GBENCH_NS, .cost = sb_gbench_short_cost,
                               .min_repetitions = sb_suite_claim_repetitions(suite)};
}

/* A body for the coroutines that are created and destroyed unrun. */
static void *never_run(void *value)
{
    return value;
}

static void report_switches(sb_gbench_state *state, uint64_t round_trips)
{
    sb_gbench_counter(state, "switch_time", 2.0 * (double)round_trips, SB_GBENCH_COUNTER_TIME_EACH);
}

static void bench_ping_pong(sb_gbench_state *state)
{
    sb_coro_pingpong *pingpong = sb_coro_pingpong_start();
    if (!pingpong) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    uint64_t iterations, round_trips = 0;
    bool failed = false;
    while (!failed && sb_gbench_next_batch(state, &iterations)) {
        uint64_t rounds = iterations;
#ifdef SB_AB_TEST_SLOWDOWN
        /* tests/ab_test.sh's known regression, in a build of its own: this
         * many more round trips per iteration, a slowdown that scripts/ab
         * must report. */
        rounds *= 1 + SB_AB_TEST_SLOWDOWN;
#endif
        failed = sb_coro_pingpong_rounds(pingpong, rounds) != 0;
        round_trips += iterations;
    }
    if (failed)
        sb_gbench_fail(state, sb_last_error());
    else
        report_switches(state, round_trips);
    sb_coro_pingpong_finish(pingpong);
}

static void bench_fcontext_ping_pong(sb_gbench_state *state, const void *arg)
{
    (void)arg;
    sb_fcontext_peer *peer = sb_fcontext_peer_create(SB_CORO_STACK_DEFAULT);
    if (!peer) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    void *value = peer;
    uint64_t iterations, round_trips = 0;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; i < iterations; i++)
            value = sb_fcontext_peer_round_trip(peer, value);
        round_trips += iterations;
    }
    report_switches(state, round_trips);
    sb_fcontext_peer_destroy(peer);
}

static void bench_create_destroy(sb_gbench_state *state)
{
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; i < iterations; i++) {
            sb_coro *coro = sb_coro_create(never_run, SB_CORO_STACK_DEFAULT);
            if (!coro) {
                sb_gbench_fail(state, sb_last_error());
                break;
            }
            sb_coro_destroy(coro);
        }
    }
}

static void bench_create_destroy_pooled(sb_gbench_state *state)
{
    sb_coro_stack_pool *pool = sb_coro_stack_pool_of_thread(SB_CORO_STACK_DEFAULT);
    if (!pool) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    uint64_t iterations;
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; i < iterations; i++) {
            sb_coro_stack stack;
            sb_coro *coro = sb_coro_stack_pool_take(pool, &stack) >= 0 ? sb_coro_create_on(never_run, &stack) : NULL;
            if (!coro) {
                sb_gbench_fail(state, sb_last_error());
                break;
            }
            sb_coro_destroy(coro);
            sb_coro_stack_pool_give(pool, &stack);
        }
    }
}

/* A benchmark of one backend: its body, run with the thread switching by
 * that backend. */
typedef struct backend_case {
    sb_coro_backend backend;
    void (*body)(sb_gbench_state *state);
} backend_case;

/* Runs the case's body on its backend, then puts the thread's default
 * back, so the families after this one run as they would alone. */
static void bench_on_backend(sb_gbench_state *state, const void *arg)
{
    const backend_case *c = arg;
    if (sb_coro_use_backend(c->backend) != 0) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    c->body(state);
    sb_coro_use_backend(sb_coro_backend_default());
}

/* Registers switch/<kind>/<backend> for every backend built here. */
static void register_per_backend(sb_suite *suite, const char *kind, void (*body)(sb_gbench_state *state))
{
    for (unsigned b = 0; b < SB_CORO_BACKEND_COUNT; b++) {
        backend_case c = {.backend = (sb_coro_backend)b, .body = body};
        if (!sb_coro_backend_available(c.backend))
            continue;
        char name[128];
        snprintf(name, sizeof name, "switch/%s/%s", kind, sb_coro_backend_name(c.backend));
        sb_gbench_options options = options_for(suite);
        sb_gbench_register(name, bench_on_backend, sb_suite_keep(suite, &c, sizeof c), &options);
    }
}

void sb_switch_register(sb_suite *suite)
{
    register_per_backend(suite, "ping_pong", bench_ping_pong);
    sb_gbench_options options = options_for(suite);
    sb_gbench_register("switch/ping_pong/fcontext", bench_fcontext_ping_pong, NULL, &options);
    register_per_backend(suite, "create_destroy", bench_create_destroy);
    register_per_backend(suite, "create_destroy_pooled", bench_create_destroy_pooled);
}
