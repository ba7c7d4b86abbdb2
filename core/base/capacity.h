/*
 * capacity: how many more of something this process can have before the
 * kernel or the memory says no, and what says it: task ids for threads and
 * processes (kernel.pid_max, kernel.threads-max, RLIMIT_NPROC, the cgroup's
 * pids.max) and memory (MemAvailable, the cgroup's memory.max). A benchmark
 * that goes "as far as the machine allows" asks here first and records the
 * reason it stopped, instead of failing half-way or driving the machine into
 * its out-of-memory killer.
 *
 * Each leaves a margin for everything else on the machine: a tenth of the
 * task ids (at least 1,024), half of the available memory, a tenth of the
 * descriptors (at least 64).
 */
#ifndef SLICEBENCH_BASE_CAPACITY_H
#define SLICEBENCH_BASE_CAPACITY_H

#include <stddef.h>

typedef struct sb_capacity {
    unsigned long count; /* how many more fit */
    char reason[200];    /* what sets that number, for the results */
} sb_capacity;

/* How many more threads or processes (each takes a task id) may start. */
sb_capacity sb_capacity_tasks(void);

/* How many more things of `bytes_each` resident bytes fit in memory. */
sb_capacity sb_capacity_memory(size_t bytes_each);

/* How many more things holding `descriptors_each` (> 0) file descriptors
 * open at once this process may have. */
sb_capacity sb_capacity_descriptors(unsigned descriptors_each);

/* Reads what stands for /proc from the folder `proc` and for the cgroup
 * file system (/sys/fs/cgroup) from `cgroup`, as a test gives them; NULL
 * for either, the real one. The names are kept, not copied: they must last
 * until the next call. Not for use while another thread asks. */
void sb_capacity_read_from(const char *proc, const char *cgroup);

#endif
