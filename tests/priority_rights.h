/*
 * priority_rights: lets a test act as a caller without the right to raise a
 * thread's priority, and then have it back, whoever runs the test. It
 * clears the calling thread's effective capabilities (CAP_SYS_NICE among
 * them; threads it creates inherit that) and the process's soft RLIMIT_NICE
 * and RLIMIT_RTPRIO, and restores them from what it saved: an effective
 * capability comes back from the permitted set, a soft limit up to its hard
 * one.
 */
#ifndef SLICEBENCH_PRIORITY_RIGHTS_H
#define SLICEBENCH_PRIORITY_RIGHTS_H

#include <linux/capability.h>
#include <sys/resource.h>

typedef struct priority_rights {
    struct __user_cap_data_struct capabilities[_LINUX_CAPABILITY_U32S_3];
    struct rlimit nice, rtprio;
} priority_rights;

/* Drops the rights, saving them in *saved; fails the test if it cannot. */
void drop_priority_rights(priority_rights *saved);

/* Gives back the rights drop_priority_rights() saved. */
void restore_priority_rights(const priority_rights *saved);

#endif
