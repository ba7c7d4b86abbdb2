/*
 * workload: what one task does, and the registry of workloads the benchmark
 * families iterate over.
 *
 * A workload's run() is a pure function of (size, task): it returns a value
 * that depends on all the work done, so the compiler cannot drop the work and
 * tests can check that every model computes the same thing.
 *
 * To add a workload: write workload_<name>.c defining an sb_workload, and
 * list it in sb_workloads[] in workload.c.
 */
#ifndef SLICEBENCH_WORKLOAD_H
#define SLICEBENCH_WORKLOAD_H

#include <stdint.h>

typedef enum sb_workload_kind {
    SB_WORKLOAD_CPU, /* keeps a core busy for the whole task */
    SB_WORKLOAD_IO,  /* waits on the kernel for most of the task */
} sb_workload_kind;

typedef struct sb_workload {
    const char *name;
    const char *description;
    sb_workload_kind kind;
    /* Does one task of the given size; see above. */
    uint64_t (*run)(uint64_t size, uint64_t task);
    /* The size for which one task takes about `ns` nanoseconds on this
     * machine (measured where the workload is CPU-bound). */
    uint64_t (*size_for_ns)(uint64_t ns);
} sb_workload;

/* Every registered workload, NULL-terminated. */
extern const sb_workload *const sb_workloads[];

/* The registered workload called `name`; NULL, with sb_last_error(), if none. */
const sb_workload *sb_workload_find(const char *name);

/* Its position in sb_workloads[]. */
unsigned sb_workload_index(const sb_workload *workload);

const char *sb_workload_kind_name(sb_workload_kind kind);

extern const sb_workload sb_workload_cpu_int;
extern const sb_workload sb_workload_timer;

#endif
