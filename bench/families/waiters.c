/*
 * The waiters family: N waits of WAIT_NS at once (claim C6), as N
 * coroutines parked on one hub on one thread, with each backend the kernel
 * allows, and as N threads each blocked in its own sleep.
 *
 * Every waiter runs the same code, sb_task_sleep_ns(): on the hub the task
 * hook parks the coroutine, on a thread it sleeps. Each gets the stack it
 * needs, from the calling thread's stack pool (coro/stack_pool.h), reused
 * from round to round as a runtime reuses its stacks (and glibc its
 * threads'): a coroutine 1 KiB, its own state included (a waiter uses about
 * a third of it; 16 KiB under the sanitizers, whose frames are larger), a
 * thread 16 KiB and its TLS, glibc's least. Pooled stacks need no mapping
 * each, so neither side runs into vm.max_map_count.
 *
 * The largest N: --max-waiters, less where the machine cannot hold that
 * many (base/capacity.h). Threads also stop where task ids run out
 * (kernel.pid_max is 32768 by default); a thread also holds kernel memory
 * outside the RSS (its kernel stack, its task struct). Where each series
 * stopped, and why, goes in the results' context.
 *
 * An iteration is one round: start N waiters, let them all wait at once,
 * reap them; the time column is one round's wall time. N threads are held at
 * a gate until the last has started, then sleep; N coroutines need no gate,
 * since the hub looks at no timer before each has run and parked.
 *
 * Counters: work_ns_per_waiter is (round - wait) / N, what holding one wait
 * cost beyond the wait itself; round_over_wait is round / wait;
 * page_faults_per_waiter counts the pages first touched in the timed rounds,
 * over N and rounds (0 once the stacks are reused). rss_bytes_per_waiter is
 * the resident memory (/proc/self/statm) while all N wait, less that before
 * the round, over N: measured in an untimed round after a warm-up round has
 * faulted in the code and data every round uses and the pools and malloc
 * have then given their memory back, so it counts what the waiters hold,
 * stacks included. Threads' kernel memory is not in it.
 * voluntary_switches_per_round counts the process's blocking waits: about
 * one per round on the hub, at least two per thread.
 *
 * Names read waiters/coroutine/<backend>/waiters:<n>/real_time and
 * waiters/thread/waiters:<n>/real_time.
 */
#include "family.h"

#include "base/capacity.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/task_hooks.h"
#include "base/usage.h"
#include "coro/hub.h"
#include "coro/stack_pool.h"
#include "gbench.h"
#include "scaling_plan.h"

#include <link.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WAIT_NS = 10 * 1000 * 1000, THREAD_STACK_SIZE = 16 * 1024 };

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
enum { COROUTINE_STACK_SIZE = 16 * 1024 };
#else
enum { COROUTINE_STACK_SIZE = 1024 };
#endif

/* The family's own options. */
typedef struct waiters_settings {
    unsigned max_waiters; /* --max-waiters */
} waiters_settings;

static waiters_settings settings;

static const sb_option waiters_options[] = {
    {.name = "--max-waiters", .value = "N", .kind = SB_OPTION_COUNT,
     .field = SB_OPTION_FIELD(waiters_settings, max_waiters, unsigned), .min = 1, .max = 1000000,
     .fallback = "1000000", .help = "most concurrent waits"},
    {0},
};

const sb_option_group sb_waiters_options = {
    .title = "The waiters family:", .options = waiters_options, .settings = &settings};

/* What a waiter is expected to hold, to size the largest N to the memory:
 * a guess on the safe side, not a measurement. A thread's includes its
 * kernel stack and task struct. */
enum { COROUTINE_BYTES = COROUTINE_STACK_SIZE + 512, THREAD_BYTES = 64 * 1024 };

typedef struct waiters_case waiters_case;

/* Runs one round of `waiters` waits and, unless `waiting_kb` is NULL (the
 * timed rounds), stores the resident memory while they all wait. 0, or -1
 * with sb_last_error(). */
typedef int (*round_fn)(const waiters_case *c, unsigned waiters, long *waiting_kb);

struct waiters_case {
    round_fn round;
    sb_hub_backend backend; /* of the hub, for coroutines */
};

static void wait_once(void)
{
    sb_task_sleep_ns(WAIT_NS);
}

static void coroutine_waiter(void *arg)
{
    (void)arg;
    wait_once();
}

static void nothing(void *arg)
{
    (void)arg;
}

static int coroutine_round(const waiters_case *c, unsigned waiters, long *waiting_kb)
{
    sb_hub *hub = sb_hub_create(c->backend, COROUTINE_STACK_SIZE);
    if (!hub)
        return -1;
    int rc = 0;
    for (unsigned w = 0; rc == 0 && w < waiters; w++)
        rc = sb_hub_spawn(hub, coroutine_waiter, NULL);
    /* The last spawned runs, and ends, after every waiter has parked (they
     * run in the order spawned, and none ends before its wait): the memory
     * is read then, on this thread's own stack, which has room for stdio
     * as the waiters' stacks have not. */
    void *first_finished;
    if (rc == 0 && waiting_kb) {
        rc = sb_hub_spawn(hub, nothing, NULL);
        if (rc == 0)
            rc = sb_hub_join_any(hub, &first_finished);
        if (rc == 0)
            *waiting_kb = sb_usage_resident_kb();
    }
    if (rc == 0)
        rc = sb_hub_join_all(hub);
    sb_hub_destroy(hub);
    return rc;
}

typedef struct gate {
    pthread_mutex_t lock;
    pthread_cond_t arrival, opening;
    unsigned arrived;
    bool open;
} gate;

static void *thread_waiter(void *arg)
{
    gate *g = arg;
    pthread_mutex_lock(&g->lock);
    g->arrived++;
    pthread_cond_signal(&g->arrival);
    while (!g->open)
        pthread_cond_wait(&g->opening, &g->lock);
    pthread_mutex_unlock(&g->lock);
    wait_once();
    return NULL;
}

typedef struct waiter_thread {
    pthread_t thread;
    sb_coro_stack stack;
} waiter_thread;

/* Starts up to `waiters` threads at the gate; returns how many started,
 * having set sb_last_error() if fewer. */
static unsigned start_threads(unsigned waiters, sb_coro_stack_pool *stacks, waiter_thread *threads, gate *g)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    unsigned started = 0;
    for (; started < waiters; started++) {
        waiter_thread *t = &threads[started];
        if (sb_coro_stack_pool_take(stacks, &t->stack) < 0)
            break;
        pthread_attr_setstack(&attr, t->stack.bottom, t->stack.size);
        int rc = pthread_create(&t->thread, &attr, thread_waiter, g);
        if (rc != 0) {
            sb_coro_stack_pool_give(stacks, &t->stack);
            sb_set_error("cannot start waiter thread %u of %u: %s", started + 1, waiters, strerror(rc));
            break;
        }
    }
    pthread_attr_destroy(&attr);
    return started;
}

#ifdef __SANITIZE_THREAD__
/* ThreadSanitizer wants this much beyond the TLS in a stack it is given. */
enum { SANITIZER_STACK_ROOM = 128 * 1024 };
#else
enum { SANITIZER_STACK_ROOM = 0 };
#endif

/* Room for what glibc keeps at the top of a stack it is given: its
 * descriptor and a reserve (TLS_RESERVE covers both) and the static TLS of
 * every module (their PT_TLS segments). pthread_create refuses less. */
enum { TLS_RESERVE = 8 * 1024 };

static int add_static_tls(struct dl_phdr_info *info, size_t size, void *total)
{
    (void)size;
    for (ElfW(Half) h = 0; h < info->dlpi_phnum; h++)
        if (info->dlpi_phdr[h].p_type == PT_TLS)
            *(size_t *)total += info->dlpi_phdr[h].p_memsz + info->dlpi_phdr[h].p_align;
    return 0;
}

static size_t thread_stack_size(void)
{
    size_t tls = TLS_RESERVE + SANITIZER_STACK_ROOM;
    dl_iterate_phdr(add_static_tls, &tls);
    return THREAD_STACK_SIZE + tls;
}

static int thread_round(const waiters_case *c, unsigned waiters, long *waiting_kb)
{
    (void)c;
    sb_coro_stack_pool *stacks = sb_coro_stack_pool_of_thread(thread_stack_size());
    waiter_thread *threads = stacks ? malloc(waiters * sizeof *threads) : NULL;
    if (!threads) {
        if (stacks)
            sb_set_error("out of memory for %u threads", waiters);
        return -1;
    }
    gate g = {.lock = PTHREAD_MUTEX_INITIALIZER, .arrival = PTHREAD_COND_INITIALIZER,
              .opening = PTHREAD_COND_INITIALIZER};
    unsigned started = start_threads(waiters, stacks, threads, &g);

    pthread_mutex_lock(&g.lock);
    while (g.arrived < started)
        pthread_cond_wait(&g.arrival, &g.lock);
    if (started == waiters && waiting_kb)
        *waiting_kb = sb_usage_resident_kb();
    g.open = true;
    pthread_cond_broadcast(&g.opening);
    pthread_mutex_unlock(&g.lock);

    for (unsigned t = 0; t < started; t++) {
        pthread_join(threads[t].thread, NULL);
        sb_coro_stack_pool_give(stacks, &threads[t].stack);
    }
    free(threads);
    return started == waiters ? 0 : -1;
}

/* The resident memory one waiter holds, in bytes; see the top of the file. */
static int measure_memory(const waiters_case *c, unsigned waiters, double *bytes_per_waiter)
{
    long waiting_kb;
    if (c->round(c, waiters, &waiting_kb) != 0)
        return -1;
    sb_coro_stack_pool_trim_thread();
    malloc_trim(0);
    long before_kb = sb_usage_resident_kb();
    if (before_kb < 0 || c->round(c, waiters, &waiting_kb) != 0 || waiting_kb < 0)
        return -1;
    *bytes_per_waiter = (double)(waiting_kb - before_kb) * 1024 / waiters;
    return 0;
}

static void bench_waiters(sb_gbench_state *state, const void *arg)
{
    const waiters_case *c = arg;
    unsigned waiters = (unsigned)sb_gbench_arg(state);
    double bytes_per_waiter;
    if (measure_memory(c, waiters, &bytes_per_waiter) != 0) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    sb_usage before = sb_usage_self();
    uint64_t iterations, rounds = 0, start_ns = sb_clock_ns();
    while (sb_gbench_next_batch(state, &iterations)) {
        for (uint64_t i = 0; i < iterations; i++, rounds++) {
            if (c->round(c, waiters, NULL) != 0) {
                sb_gbench_fail(state, sb_last_error());
                return;
            }
        }
    }
    double round_ns = (double)(sb_clock_ns() - start_ns) / (double)rounds;
    sb_usage used = sb_usage_between(before, sb_usage_self());
    double waits = (double)rounds * waiters;
    sb_gbench_counter(state, "waiters", waiters, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "wait_ms", WAIT_NS / 1e6, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "round_over_wait", round_ns / WAIT_NS, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "work_ns_per_waiter", round_ns > WAIT_NS ? (round_ns - WAIT_NS) / waiters : 0,
                      SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "page_faults_per_waiter", (double)used.minor_faults / waits, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "rss_bytes_per_waiter", bytes_per_waiter, SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "voluntary_switches_per_round", (double)used.voluntary_switches / (double)rounds,
                      SB_GBENCH_COUNTER_PLAIN);
}

/* 10, 100, 1000, ... below `most`, and `most` itself. */
static size_t waiter_counts(unsigned most, int64_t *counts)
{
    size_t n = 0;
    for (unsigned count = 10; count < most; count *= 10)
        counts[n++] = count;
    counts[n++] = most;
    return n;
}

/* A round is the wait and every waiter's start, at the run's measured
 * price of a thread or a pooled coroutine; each run has two untimed rounds
 * before its timed ones (a warm-up and the memory's). */
static sb_gbench_cost round_cost(const void *arg, int64_t waiters)
{
    const waiters_case *c = arg;
    const sb_scaling_costs *costs = sb_scaling_costs_of_run();
    sb_model_unit unit = c->round == coroutine_round ? SB_MODEL_UNIT_COROUTINE : SB_MODEL_UNIT_THREAD;
    double round_s = WAIT_NS / 1e9 + (costs ? (double)waiters * costs->unit_s[unit] : 0);
    return (sb_gbench_cost){.iteration_s = round_s, .setup_s = 2 * round_s};
}

static void register_case(sb_suite *suite, const char *name, waiters_case c, unsigned most)
{
    int64_t counts[16];
    size_t count = waiter_counts(most, counts);
    sb_gbench_options options = {
        .arg_name = "waiters",
        .args = sb_suite_keep(suite, counts, count * sizeof counts[0]),
        .arg_count = count,
        .real_time = true,
        .unit = SB_GBENCH_MS,
        .cost = round_cost,
        /* C6 judges the memory per waiter over the repetitions. */
        .min_repetitions = sb_suite_claim_repetitions(suite),
    };
    sb_gbench_register(name, bench_waiters, sb_suite_keep(suite, &c, sizeof c), &options);
}

/* The largest N a series goes to: `wanted`, or less where `limits` say so,
 * rounded down to two significant digits; the reason goes in the results'
 * context under `key`. */
static unsigned most_waiters(unsigned wanted, const sb_capacity *limits, size_t limit_count, const char *key)
{
    const char *reason = "--max-waiters";
    unsigned long most = wanted;
    for (size_t l = 0; l < limit_count; l++) {
        if (limits[l].count < most) {
            most = limits[l].count;
            reason = limits[l].reason;
        }
    }
    unsigned long unit = 1;
    while (most / unit >= 100)
        unit *= 10;
    most = most / unit * unit;
    if (most == 0)
        most = 1;
    char value[sizeof limits[0].reason + 32];
    snprintf(value, sizeof value, "%lu (%s)", most, reason);
    sb_gbench_add_context(key, value);
    return (unsigned)most;
}

void sb_waiters_register(sb_suite *suite)
{
    sb_capacity coroutine_limits[] = {sb_capacity_memory(COROUTINE_BYTES)};
    unsigned most_coroutines = most_waiters(settings.max_waiters, coroutine_limits, 1, "waiters_coroutine_limit");
    for (unsigned b = 0; b < SB_HUB_BACKEND_COUNT; b++) {
        sb_hub_backend backend = (sb_hub_backend)b;
        if (!sb_hub_backend_available(backend))
            continue;
        char name[128];
        snprintf(name, sizeof name, "waiters/coroutine/%s", sb_hub_backend_name(backend));
        register_case(suite, name, (waiters_case){.round = coroutine_round, .backend = backend}, most_coroutines);
    }
    sb_capacity thread_limits[] = {sb_capacity_tasks(), sb_capacity_memory(THREAD_BYTES)};
    unsigned most_threads = most_waiters(settings.max_waiters, thread_limits, 2, "waiters_thread_limit");
    register_case(suite, "waiters/thread", (waiters_case){.round = thread_round}, most_threads);
}
