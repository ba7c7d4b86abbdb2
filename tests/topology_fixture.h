/*
 * topology_fixture: the machine's topology, opened once for a test group
 * (cmocka group setup and teardown) and shared by its tests.
 */
#ifndef SLICEBENCH_TOPOLOGY_FIXTURE_H
#define SLICEBENCH_TOPOLOGY_FIXTURE_H

#include "base/topology.h"

extern sb_topology *topology;

int open_topology(void **state);
int close_topology(void **state);

#endif
