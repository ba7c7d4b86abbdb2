/*
 * child: forking a process that never outlives the program. Every process
 * the program forks is forked here, so that none keeps running, holding a
 * core or a file, once the program is gone, however it ended (SIGKILL
 * included, which no handler sees).
 */
#ifndef SLICEBENCH_BASE_CHILD_H
#define SLICEBENCH_BASE_CHILD_H

#include <sys/types.h>

/* fork(), with the child bound to the thread that forks it: the kernel
 * sends the child SIGKILL when that thread ends (PR_SET_PDEATHSIG), and a
 * child whose parent ended before it asked for that kills itself at once.
 * So fork from a thread that outlives the child (the one that reaps it).
 * Returns as fork() does; the child then makes only async-signal-safe
 * calls, as after any fork of a program with threads. */
pid_t sb_child_fork(void);

#endif
