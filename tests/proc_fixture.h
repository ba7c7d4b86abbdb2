/*
 * proc_fixture: a stand-in for /proc and the cgroup file system, in a
 * scratch folder, for the tests of what capacity reads there
 * (sb_capacity_read_from): a test writes the files the machine it means
 * would have.
 */
#ifndef SLICEBENCH_PROC_FIXTURE_H
#define SLICEBENCH_PROC_FIXTURE_H

/* Makes the scratch folder, with proc/ and cgroup/ in it, and points
 * capacity at them. */
void proc_fixture_open(void);

/* Writes `text` to `name` (as "proc/meminfo") in the scratch folder,
 * making its folders. */
void proc_fixture_put(const char *name, const char *text);

/* Points capacity at the real ones again and removes the scratch folder. */
void proc_fixture_close(void);

#endif
