#include "base/topology.h"

#include "base/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sb_topology {
    hwloc_topology_t hwloc;
};

/* hwloc already leaves out PUs outside the cgroup's cpuset; dropping those
 * outside this thread's affinity too makes `taskset -c 0 slicebench` stay on
 * PU 0 instead of binding its workers elsewhere. A stand-in machine has no
 * such affinity: this thread's says nothing of its PUs. */
static int restrict_to_allowed_pus(hwloc_topology_t hwloc)
{
    if (!hwloc_topology_is_thissystem(hwloc))
        return 0;
    hwloc_bitmap_t allowed = hwloc_bitmap_alloc();
    if (!allowed)
        return -1;
    int rc = hwloc_get_cpubind(hwloc, allowed, HWLOC_CPUBIND_THREAD);
    if (rc == 0 && !hwloc_bitmap_isequal(allowed, hwloc_topology_get_topology_cpuset(hwloc)))
        rc = hwloc_topology_restrict(hwloc, allowed, 0);
    hwloc_bitmap_free(allowed);
    return rc;
}

/* Where a topology comes from: hwloc's own discovery of this machine, or a
 * stand-in that `choose` names to hwloc. */
typedef struct source {
    int (*choose)(hwloc_topology_t hwloc, const char *name);
    const char *name;
} source;

static sb_topology *open_from(source from)
{
    sb_topology *topology = calloc(1, sizeof *topology);
    if (!topology) {
        sb_set_error("out of memory");
        return NULL;
    }
    if (hwloc_topology_init(&topology->hwloc) != 0) {
        sb_set_error("hwloc cannot start: %s", strerror(errno));
        free(topology);
        return NULL;
    }
    if ((from.choose && from.choose(topology->hwloc, from.name) != 0) || hwloc_topology_load(topology->hwloc) != 0 ||
        restrict_to_allowed_pus(topology->hwloc) != 0) {
        if (from.choose)
            sb_set_error("hwloc cannot read the machine '%s': %s", from.name, strerror(errno));
        else
            sb_set_error("hwloc cannot discover this machine's topology: %s", strerror(errno));
        hwloc_topology_destroy(topology->hwloc);
        free(topology);
        return NULL;
    }
    return topology;
}

sb_topology *sb_topology_open(void)
{
    return open_from((source){0});
}

sb_topology *sb_topology_open_synthetic(const char *description)
{
    return open_from((source){hwloc_topology_set_synthetic, description});
}

sb_topology *sb_topology_open_xml(const char *path)
{
    return open_from((source){hwloc_topology_set_xml, path});
}

void sb_topology_close(sb_topology *topology)
{
    if (!topology)
        return;
    hwloc_topology_destroy(topology->hwloc);
    free(topology);
}

hwloc_topology_t sb_topology_hwloc(const sb_topology *topology)
{
    return topology->hwloc;
}

unsigned sb_topology_count(const sb_topology *topology, hwloc_obj_type_t type)
{
    int count = hwloc_get_nbobjs_by_type(topology->hwloc, type);
    /* A type that spans several levels (-1) or is absent still counts as one
     * machine-wide object for our purposes, except for PUs which always exist. */
    return count > 0 ? (unsigned)count : 1u;
}

const char *sb_topology_cpu_model(const sb_topology *topology)
{
    hwloc_obj_t package = hwloc_get_obj_by_type(topology->hwloc, HWLOC_OBJ_PACKAGE, 0);
    const char *model = package ? hwloc_obj_get_info_by_name(package, "CPUModel") : NULL;
    if (!model)
        model = hwloc_obj_get_info_by_name(hwloc_get_root_obj(topology->hwloc), "CPUModel");
    return model ? model : "unknown";
}

static const char *plural(unsigned count)
{
    return count == 1 ? "" : "s";
}

char *sb_topology_describe(const sb_topology *topology, char *out, size_t size)
{
    unsigned packages = sb_topology_count(topology, HWLOC_OBJ_PACKAGE);
    unsigned cores = sb_topology_count(topology, HWLOC_OBJ_CORE);
    unsigned pus = sb_topology_count(topology, HWLOC_OBJ_PU);
    unsigned numa = sb_topology_count(topology, HWLOC_OBJ_NUMANODE);
    snprintf(out, size, "%u package%s, %u core%s, %u PU%s, %u NUMA node%s: %s",
             packages, plural(packages), cores, plural(cores), pus, plural(pus),
             numa, plural(numa), sb_topology_cpu_model(topology));
    return out;
}
