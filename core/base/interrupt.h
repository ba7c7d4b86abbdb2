/*
 * interrupt: the program's request that a run stop early (a first SIGINT).
 * The benchmark under way is let finish, but what it is still readying for
 * its measurement (a scratch file of many gigabytes, say) checks this and
 * stops at once instead, failing with "... was interrupted".
 */
#ifndef SLICEBENCH_BASE_INTERRUPT_H
#define SLICEBENCH_BASE_INTERRUPT_H

#include <stdbool.h>

/* Async-signal-safe: a signal handler calls it. */
void sb_interrupt_request(void);

bool sb_interrupt_requested(void);

#endif
