/*
 * channel_transport: what each transport of core/ipc/channel.h provides
 * (ipc/channel_shm.c, ipc/channel_fd.c). ipc/channel.c does the rest for all of them:
 * forking and reaping the child, turning transfers of "some bytes" into
 * whole messages, and telling a clean hang-up from a death.
 */
#ifndef SLICEBENCH_IPC_CHANNEL_TRANSPORT_H
#define SLICEBENCH_IPC_CHANNEL_TRANSPORT_H

#include "ipc/channel.h"

#include <stdbool.h>
#include <sys/types.h>

typedef enum sb_channel_side { SB_CHANNEL_PARENT, SB_CHANNEL_CHILD } sb_channel_side;

typedef struct sb_channel_transport_ops {
    const char *name;
    /* Before the fork: makes both sides' ends. `owner` is the channel they
     * belong to, for sb_channel_peer_gone(). NULL, with sb_last_error(). */
    void *(*create)(sb_channel *owner);
    /* After the fork, in each process: keeps `side`'s end, lets the other go. */
    void (*keep_side)(void *ends, sb_channel_side side);
    /* Move at least one byte and at most `size` (> 0), waiting until they
     * can: the count, 0 when the peer is gone (for a receive: its end is
     * closed and everything it sent has been read), -1 with sb_last_error(). */
    ssize_t (*send_some)(void *ends, const void *data, size_t size);
    ssize_t (*receive_some)(void *ends, void *data, size_t size);
    /* Hangs up the kept end, so that the peer learns of it, and frees the
     * ends; before keep_side, frees both sides' ends. */
    void (*close)(void *ends);
} sb_channel_transport_ops;

extern const sb_channel_transport_ops sb_channel_shm_spin;
extern const sb_channel_transport_ops sb_channel_shm_futex;
extern const sb_channel_transport_ops sb_channel_pipe;
extern const sb_channel_transport_ops sb_channel_unix;
extern const sb_channel_transport_ops sb_channel_tcp;

/* For transports whose waits the kernel does not end when the peer dies
 * (shared memory): whether the peer of `channel` has ended. In the parent
 * this reaps a child that has, so call it between waits, not on every
 * poll. */
bool sb_channel_peer_gone(sb_channel *channel);

#endif
