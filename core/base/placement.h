/*
 * placement: which PU each worker of a run may execute on, chosen by a policy
 * over the hwloc topology, and binding a thread or process there.
 *
 *   none     the OS scheduler decides; nothing is bound
 *   compact  each next worker goes beside the last: the PUs in topology
 *            order, which fills a core's PUs, then the next core of the same
 *            cache and NUMA node, then the next NUMA node, then the next
 *            package
 *   scatter  each next worker goes where it shares the least: a PU of its
 *            own while one is free, on a core of its own while one is free,
 *            and among those in the cache, NUMA node and package that hold
 *            the fewest workers, the earliest in topology order. On an even
 *            machine that spreads across packages, then NUMA nodes, then
 *            cores, then PUs
 *   single   every worker on the first PU in topology order
 *
 * Only the PUs the topology allows are chosen. A plan for n workers is the
 * first n of its policy's order, so one more worker never moves the others;
 * with more workers than PUs, worker w goes where worker w mod PUs went.
 *
 * Planning only reads the topology, so it works as well on one that stands in
 * for another machine (base/topology.h). Binding needs this machine's own:
 * on a stand-in it fails.
 */
#ifndef SLICEBENCH_BASE_PLACEMENT_H
#define SLICEBENCH_BASE_PLACEMENT_H

#include "base/topology.h"

#include <stdbool.h>

typedef enum sb_placement_policy {
    SB_PLACE_NONE,
    SB_PLACE_COMPACT,
    SB_PLACE_SCATTER,
    SB_PLACE_SINGLE,
    SB_PLACE_POLICY_COUNT
} sb_placement_policy;

const char *sb_placement_policy_name(sb_placement_policy policy);

/* Parses a policy name. -1, with an error naming the valid ones, when unknown. */
int sb_placement_policy_parse(const char *name, sb_placement_policy *policy);

typedef struct sb_placement sb_placement;

/* Plans where `workers` (> 0) workers go. NULL, with sb_last_error(), on failure. */
sb_placement *sb_placement_plan(const sb_topology *topology, sb_placement_policy policy, unsigned workers);
void sb_placement_free(sb_placement *placement);

sb_placement_policy sb_placement_policy_of(const sb_placement *placement);
unsigned sb_placement_workers(const sb_placement *placement);

/* The OS index of the PU worker `worker` is bound to, or -1 for policy none. */
int sb_placement_pu(const sb_placement *placement, unsigned worker);

/* Binds the calling thread, or the whole calling process, to worker `worker`'s
 * PU. Nothing to do (0) for policy none. -1, with sb_last_error(), when the
 * kernel refuses or the topology stands in for another machine. */
int sb_placement_bind_thread(const sb_placement *placement, unsigned worker);
int sb_placement_bind_process(const sb_placement *placement, unsigned worker);

/* Checks that every PU of the plan accepts a binding, by binding the calling
 * thread to each in turn and restoring it, so a run fails before it starts. */
int sb_placement_check(const sb_placement *placement);

/* Saves the calling thread's binding so that a model running on the caller's
 * own thread can bind it and put it back. */
typedef struct sb_saved_binding sb_saved_binding;
sb_saved_binding *sb_placement_save_thread_binding(const sb_placement *placement);
int sb_placement_restore_thread_binding(sb_saved_binding *saved);

/* Both steps of lending the caller's thread to a run as worker `worker`:
 * saves its binding, then binds it. NULL, with sb_last_error(), when either
 * fails, the binding then unchanged. */
sb_saved_binding *sb_placement_bind_caller(const sb_placement *placement, unsigned worker);

#endif
