/*
 * result_file: makes --benchmark_out all-or-nothing. Google Benchmark writes
 * that file as it goes, so a run that stops early would leave half a JSON
 * document; instead it writes to a temporary file beside the requested one,
 * which is renamed into place only when the run has finished.
 */
#ifndef SLICEBENCH_RESULT_FILE_H
#define SLICEBENCH_RESULT_FILE_H

/* Points a --benchmark_out=PATH option in argv at PATH's temporary file.
 * Call before Google Benchmark reads argv. -1, with sb_last_error(), when
 * out of memory. */
int sb_result_file_redirect(int argc, char **argv);

/* Moves the finished temporary file to PATH. 0 when there was no
 * --benchmark_out; -1, with sb_last_error(), when it cannot be moved. */
int sb_result_file_commit(void);

/* Removes the temporary file, leaving PATH as it was. */
void sb_result_file_discard(void);

#endif
