/*
 * workload: what one task does, and the registry of workloads the benchmark
 * families iterate over.
 *
 * A workload's run() is a pure function of (size, task): it returns a value
 * that depends on all the work done, so the compiler cannot drop the work and
 * tests can check that every model computes the same thing.
 *
 * A workload that needs something besides its arguments (a server to ask, a
 * file to read) readies it in open(), which sb_model_run() calls in the
 * running process before any task starts, so that tasks in forked children
 * find it too; a task that fails says why with sb_workload_fail().
 *
 * To add a workload: write core/workloads/<name>.c defining an sb_workload,
 * and add its line to core/workloads/workloads.def.
 */
#ifndef SLICEBENCH_WORKLOADS_WORKLOAD_H
#define SLICEBENCH_WORKLOADS_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

typedef enum sb_workload_kind {
    SB_WORKLOAD_CPU, /* keeps a core busy for the whole task */
    SB_WORKLOAD_IO,  /* waits on the kernel for most of the task */
} sb_workload_kind;

typedef struct sb_workload {
    const char *name;
    const char *description;
    sb_workload_kind kind;
    /* File descriptors one running task holds open in this process (a
     * socket at each end of a loopback connection, a file): what limits
     * how many may run at once. */
    unsigned descriptors_per_task;
    /* Whether a task does nothing but wait, and waits through the task
     * hooks (base/task_hooks.h): then one thread with an event loop can
     * overlap any number of them, and nothing but the loop's own work
     * limits how far they scale. */
    bool only_waits;
    /* The share of a task's duration it spends computing on this machine's
     * CPUs, in percent, as the workload is built (the rest it waits on the
     * kernel, a server or a device): what bounds how many of its tasks run
     * at once to the PUs. */
    unsigned computing_percent;
    /* Does one task of the given size; see above. */
    uint64_t (*run)(uint64_t size, uint64_t task);
    /* The size for which one task takes about `ns` nanoseconds on this
     * machine (measured where the workload is CPU-bound). */
    uint64_t (*size_for_ns)(uint64_t ns);
    /* Optional: readies the process for tasks of up to `size`. Opens nest:
     * each successful one is undone by one close(), the last of which lets
     * go of what the first took. 0, or -1 with sb_last_error(). */
    int (*open)(uint64_t size);
    void (*close)(void);
} sb_workload;

/* Every registered workload, NULL-terminated. */
extern const sb_workload *const sb_workloads[];

/* The registered workload called `name`; NULL, with sb_last_error(), if none. */
const sb_workload *sb_workload_find(const char *name);

/* Its position in sb_workloads[]. */
unsigned sb_workload_index(const sb_workload *workload);

const char *sb_workload_kind_name(sb_workload_kind kind);

/* Calls the workload's open() or close(), where it has one. */
int sb_workload_open(const sb_workload *workload, uint64_t size);
void sb_workload_close(const sb_workload *workload);

/* For run(): marks the running task failed, for the reason given
 * (printf-style); run() then returns, its value ignored, and the model's run
 * fails with that reason. */
void sb_workload_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* For models: whether the task that just ran on this thread called
 * sb_workload_fail() (its reason is then sb_last_error()); clears the mark. */
bool sb_workload_take_failure(void);

/* For size_for_ns(): the size for which a task takes about `ns`, found by
 * timing tasks of `probe_size` (the median of a few, so that one interrupted
 * sample does not skew it) and scaling linearly. The workload is opened for
 * the probes; when it cannot be, the probe size comes back, and the reason
 * shows when a run opens it. */
uint64_t sb_workload_size_by_timing(const sb_workload *workload, uint64_t probe_size, uint64_t ns);

/* Each workload of workloads.def: sb_workload_cpu_int, sb_workload_timer, ... */
#define SB_WORKLOAD(name, file) extern const sb_workload sb_workload_##name;
#include "workloads/workloads.def"
#undef SB_WORKLOAD

#endif
