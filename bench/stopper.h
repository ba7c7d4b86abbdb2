/*
 * stopper: what SIGINT and SIGTERM do to a run.
 *
 * The first SIGINT lets the benchmark running now finish and skips the rest
 * (sb_gbench_interrupt), so the report of what finished is kept. A second
 * SIGINT, or a SIGTERM, stops the run at once: every process it started is
 * killed and reaped, the temporary results file removed, and the program
 * exits with 128 + the signal's number (130, 143).
 */
#ifndef SLICEBENCH_STOPPER_H
#define SLICEBENCH_STOPPER_H

/* Installs the handlers of SIGINT and SIGTERM. -1, with sb_last_error(),
 * when it cannot. */
int sb_stopper_start(void);

/* Called once the run has ended, before its results are kept: from then on
 * a signal no longer stops the program, which ends on its own; if one has
 * already begun stopping it, this waits for the end. */
void sb_stopper_finish(void);

#endif
