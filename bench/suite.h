/*
 * suite: what one run of the slicebench program measures, as chosen on its
 * command line, and the registration entry point of each benchmark family.
 */
#ifndef SLICEBENCH_SUITE_H
#define SLICEBENCH_SUITE_H

#include "model.h"
#include "placement.h"
#include "topology.h"
#include "workload.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The choices are sets of indices into sb_workloads[], sb_models[] and the
 * placement policies; the families run them in registry order. */
typedef struct sb_suite {
    const sb_topology *topology;
    uint64_t workloads;
    uint64_t models;
    uint64_t placements;
    unsigned max_workers; /* scaling curves go from 1 to this many workers */
    unsigned tasks;       /* tasks per job */
    uint64_t task_ns;     /* how long one task takes when run alone */
    struct sb_suite_block *kept; /* see sb_suite_keep */
} sb_suite;

/* Copies `size` bytes of `value` into memory that lives until
 * sb_suite_release(): the arguments of registered benchmarks. Exits the
 * program when out of memory. */
void *sb_suite_keep(sb_suite *suite, const void *value, size_t size);
void sb_suite_release(sb_suite *suite);

static inline bool sb_suite_has(uint64_t set, unsigned index)
{
    return index < 64 && (set >> index) & 1u;
}

/* Scaling: speedup of CPU- and IO-bound tasks against workers, per model and
 * placement (claims C3 and C5). */
void sb_scaling_register(sb_suite *suite);

/* Overhead: the cost of an empty task in each model, beside OpenMP tasks
 * (claim C10). */
void sb_overhead_register(sb_suite *suite);

/* Switch: the cost of one coroutine switch with each backend, beside
 * Boost.Context's, and of creating and destroying a coroutine (claim C7). */
void sb_switch_register(sb_suite *suite);

#endif
