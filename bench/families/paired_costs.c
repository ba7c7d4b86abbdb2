/*
 * The paired family's costs for C8 and C10 (paired.c), each side's slice as
 * many runs of its operation as take SB_PAIRED_ROW_SLICE_NS (paired_rows.h,
 * SB_PAIRED_ROW_SIZE_EACH: the two differ a hundredfold and more):
 * one operation on a list through the manager over the same in shared
 * memory (families/ipc_list.h), the manager's server and this thread on the
 * PUs the ipc family gives them; and an empty task in the pool over one
 * with a thread per task, at as many workers as PUs, unpinned, as the
 * overhead family runs them (families/overhead.h). A pool's slice, some
 * thousands of tasks, is one of the overhead family's jobs and starts and
 * stops its threads once: their share of the slice is what the pool's
 * figure carries more than the overhead family's, whose jobs are larger.
 */
#include "families/paired_rows.h"

#include "base/error.h"
#include "families/ipc_list.h"
#include "families/overhead.h"

#include <stdio.h>

/* ---- C8: a list operation, manager over shared memory ------------------- */

typedef struct list_case {
    const sb_topology *topology;
    sb_ipc_list_op op;
} list_case;

typedef struct list_side {
    const sb_ipc_list_backend *backend;
    void *list;
    sb_ipc_list_op op;
} list_side;

static int run_list(void *side, uint64_t count)
{
    const list_side *s = side;
    return sb_ipc_list_run(s->backend, s->list, s->op, count);
}

static void bench_list(sb_gbench_state *state, const void *arg)
{
    const list_case *c = arg;
    sb_placement *placement = sb_placement_plan(c->topology, SB_PLACE_SCATTER, 2);
    sb_saved_binding *saved = placement ? sb_placement_bind_caller(placement, 0) : NULL;
    list_side manager = {&sb_ipc_list_manager, NULL, c->op}, shared = {&sb_ipc_list_shared, NULL, c->op};
    if (saved) {
        manager.list = manager.backend->open(placement);
        shared.list = manager.list ? shared.backend->open(placement) : NULL;
    }
    bool failed = !shared.list;
    if (failed) {
        sb_gbench_fail(state, sb_last_error());
    } else {
        sb_paired_counted a = {run_list, &manager, 0}, b = {run_list, &shared, 0};
        failed = !sb_paired_row_sample_counted(state, &a, &b, SB_PAIRED_ROW_SIZE_EACH, SB_BAR_C8_MANAGER_OVER_SHARED);
    }
    bool closed = !shared.list || shared.backend->close(shared.list) == 0;
    closed = (!manager.list || manager.backend->close(manager.list) == 0) && closed;
    if (!closed && !failed)
        sb_gbench_fail(state, sb_last_error());
    if (saved)
        sb_placement_restore_thread_binding(saved);
    sb_placement_free(placement);
}

/* ---- C10: an empty task, the pool over a thread per task ---------------- */

typedef struct pool_case {
    const sb_topology *topology;
    unsigned workers;
} pool_case;

typedef struct task_side {
    const sb_model *model;
    const sb_placement *placement;
    unsigned workers;
} task_side;

static int run_tasks(void *side, uint64_t count)
{
    const task_side *s = side;
    return sb_overhead_run_tasks(s->model, s->placement, s->workers, count, NULL);
}

static void bench_pool(sb_gbench_state *state, const void *arg)
{
    const pool_case *c = arg;
    sb_placement *placement = sb_placement_plan(c->topology, SB_PLACE_NONE, c->workers);
    if (!placement) {
        sb_gbench_fail(state, sb_last_error());
        return;
    }
    task_side pool = {&sb_model_pool, placement, c->workers}, thread = {&sb_model_thread, placement, c->workers};
    sb_paired_counted a = {run_tasks, &pool, 0}, b = {run_tasks, &thread, 0};
    sb_paired_row_sample_counted(state, &a, &b, SB_PAIRED_ROW_SIZE_EACH, SB_BAR_C10_POOL_OVER_THREAD);
    sb_placement_free(placement);
}

void sb_paired_costs_register(sb_suite *suite, unsigned pus)
{
    char name[128];
    for (int op = 0; op < SB_IPC_LIST_OP_COUNT; op++) {
        list_case c = {suite->topology, (sb_ipc_list_op)op};
        snprintf(name, sizeof name, "paired/list/%s", sb_ipc_list_op_name(c.op));
        sb_paired_row_register(suite, name, bench_list, &c, sizeof c, sb_paired_row_counted_cost);
    }
    if (sb_suite_has(suite->models, sb_model_index(&sb_model_pool)) &&
        sb_suite_has(suite->models, sb_model_index(&sb_model_thread))) {
        pool_case c = {suite->topology, pus};
        sb_paired_row_register(suite, "paired/overhead/pool/thread", bench_pool, &c, sizeof c,
                               sb_paired_row_counted_cost);
    }
}
