/*
 * topology: the machine as hwloc sees it (packages, cores, PUs, NUMA nodes),
 * restricted to the PUs the opening thread may run on (its cgroup's cpuset
 * and its affinity, as set by taskset).
 *
 * Open one per program. It is read-only once open, so any thread may use it
 * (including to bind itself) concurrently.
 */
#ifndef SLICEBENCH_BASE_TOPOLOGY_H
#define SLICEBENCH_BASE_TOPOLOGY_H

#include <hwloc.h>
#include <stddef.h>

typedef struct sb_topology sb_topology;

/* Discovers the machine. NULL, with sb_last_error(), when hwloc cannot. */
sb_topology *sb_topology_open(void);
void sb_topology_close(sb_topology *topology);

/* The underlying hwloc topology, for placement and binding. */
hwloc_topology_t sb_topology_hwloc(const sb_topology *topology);

/* How many objects of a type (HWLOC_OBJ_PACKAGE, _CORE, _PU, _NUMANODE). */
unsigned sb_topology_count(const sb_topology *topology, hwloc_obj_type_t type);

/* The processor's model name as the OS reports it, or "unknown". */
const char *sb_topology_cpu_model(const sb_topology *topology);

/* One line for people and result files, e.g.
 * "1 package, 2 cores, 2 PUs, 1 NUMA node: AMD EPYC". Returns `out`. */
char *sb_topology_describe(const sb_topology *topology, char *out, size_t size);

#endif
