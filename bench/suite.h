/*
 * suite: what one run of the slicebench program measures, as chosen on its
 * command line (options.h), which every benchmark family (family.h)
 * registers from. A family's own options are its own (family.h).
 */
#ifndef SLICEBENCH_SUITE_H
#define SLICEBENCH_SUITE_H

#include "models/model.h"
#include "base/placement.h"
#include "base/topology.h"
#include "workloads/workload.h"

#include "claim_bars.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The choices are sets of indices into sb_workloads[], sb_models[] and the
 * placement policies, one bit each; the families run them in registry order. */
enum { SB_SUITE_MOST_CHOICES = 64 };

typedef struct sb_suite {
    const sb_topology *topology;
    uint64_t workloads;
    uint64_t models;
    uint64_t placements;
    uint64_t pinned_workloads; /* also run under the placements other than none */
    unsigned max_workers;      /* IO-bound scaling curves go from 1 to this many workers */
    unsigned max_coroutines;   /* and the coroutine model's to this many */
    unsigned tasks_per_worker; /* a job has at least this many tasks per worker */
    uint64_t task_ns;          /* how long one task takes when run alone */
    const char *machine;       /* --machine, NULL when not given */
    const char *python;        /* --python: the CPython interpreter of the families' CPython rows */
    const char *free_threaded_python; /* --free-threaded-python, NULL when not given (then looked for on PATH) */
    bool listing;              /* --benchmark_list_tests or --plan: the run lists its benchmarks and starts nothing */
    bool plan;                 /* --plan: the run prints its plan (plan.h) and runs nothing */
    unsigned budget_s;         /* --budget-s: the seconds the run may take by its plan; 0: no budget */
    bool claim_intervals;      /* --claim-intervals: see sb_suite_claim_repetitions */
    struct sb_suite_block *kept; /* see sb_suite_keep */
    struct sb_suite_size *sizes; /* see sb_suite_workload_size */
    uint64_t opened_size[SB_SUITE_MOST_CHOICES]; /* by workload: what it is open for; 0 while closed */
} sb_suite;

/* Copies `size` bytes of `value` into memory that lives until
 * sb_suite_release(): the arguments of registered benchmarks. Exits the
 * program when out of memory. */
void *sb_suite_keep(sb_suite *suite, const void *value, size_t size);
void sb_suite_release(sb_suite *suite);

/* The size of sb_workloads[index]'s tasks that take about `ns` nanoseconds,
 * with the workload open for it until sb_suite_release(), so that what it
 * readies (a server, a file) serves every benchmark of the run rather than
 * being made again for each. Found once per run for each workload and
 * duration, at the first call, whichever families ask: a benchmark calls it
 * when it runs, never at registration, so that one that does not run
 * calibrates nothing and writes nothing. An open that fails is not kept:
 * each run of the workload opens it again and fails with the reason. */
uint64_t sb_suite_workload_size(sb_suite *suite, unsigned index, uint64_t ns);

/* The repetitions a row the claims judge over its repetitions runs at
 * least (sb_gbench_options.min_repetitions): with --claim-intervals, the
 * analysis's fewest for an interval; else none beyond the run's. */
static inline unsigned sb_suite_claim_repetitions(const sb_suite *suite)
{
    return suite->claim_intervals ? SB_INTERVAL_MIN_SAMPLES : 0;
}

static inline bool sb_suite_has(uint64_t set, unsigned index)
{
    return index < SB_SUITE_MOST_CHOICES && (set >> index) & 1u;
}

#endif
