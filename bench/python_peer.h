/*
 * python_peer: a CPython interpreter running one script of bench/cpython/ as
 * a child process, spoken to in lines over pipes. The script says "ready"
 * once it has started; each request line then gets one reply line, or
 * "error <why>". The child is forked through sb_child_fork, so it dies with
 * the program, and one that stops answering is killed on a time limit.
 */
#ifndef SLICEBENCH_PYTHON_PEER_H
#define SLICEBENCH_PYTHON_PEER_H

typedef struct sb_python_peer sb_python_peer;

/* The folder of the suite's Python scripts (bench/cpython/ of the source
 * tree the program was built from). */
const char *sb_python_peer_script_dir(void);

/* Starts `python script args...` (args NULL-terminated; NULL for none)
 * through sb_child_fork (core/base/child.h), stdin/stdout piped, stderr kept
 * for the error message; NULL with sb_last_error() set when it cannot start
 * or does not say "ready". A script path without a '/' is taken from
 * sb_python_peer_script_dir(). */
sb_python_peer *sb_python_peer_start(const char *python, const char *script, const char *const args[]);

/* Sends one request line, returns the reply line (malloc'ed, no newline; the
 * caller frees), or NULL with sb_last_error() set: the peer died, replied
 * "error <why>", or did not answer within its time limit (then it is killed,
 * and every later request fails at once). */
char *sb_python_peer_ask(sb_python_peer *peer, const char *request);

/* The longest a reply may take, in seconds, before the peer is killed: a
 * request that runs long (a whole job) raises it for its own replies. */
void sb_python_peer_set_timeout(sb_python_peer *peer, double seconds);

/* Closes its stdin, waits for it to exit, kills it after a grace period;
 * NULL is a no-op. */
void sb_python_peer_stop(sb_python_peer *peer);

#endif
