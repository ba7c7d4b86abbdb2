/*
 * result_file: makes --benchmark_out all-or-nothing. Google Benchmark writes
 * that file as it goes, so a run that stops early, or a disk that fills up,
 * would leave half a JSON document over the last good results; instead it
 * writes to a temporary file beside the requested one (PATH.partial-XXXX, a
 * name of random letters no other run has), which replaces PATH only when
 * the whole run was written and synced, taking PATH's owner and permissions
 * as far as the process may give them. The program holds a lock (flock) on
 * its temporary file until it ends: a temporary file no one holds locked is
 * one a killed run left, whatever PID namespace it ran in.
 *
 * A PATH that is a symbolic link is followed: the file it points to gets the
 * results (its temporary file is made beside it) and the link stays, as when
 * a program writes through a link; a link to nothing is refused.
 */
#ifndef SLICEBENCH_RESULT_FILE_H
#define SLICEBENCH_RESULT_FILE_H

#include <stdbool.h>

/* Points the --benchmark_out=PATH option `*option` at PATH's temporary file,
 * which it creates now, before anything runs, removing those of runs that
 * were killed. A PATH that is not a regular file (a device, a pipe) or is
 * read-only is refused. -1, with sb_last_error(), when PATH is refused or
 * its temporary file cannot be created. Until a commit, the temporary file
 * is removed when the program exits. */
int sb_result_file_redirect(char **option);

/* Moves the temporary file, written without error, to PATH; or, when the
 * run was `interrupted`, beside it to PATH's interrupted name
 * (dir/bench.json: dir/bench.interrupted.json), leaving PATH as it was.
 * `write_error` is the errno of a failed write of the file, 0 when none:
 * the file is then removed. 0 when there was no --benchmark_out; -1, with
 * sb_last_error(), when the results could not be written. */
int sb_result_file_commit(bool interrupted, int write_error);

/* The results file's name: PATH as given, or where the last commit put
 * the results. */
const char *sb_result_file_name(void);

/* Removes the temporary file, leaving PATH as it was. Safe to call from a
 * signal handler or another thread. */
void sb_result_file_discard(void);

#endif
