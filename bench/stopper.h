/*
 * stopper: what the signals that would end the program do to a run.
 *
 * The first SIGINT lets the benchmark running now finish and skips the rest
 * (sb_gbench_interrupt), so the report of what finished is kept; what that
 * benchmark still readies is cut short (base/interrupt.h). A second SIGINT,
 * or any other signal that would end the program (SIGTERM, SIGHUP, SIGQUIT,
 * SIGPIPE from a closed pipe, SIGALRM, SIGUSR1, ...: stopper.c lists them),
 * stops the run at once: every process it started is killed and reaped, the
 * temporary results file removed, a line on stderr says which signal, and
 * the program exits with 128 + the signal's number (130, 143, 129, 141, ...).
 * A signal ignored or handled when the program starts stays so (nohup's
 * SIGHUP), but for SIGINT, SIGQUIT and SIGTERM, which are always taken.
 *
 * A process the run forked has the same handler: it lets a SIGINT go (the
 * program decides), and any other signal ends it as it would have without.
 */
#ifndef SLICEBENCH_STOPPER_H
#define SLICEBENCH_STOPPER_H

/* Installs the handlers. -1, with sb_last_error(), when it cannot. */
int sb_stopper_start(void);

/* Called once the run has ended, before its results are kept: writes out
 * what stdout still holds, and from then on a signal no longer stops the
 * program, which ends on its own. If a signal asked to stop it before then
 * (SIGPIPE from those last lines included), this never returns: the
 * program ends stopped. */
void sb_stopper_finish(void);

#endif
