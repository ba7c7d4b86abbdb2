#include "base/placement.h"

#include "base/error.h"

#include <errno.h>
#include <stdbool.h>
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

/* scatter: each next worker goes where it shares the least with the
 * workers already placed. A PU is compared with another by the workers under
 * each object above it, innermost first: on the PU itself, then on its core
 * (and the caches of that core alone), its shared caches, the group its NUMA
 * node hangs from, its package. The first difference decides; a tie goes to
 * the earlier PU in topology order. So a worker takes a PU of its own while
 * one is free, on a core of its own while one is free, and otherwise in the
 * cache, NUMA node and package that hold the fewest workers.
 *
 * A branch of an uneven tree can skip a depth (a core with no cache of some
 * level): the object just below stands in for it there. */
typedef struct sharing {
    unsigned levels;  /* depths compared, innermost first: the PUs' depth down to 1 */
    unsigned *above;  /* above[p * levels + k]: the load slot of PU p at the k-th level */
    unsigned *load;   /* workers placed under each object, one slot per object */
} sharing;

static hwloc_obj_t object_for_depth(hwloc_obj_t pu, int depth)
{
    hwloc_obj_t obj = pu;
    while (obj->parent && obj->parent->depth >= depth)
        obj = obj->parent;
    return obj;
}

static int sharing_init(sharing *s, hwloc_topology_t hwloc, unsigned pus)
{
    int pu_depth = hwloc_get_type_depth(hwloc, HWLOC_OBJ_PU);
    s->levels = (unsigned)pu_depth;
    s->above = malloc((size_t)pus * s->levels * sizeof *s->above);
    if (!s->above)
        return -1;
    unsigned slots = 0; /* each level's objects take the slots after the level below's */
    for (unsigned k = 0; k < s->levels; k++) {
        int depth = pu_depth - (int)k;
        for (unsigned p = 0; p < pus; p++) {
            hwloc_obj_t pu = hwloc_get_obj_by_depth(hwloc, pu_depth, p);
            s->above[p * s->levels + k] = slots + object_for_depth(pu, depth)->logical_index;
        }
        slots += (unsigned)hwloc_get_nbobjs_by_depth(hwloc, depth);
    }
    s->load = calloc(slots, sizeof *s->load);
    return s->load ? 0 : -1;
}

static bool shares_less(const sharing *s, unsigned p, unsigned q)
{
    for (unsigned k = 0; k < s->levels; k++) {
        unsigned on_p = s->load[s->above[p * s->levels + k]], on_q = s->load[s->above[q * s->levels + k]];
        if (on_p != on_q)
            return on_p < on_q;
    }
    return false;
}

static int order_scatter(hwloc_topology_t hwloc, unsigned *order, unsigned pus)
{
    sharing s = {0};
    int rc = sharing_init(&s, hwloc, pus);
    for (unsigned rank = 0; rc == 0 && rank < pus; rank++) {
        unsigned best = 0;
        for (unsigned p = 1; p < pus; p++)
            if (shares_less(&s, p, best))
                best = p;
        order[rank] = best;
        for (unsigned k = 0; k < s.levels; k++)
            s.load[s.above[best * s.levels + k]]++;
    }
    free(s.above);
    free(s.load);
    return rc;
}

/* The PUs, by logical index, in the order the policy hands them to workers. */
static int order_pus(hwloc_topology_t hwloc, sb_placement_policy policy, unsigned *order, unsigned pus)
{
    if (policy == SB_PLACE_SCATTER)
        return order_scatter(hwloc, order, pus);
    for (unsigned p = 0; p < pus; p++)
        order[p] = p; /* topology order: compact, and single's first PU */
    return 0;
}

static int plan_pus(sb_placement *placement, unsigned pus)
{
    unsigned *order = malloc(pus * sizeof *order);
    int rc = order ? order_pus(placement->hwloc, placement->policy, order, pus) : -1;
    for (unsigned w = 0; rc == 0 && w < placement->workers; w++) {
        unsigned rank = placement->policy == SB_PLACE_SINGLE ? 0 : w % pus;
        hwloc_obj_t pu = hwloc_get_obj_by_type(placement->hwloc, HWLOC_OBJ_PU, order[rank]);
        placement->pu_sets[w] = hwloc_bitmap_dup(pu->cpuset);
        if (!placement->pu_sets[w])
            rc = -1;
    }
    free(order);
    return rc;
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
    if (plan_pus(placement, sb_topology_count(topology, HWLOC_OBJ_PU)) != 0) {
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
    if (!hwloc_topology_is_thissystem(placement->hwloc)) {
        sb_set_error("cannot bind worker %u to PU %d: the topology stands in for another machine (run with "
                     "placement none, or without HWLOC_SYNTHETIC and HWLOC_XMLFILE)",
                     worker, hwloc_bitmap_first(set));
        return -1;
    }
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
