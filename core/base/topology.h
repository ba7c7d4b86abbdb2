/*
 * topology: the machine as hwloc sees it (packages, NUMA nodes, caches,
 * cores, PUs), restricted to the PUs the opening thread may run on (its
 * cgroup's cpuset and its affinity, as set by taskset).
 *
 * A topology can also stand in for another machine: one hwloc makes up from
 * a synthetic description, or one read from an XML file that lstopo saved
 * (hwloc's environment variables HWLOC_SYNTHETIC and HWLOC_XMLFILE make
 * sb_topology_open return one too). Workers can be planned on its PUs, which
 * this machine may lack, but not bound to them (base/placement.h).
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

/* A machine that stands in for this one: from a synthetic description such
 * as "pack:2 numa:2 core:4 pu:2", or from an XML file. An XML file's PUs
 * outside its allowed_cpuset are left out, as a container's cpuset leaves
 * them out of this machine. NULL, with sb_last_error(), when hwloc cannot
 * read it. */
sb_topology *sb_topology_open_synthetic(const char *description);
sb_topology *sb_topology_open_xml(const char *path);

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
