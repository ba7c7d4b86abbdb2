/*
 * usage: what a stretch of work cost the kernel's accounting, from getrusage:
 * CPU time, voluntary and involuntary context switches, page faults, peak
 * resident memory; and the memory resident at a given moment.
 */
#ifndef SLICEBENCH_BASE_USAGE_H
#define SLICEBENCH_BASE_USAGE_H

typedef struct sb_usage {
    double user_s;              /* CPU time in user mode */
    double system_s;            /* CPU time in the kernel */
    long voluntary_switches;    /* the task blocked (IO, sleep, lock wait) */
    long involuntary_switches;  /* the scheduler took the CPU away (time slice over, preemption) */
    long minor_faults;          /* pages mapped in without IO: memory touched for the first time */
    long max_rss_kb;            /* high-water mark of resident memory, never reset */
} sb_usage;

/* This process, all its threads. */
sb_usage sb_usage_self(void);

/* The calling thread alone (in a single-threaded process, the process). */
sb_usage sb_usage_thread(void);

/* This process's children that have been waited for. */
sb_usage sb_usage_children(void);

/* The cost of what happened between two snapshots of the same kind. The peak
 * memory of `after` is kept, since the kernel never lowers a high-water mark. */
sb_usage sb_usage_between(sb_usage before, sb_usage after);

/* Resident memory now, from /proc/self/statm. Unlike max_rss_kb it falls
 * when memory goes back to the kernel, so it measures what a stretch of work
 * holds at a given moment. -1, with sb_last_error(), when it cannot be read. */
long sb_usage_resident_kb(void);

#endif
