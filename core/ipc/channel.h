/*
 * channel: a two-way byte stream between a process and a child it forks,
 * over one of several transports, so that the same exchange can be timed
 * over shared memory, a pipe, a Unix socket and TCP (claim C8).
 *
 *     static int echo(sb_channel *channel, void *context) { ... }   // the child
 *
 *     sb_channel *channel = sb_channel_open(SB_CHANNEL_UNIX, placement, 1, echo, NULL);
 *     sb_channel_send(channel, request, size);
 *     sb_channel_receive(channel, reply, size);
 *     sb_channel_close(channel);   // hangs up, reaps the child
 *
 * Each direction delivers its bytes once, intact and in order, as a pipe
 * does; where one message ends is for the two sides to agree on (they both
 * know the size they expect). A send returns once its bytes are in the
 * transport, perhaps before the peer reads them; a receive waits for exactly
 * as many bytes as it asks for, however the transport splits them.
 *
 * The child runs serve(its end, context), and exits 0 when serve returns 0
 * (1 otherwise); its end is closed when serve returns. It is killed should
 * the thread that opened the channel end first (base/child.h). When one side ends,
 * the other is told, never left waiting: a receive reports
 * SB_CHANNEL_HUNG_UP when the peer closed cleanly between messages, and an
 * error otherwise (saying, in the parent, how the child ended); a send to a
 * peer that is gone is an error, never a SIGPIPE. (Over shared memory, a
 * send to a child that died unnoticed succeeds while its ring has room, as
 * a TCP send does while its buffer has; the next wait reports it.)
 */
#ifndef SLICEBENCH_IPC_CHANNEL_H
#define SLICEBENCH_IPC_CHANNEL_H

#include "base/placement.h"

#include <stddef.h>

typedef enum sb_channel_transport {
    SB_CHANNEL_SHM_SPIN,  /* a ring per direction in shared memory; a side that must
                             wait polls it and never sleeps in the kernel */
    SB_CHANNEL_SHM_FUTEX, /* the same rings; a side that must wait sleeps on a futex
                             until the other side wakes it */
    SB_CHANNEL_PIPE,      /* a pipe per direction; having no shutdown(), it shows the
                             child a hang-up only once every process forked
                             meanwhile has closed its copy of the parent's end too */
    SB_CHANNEL_UNIX,      /* a Unix stream socket pair */
    SB_CHANNEL_TCP,       /* a TCP connection over loopback (127.0.0.1) */
    SB_CHANNEL_TRANSPORT_COUNT
} sb_channel_transport;

/* "shm_spin", "shm_futex", "pipe", "unix", "tcp". */
const char *sb_channel_transport_name(sb_channel_transport transport);

typedef struct sb_channel sb_channel;

/* The child's side: runs in the child with its end of the channel, which it
 * must not close itself. */
typedef int (*sb_channel_serve)(sb_channel *channel, void *context);

/* Forks a child that binds itself to worker `worker` of `placement` (NULL:
 * not bound) and runs serve(its end, context); returns the caller's end.
 * Binding the caller is the caller's business. NULL, with sb_last_error(), on
 * bad arguments or when the transport or the child cannot be set up; no
 * child is then left. */
sb_channel *sb_channel_open(sb_channel_transport transport, const sb_placement *placement, unsigned worker,
                            sb_channel_serve serve, void *context);

/* Sends `size` bytes (none when 0). 0, or -1 with sb_last_error() when the
 * peer is gone or the transport fails. */
int sb_channel_send(sb_channel *channel, const void *data, size_t size);

/* sb_channel_receive's return when the peer closed its end cleanly before
 * the first byte of the message. */
enum { SB_CHANNEL_HUNG_UP = 1 };

/* Waits for exactly `size` bytes and stores them in `data`. 0, or
 * SB_CHANNEL_HUNG_UP, or -1 with sb_last_error() when the peer died, ended in
 * the middle of the message, or the transport failed. */
int sb_channel_receive(sb_channel *channel, void *data, size_t size);

/* In the parent: hangs up (a child waiting in a receive gets
 * SB_CHANNEL_HUNG_UP), waits for the child to end and frees the channel. 0
 * when the child exited 0; -1, with sb_last_error() saying how it ended,
 * otherwise. It waits as long as the child runs: serve should return once
 * its peer hangs up. NULL is a no-op. */
int sb_channel_close(sb_channel *channel);

#endif
