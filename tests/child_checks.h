/*
 * child_checks: for tests of code that forks, the check that it left no child
 * process behind, reaped or not.
 */
#ifndef SLICEBENCH_CHILD_CHECKS_H
#define SLICEBENCH_CHILD_CHECKS_H

/* Fails the test when the calling process has any child left. */
void assert_no_child_is_left(void);

#endif
