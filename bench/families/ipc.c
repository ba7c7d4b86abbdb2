/*
 * The ipc family (claim C8): what moving data between two processes costs
 * over each transport of core/ipc/channel.h, and what one operation on a list
 * that processes share costs through a manager server (core/python/manager.h, the
 * notes' Manager().list()) and in shared memory (core/python/shared_list.h, the
 * notes' Array).
 *
 * This thread and the process it talks to (the channel's child, the
 * manager's server) are pinned two PUs apart (a scatter placement of two
 * workers: different cores where there are two), as the counters parent_pu
 * and child_pu show. The shared list is used from this thread alone,
 * uncontended, as the manager's list is from its one client.
 *
 *   ipc/round_trip/<transport>/bytes:<n>/real_time
 *       an iteration is n bytes to the child and the same n bytes back: the
 *       time column is the round-trip latency
 *   ipc/stream/<transport>/bytes:<n>/real_time
 *       an iteration is one n-byte message to a child that only reads, timed
 *       until it has read the last: bytes_per_second is the throughput
 *   ipc/list/<manager|shared_list>/<set|append>/real_time
 *       an iteration is one li[i] = v or li.append(v) from this process, to
 *       a list the manager's server holds or one in shared memory
 *       (families/ipc_list.h)
 *
 * cpu_ns_per_message is the CPU time (user + system, from getrusage) of both
 * processes while they exchange, per message (a round trip is two): what a
 * side that spins instead of sleeping pays for its latency.
 */
#include "family.h"

#include "families/ipc_list.h"

#include "ipc/channel.h"
#include "base/error.h"
#include "gbench.h"
#include "base/usage.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* The family's own options. */
typedef struct ipc_settings {
    sb_option_numbers message_bytes; /* --ipc-bytes */
} ipc_settings;

static ipc_settings settings;

/* The default sizes: eight bytes, a small request, a large one, a bulk
 * transfer. */
static const sb_option ipc_options[] = {
    {.name = "--ipc-bytes", .value = "LIST", .kind = SB_OPTION_NUMBERS,
     .field = SB_OPTION_FIELD(ipc_settings, message_bytes, sb_option_numbers), .min = 1, .max = 64 * 1024 * 1024,
     .fallback = "8,512,32768,1048576", .help = "message sizes, in bytes"},
    {0},
};

const sb_option_group sb_ipc_options = {.title = "The ipc family:", .options = ipc_options, .settings = &settings};

typedef enum exchange { ROUND_TRIP, STREAM, EXCHANGE_COUNT } exchange;

static const char *const exchange_names[EXCHANGE_COUNT] = {[ROUND_TRIP] = "round_trip", [STREAM] = "stream"};

typedef struct exchange_case {
    const sb_topology *topology;
    exchange exchange;
    sb_channel_transport transport;
} exchange_case;

/* What the child knows from its fork: how to answer, and the message size. */
typedef struct child_plan {
    exchange exchange;
    size_t size;
} child_plan;

/* The benchmark's thread on worker 0 of a scatter placement of two workers;
 * the other process goes on worker 1. */
typedef struct pinning {
    sb_placement *placement;
    sb_saved_binding *saved;
} pinning;

static bool pin_caller(sb_gbench_state *state, const sb_topology *topology, pinning *pin)
{
    pin->placement = sb_placement_plan(topology, SB_PLACE_SCATTER, 2);
    pin->saved = pin->placement ? sb_placement_bind_caller(pin->placement, 0) : NULL;
    if (pin->saved)
        return true;
    sb_gbench_fail(state, sb_last_error());
    sb_placement_free(pin->placement);
    return false;
}

static void report_pus(sb_gbench_state *state, const pinning *pin)
{
    sb_gbench_counter(state, "parent_pu", sb_placement_pu(pin->placement, 0), SB_GBENCH_COUNTER_PLAIN);
    sb_gbench_counter(state, "child_pu", sb_placement_pu(pin->placement, 1), SB_GBENCH_COUNTER_PLAIN);
}

static void unpin_caller(pinning *pin)
{
    sb_placement_restore_thread_binding(pin->saved);
    sb_placement_free(pin->placement);
}

static double cpu_s(sb_usage used)
{
    return used.user_s + used.system_s;
}

/* A receive for which the peer's hang-up is an error too. */
static int receive_exactly(sb_channel *channel, void *data, size_t size)
{
    int rc = sb_channel_receive(channel, data, size);
    if (rc == SB_CHANNEL_HUNG_UP)
        sb_set_error("the other process hung up in the middle of a batch");
    return rc == 0 ? 0 : -1;
}

/* A batch: the parent sends the count of its messages, then the messages;
 * the child answers each (round trip) or only reads them (stream), then
 * sends the CPU time it spent, which also tells the parent that the last
 * message has been read. */
static int child_batch(sb_channel *channel, const child_plan *plan, unsigned char *buffer, uint64_t count)
{
    sb_usage before = sb_usage_self();
    for (uint64_t i = 0; i < count; i++) {
        if (receive_exactly(channel, buffer, plan->size) != 0)
            return -1;
        if (plan->exchange == ROUND_TRIP && sb_channel_send(channel, buffer, plan->size) != 0)
            return -1;
    }
    double spent_s = cpu_s(sb_usage_between(before, sb_usage_self()));
    return sb_channel_send(channel, &spent_s, sizeof spent_s);
}

/* The child's whole life: batches until the parent hangs up. */
static int serve_batches(sb_channel *channel, void *context)
{
    const child_plan *plan = context;
    unsigned char *buffer = malloc(plan->size);
    int rc = buffer ? 0 : -1;
    while (rc == 0) {
        uint64_t count;
        rc = sb_channel_receive(channel, &count, sizeof count);
        if (rc == 0)
            rc = child_batch(channel, plan, buffer, count);
    }
    free(buffer);
    return rc == SB_CHANNEL_HUNG_UP ? 0 : -1;
}

/* The parent's side of a batch; adds both sides' CPU time to *spent_s. */
static int parent_batch(sb_channel *channel, const child_plan *plan, unsigned char *buffer, uint64_t count,
                        double *spent_s)
{
    sb_usage before = sb_usage_self();
    if (sb_channel_send(channel, &count, sizeof count) != 0)
        return -1;
    for (uint64_t i = 0; i < count; i++) {
        if (sb_channel_send(channel, buffer, plan->size) != 0)
            return -1;
        if (plan->exchange == ROUND_TRIP && receive_exactly(channel, buffer, plan->size) != 0)
            return -1;
    }
    double child_s;
    if (receive_exactly(channel, &child_s, sizeof child_s) != 0)
        return -1;
    *spent_s += child_s + cpu_s(sb_usage_between(before, sb_usage_self()));
    return 0;
}

static void bench_exchange(sb_gbench_state *state, const void *arg)
{
    const exchange_case *c = arg;
    child_plan plan = {c->exchange, (size_t)sb_gbench_arg(state)};
    pinning pin;
    if (!pin_caller(state, c->topology, &pin))
        return;
    unsigned char *buffer = calloc(1, plan.size);
    sb_channel *channel = buffer ? sb_channel_open(c->transport, pin.placement, 1, serve_batches, &plan) : NULL;
    uint64_t iterations, done = 0; /* round trips, or messages streamed */
    double spent_s = 0;
    bool failed = !channel;
    if (failed)
        sb_gbench_fail(state, buffer ? sb_last_error() : "out of memory");
    while (!failed && sb_gbench_next_batch(state, &iterations)) {
        if (parent_batch(channel, &plan, buffer, iterations, &spent_s) != 0) {
            sb_gbench_fail(state, sb_last_error());
            failed = true;
        }
        done += iterations;
    }
    if (channel && sb_channel_close(channel) != 0 && !failed) {
        sb_gbench_fail(state, sb_last_error());
        failed = true;
    }
    if (!failed) {
        uint64_t messages = done * (c->exchange == ROUND_TRIP ? 2 : 1);
        sb_gbench_items_processed(state, (int64_t)done);
        sb_gbench_bytes_processed(state, (int64_t)(messages * plan.size));
        sb_gbench_counter(state, "cpu_ns_per_message", spent_s * 1e9 / (double)messages, SB_GBENCH_COUNTER_PLAIN);
        report_pus(state, &pin);
    }
    free(buffer);
    unpin_caller(&pin);
}

/* ---- one list operation: manager against shared memory --------------- */

typedef struct list_case {
    const sb_topology *topology;
    const sb_ipc_list_backend *backend;
    sb_ipc_list_op op;
} list_case;

static void bench_list(sb_gbench_state *state, const void *arg)
{
    const list_case *c = arg;
    pinning pin;
    if (!pin_caller(state, c->topology, &pin))
        return;
    void *list = c->backend->open(pin.placement);
    bool failed = !list;
    if (failed)
        sb_gbench_fail(state, sb_last_error());
    uint64_t iterations;
    while (!failed && sb_gbench_next_batch(state, &iterations)) {
        if (sb_ipc_list_run(c->backend, list, c->op, iterations) != 0) {
            sb_gbench_fail(state, sb_last_error());
            failed = true;
        }
    }
    if (list && c->backend->close(list) != 0 && !failed) {
        sb_gbench_fail(state, sb_last_error());
        failed = true;
    }
    if (!failed && c->backend->has_server)
        report_pus(state, &pin);
    unpin_caller(&pin);
}

void sb_ipc_register(sb_suite *suite)
{
    for (int e = 0; e < EXCHANGE_COUNT; e++) {
        for (int t = 0; t < SB_CHANNEL_TRANSPORT_COUNT; t++) {
            exchange_case *c = sb_suite_keep(
                suite, &(exchange_case){suite->topology, (exchange)e, (sb_channel_transport)t}, sizeof(exchange_case));
            char name[128];
            snprintf(name, sizeof name, "ipc/%s/%s", exchange_names[e],
                     sb_channel_transport_name((sb_channel_transport)t));
            sb_gbench_options options = {
                .arg_name = "bytes",
                .args = settings.message_bytes.values,
                .arg_count = settings.message_bytes.count,
                .real_time = true,
                .unit = SB_GBENCH_US,
                .cost = sb_gbench_short_cost,
            };
            sb_gbench_register(name, bench_exchange, c, &options);
        }
    }
    static const sb_ipc_list_backend *const list_backends[] = {&sb_ipc_list_manager, &sb_ipc_list_shared};
    for (size_t b = 0; b < sizeof list_backends / sizeof list_backends[0]; b++) {
        for (int op = 0; op < SB_IPC_LIST_OP_COUNT; op++) {
            list_case *c = sb_suite_keep(suite, &(list_case){suite->topology, list_backends[b], (sb_ipc_list_op)op},
                                         sizeof(list_case));
            char name[128];
            snprintf(name, sizeof name, "ipc/list/%s/%s", list_backends[b]->name, sb_ipc_list_op_name(c->op));
            /* C8 judges each operation over the repetitions. */
            sb_gbench_options options = {.real_time = true, .unit = SB_GBENCH_NS,
                .cost = sb_gbench_short_cost, .min_repetitions = sb_suite_claim_repetitions(suite)};
            sb_gbench_register(name, bench_list, c, &options);
        }
    }
}
