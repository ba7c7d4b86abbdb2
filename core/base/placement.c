#include "base/placement.h"

#include "base/error.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct sb_placement {
    hwloc_topology_t hwloc;
    sb_placement_policy policy;
    unsigned workers;
    hwloc_bitmap_t *pu_sets; /* one single-PU set per worker; NULL for policy none */
};

struct sb_saved_binding {
    hwloc_topology_t hwloc;
    hwloc_bitmap_t set;
};

static const char *const policy_names[SB_PLACE_POLICY_COUNT] = {
    [SB_PLACE_NONE] = "none",
    [SB_PLACE_COMPACT] = "compact",
    [SB_PLACE_SCATTER] = "scatter",
    [SB_PLACE_SINGLE] = "single",
};

const char *sb_placement_policy_name(sb_placement_policy policy)
{
    return policy < SB_PLACE_POLICY_COUNT ? policy_names[policy] : "invalid";
}

int sb_placement_policy_parse(const char *name, sb_placement_policy *policy)
{
    for (int p = 0; p < SB_PLACE_POLICY_COUNT; p++) {
        if (strcmp(name, policy_names[p]) == 0) {
            *policy = (sb_placement_policy)p;
            return 0;
        }
    }
    sb_set_error("unknown placement '%s' (expected none, compact, scatter or single)", name);
    return -1;
}

static int plan_compact(sb_placement *placement, unsigned pus)
{
    for (unsigned w = 0; w < placement->workers; w++) {
        hwloc_obj_t pu = hwloc_get_obj_by_type(placement->hwloc, HWLOC_OBJ_PU, w % pus);
        placement->pu_sets[w] = hwloc_bitmap_dup(pu->cpuset);
    }
    return 0;
}

static int plan_single(sb_placement *placement)
{
    hwloc_obj_t first = hwloc_get_obj_by_type(placement->hwloc, HWLOC_OBJ_PU, 0);
    for (unsigned w = 0; w < placement->workers; w++)
        placement->pu_sets[w] = hwloc_bitmap_dup(first->cpuset);
    return 0;
}

static int plan_scatter(sb_placement *placement)
{
    /* hwloc_distrib divides the workers among the root's children in
     * proportion to their PUs, recursively: exactly "spread across packages,
     * then cores, then PUs". */
    hwloc_obj_t root = hwloc_get_root_obj(placement->hwloc);
    if (hwloc_distrib(placement->hwloc, &root, 1, placement->pu_sets, placement->workers, INT_MAX, 0) != 0)
        return -1;
    for (unsigned w = 0; w < placement->workers; w++)
        hwloc_bitmap_singlify(placement->pu_sets[w]);
    return 0;
}

sb_placement *sb_placement_plan(const sb_topology *topology, sb_placement_policy policy, unsigned workers)
{
    if (workers == 0) {
        sb_set_error("workers must be at least 1");
        return NULL;
    }
    if (policy >= SB_PLACE_POLICY_COUNT) {
        sb_set_error("invalid placement policy %d", (int)policy);
        return NULL;
    }
    sb_placement *placement = calloc(1, sizeof *placement);
    if (!placement) {
        sb_set_error("out of memory");
        return NULL;
    }
    placement->hwloc = sb_topology_hwloc(topology);
    placement->policy = policy;
    placement->workers = workers;
    if (policy == SB_PLACE_NONE)
        return placement;

    placement->pu_sets = calloc(workers, sizeof *placement->pu_sets);
    if (!placement->pu_sets) {
        sb_set_error("out of memory");
        free(placement);
        return NULL;
    }
    int planned = policy == SB_PLACE_COMPACT ? plan_compact(placement, sb_topology_count(topology, HWLOC_OBJ_PU))
                  : policy == SB_PLACE_SCATTER ? plan_scatter(placement)
                                               : plan_single(placement);
    for (unsigned w = 0; planned == 0 && w < workers; w++)
        if (!placement->pu_sets[w])
            planned = -1;
    if (planned != 0) {
        sb_set_error("cannot plan %s placement for %u workers", policy_names[policy], workers);
        sb_placement_free(placement);
        return NULL;
    }
    return placement;
}

void sb_placement_free(sb_placement *placement)
{
    if (!placement)
        return;
    if (placement->pu_sets)
        for (unsigned w = 0; w < placement->workers; w++)
            hwloc_bitmap_free(placement->pu_sets[w]);
    free(placement->pu_sets);
    free(placement);
}

sb_placement_policy sb_placement_policy_of(const sb_placement *placement)
{
    return placement->policy;
}

unsigned sb_placement_workers(const sb_placement *placement)
{
    return placement->workers;
}

int sb_placement_pu(const sb_placement *placement, unsigned worker)
{
    if (!placement->pu_sets)
        return -1;
    return hwloc_bitmap_first(placement->pu_sets[worker % placement->workers]);
}

static int bind(const sb_placement *placement, unsigned worker, int how)
{
    if (!placement->pu_sets)
        return 0;
    hwloc_const_bitmap_t set = placement->pu_sets[worker % placement->workers];
    if (hwloc_set_cpubind(placement->hwloc, set, how) != 0) {
        sb_set_error("cannot bind worker %u to PU %d: %s (run with placement none to let the OS decide)",
                     worker, hwloc_bitmap_first(set), strerror(errno));
        return -1;
    }
    return 0;
}

int sb_placement_bind_thread(const sb_placement *placement, unsigned worker)
{
    return bind(placement, worker, HWLOC_CPUBIND_THREAD);
}

int sb_placement_bind_process(const sb_placement *placement, unsigned worker)
{
    return bind(placement, worker, HWLOC_CPUBIND_PROCESS);
}

sb_saved_binding *sb_placement_save_thread_binding(const sb_placement *placement)
{
    sb_saved_binding *saved = malloc(sizeof *saved);
    if (!saved) {
        sb_set_error("out of memory");
        return NULL;
    }
    saved->hwloc = placement->hwloc;
    saved->set = hwloc_bitmap_alloc();
    if (!saved->set || hwloc_get_cpubind(saved->hwloc, saved->set, HWLOC_CPUBIND_THREAD) != 0) {
        sb_set_error("cannot read this thread's binding: %s", strerror(errno));
        hwloc_bitmap_free(saved->set);
        free(saved);
        return NULL;
    }
    return saved;
}

int sb_placement_restore_thread_binding(sb_saved_binding *saved)
{
    int rc = hwloc_set_cpubind(saved->hwloc, saved->set, HWLOC_CPUBIND_THREAD);
    if (rc != 0)
        sb_set_error("cannot restore this thread's binding: %s", strerror(errno));
    hwloc_bitmap_free(saved->set);
    free(saved);
    return rc == 0 ? 0 : -1;
}

sb_saved_binding *sb_placement_bind_caller(const sb_placement *placement, unsigned worker)
{
    sb_saved_binding *saved = sb_placement_save_thread_binding(placement);
    if (saved && sb_placement_bind_thread(placement, worker) != 0) {
        sb_placement_restore_thread_binding(saved);
        return NULL;
    }
    return saved;
}

int sb_placement_check(const sb_placement *placement)
{
    if (!placement->pu_sets)
        return 0;
    sb_saved_binding *saved = sb_placement_save_thread_binding(placement);
    if (!saved)
        return -1;
    int rc = 0;
    for (unsigned w = 0; rc == 0 && w < placement->workers; w++)
        rc = sb_placement_bind_thread(placement, w);
    if (sb_placement_restore_thread_binding(saved) != 0)
        rc = -1;
    return rc;
}
