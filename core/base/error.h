/*
 * error: the reason the last slicebench call on this thread failed.
 *
 * Library functions report failure by their return value and leave a
 * human-readable reason here; programs print it and choose the exit code.
 */
#ifndef SLICEBENCH_BASE_ERROR_H
#define SLICEBENCH_BASE_ERROR_H

/* Records the reason for the current failure (printf-style). */
void sb_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The reason recorded last on this thread, or "" when there is none. */
const char *sb_last_error(void);

#endif
