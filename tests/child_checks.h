/*
 * child_checks: for tests of code that forks or opens descriptors, what it
 * must not leave behind: a child process, reaped or not, or an open
 * descriptor.
 */
#ifndef SLICEBENCH_CHILD_CHECKS_H
#define SLICEBENCH_CHILD_CHECKS_H

/* Fails the test when the calling process has any child left. */
void assert_no_child_is_left(void);

/* The descriptors this process has open now (the entries of /proc/self/fd,
 * the one reading them included): a test compares two counts. */
unsigned open_descriptors(void);

#endif
