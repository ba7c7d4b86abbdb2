/*
 * machine_load: how much the rest of the machine was doing while the suite
 * ran, so that results carry their noise. Between two marks it gives the CPU
 * time other processes used (the machine's busy time from /proc/stat less
 * this process's and its waited-for children's), the share of time the
 * hypervisor stole, and, sampled for a moment, how many other tasks were
 * runnable; and the load average and the CPU frequency governor, as the
 * kernel reports them.
 */
#ifndef SLICEBENCH_BASE_MACHINE_LOAD_H
#define SLICEBENCH_BASE_MACHINE_LOAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct sb_machine_mark {
    uint64_t at_ns;            /* sb_clock_ns() */
    double busy_s;             /* every CPU's time not idle, waiting for IO or stolen */
    double steal_s;            /* taken by the hypervisor for other guests */
    double total_s;            /* every CPU's time, all states */
    double own_cpu_s;          /* this process and its waited-for children */
    double load_avg[3];        /* 1, 5 and 15 minutes */
} sb_machine_mark;

/* The machine's counters now. -1, with sb_last_error(), when /proc/stat or
 * /proc/loadavg cannot be read. */
int sb_machine_mark_now(sb_machine_mark *mark);

typedef struct sb_machine_load {
    double run_s;          /* between the marks */
    double others_cpu_pus; /* other processes' CPU time over run_s: PUs they kept busy on average */
    double steal_share;    /* stolen time over all CPU time, 0 to 1 */
} sb_machine_load;

/* What the machine did between `before` and `after`, taken in that order. */
sb_machine_load sb_machine_load_between(const sb_machine_mark *before, const sb_machine_mark *after);

/* The mean number of runnable tasks other than the calling thread, from
 * /proc/stat's procs_running read every millisecond or so for `seconds`.
 * Call it while the process's other threads are idle: they would count as
 * others. -1, with sb_last_error(), when it cannot be read. */
double sb_machine_runnable_others(double seconds);

/* Reads `stat_file` and `loadavg_file` in place of /proc/stat and /proc/loadavg, so
 * that a test can hand the readers a machine of its own; NULL puts the
 * kernel's back. Set it while no reader runs. */
void sb_machine_load_read_from(const char *stat_file, const char *loadavg_file);

/* The CPU frequency governor of CPU 0 ("performance", "schedutil", ...), or
 * "none" where the kernel offers no frequency scaling (many VMs). */
const char *sb_machine_governor(char *text, size_t size);

#endif
