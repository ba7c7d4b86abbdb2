/*
 * The transports the kernel carries as byte streams over file descriptors:
 * a pipe per direction, a Unix stream socket pair, a TCP connection over
 * loopback. They differ only in how the descriptors are made and in how a
 * write to a reader that is gone is kept from raising SIGPIPE, whose
 * disposition belongs to the program: a socket is told so per call
 * (MSG_NOSIGNAL); a pipe has no such flag, so each write to one blocks
 * SIGPIPE for the calling thread and takes back the signal it raised, at
 * the price of two more system calls (three after a short write).
 */
#include "ipc/channel_transport.h"

#include "base/error.h"
#include "ipc/tcp_pair.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The descriptors one side reads from and writes to (the same one for a
 * socket); -1 when it has none. */
typedef struct fd_end {
    int in, out;
} fd_end;

typedef struct fd_ends {
    fd_end ends[2]; /* [side] */
    bool socket;
    sb_channel_side side; /* the one kept */
} fd_ends;

static fd_ends *fd_ends_new(bool socket)
{
    fd_ends *ends = malloc(sizeof *ends);
    if (!ends) {
        sb_set_error("out of memory");
        return NULL;
    }
    *ends = (fd_ends){.ends = {{-1, -1}, {-1, -1}}, .socket = socket, .side = SB_CHANNEL_PARENT};
    return ends;
}

static void close_end(fd_end *end)
{
    if (end->in >= 0)
        close(end->in);
    if (end->out >= 0 && end->out != end->in)
        close(end->out);
    *end = (fd_end){-1, -1};
}

static void fd_keep_side(void *opaque, sb_channel_side side)
{
    fd_ends *ends = opaque;
    /* Only closed: a socket is one socket on both sides of the fork, so
     * shutting the other side's copy down would shut this side's too. */
    close_end(&ends->ends[side == SB_CHANNEL_PARENT ? SB_CHANNEL_CHILD : SB_CHANNEL_PARENT]);
    ends->side = side;
}

static void fd_close(void *opaque)
{
    fd_ends *ends = opaque;
    for (int side = 0; side < 2; side++) {
        /* Unlike close(), shutdown() reaches the peer even when a process
         * forked meanwhile holds a copy of this end. */
        if (ends->socket && ends->ends[side].in >= 0)
            shutdown(ends->ends[side].in, SHUT_RDWR);
        close_end(&ends->ends[side]);
    }
    free(ends);
}

static const fd_end *kept_end(const fd_ends *ends)
{
    return &ends->ends[ends->side];
}

static bool peer_is_gone(int error)
{
    return error == EPIPE || error == ECONNRESET;
}

static ssize_t fd_receive_some(void *opaque, void *data, size_t size)
{
    int fd = kept_end(opaque)->in;
    ssize_t n;
    while ((n = read(fd, data, size)) < 0 && errno == EINTR)
        ;
    if (n >= 0 || peer_is_gone(errno))
        return n < 0 ? 0 : n;
    sb_set_error("cannot read from the channel: %s", strerror(errno));
    return -1;
}

/* What a write or send returned: the count, 0 for a peer that is gone, or
 * -1 with the error. */
static ssize_t sent(ssize_t n)
{
    if (n >= 0 || peer_is_gone(errno))
        return n < 0 ? 0 : n;
    sb_set_error("cannot write to the channel: %s", strerror(errno));
    return -1;
}

static ssize_t socket_send_some(void *opaque, const void *data, size_t size)
{
    int fd = kept_end(opaque)->out;
    ssize_t n;
    while ((n = send(fd, data, size, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    return sent(n);
}

static ssize_t pipe_send_some(void *opaque, const void *data, size_t size)
{
    int fd = kept_end(opaque)->out;
    sigset_t sigpipe, before;
    sigemptyset(&sigpipe);
    sigaddset(&sigpipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe, &before);
    ssize_t n;
    while ((n = write(fd, data, size)) < 0 && errno == EINTR)
        ;
    int write_error = errno;
    /* A write the reader's end cut short (with EPIPE, or with a part of the
     * bytes written) leaves a SIGPIPE pending for this thread. Taken back
     * unless the thread blocked SIGPIPE itself, when one may have been
     * pending before, and is the program's. */
    if ((n < 0 ? write_error == EPIPE : (size_t)n < size) && !sigismember(&before, SIGPIPE))
        sigtimedwait(&sigpipe, NULL, &(struct timespec){0, 0});
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    errno = write_error;
    return sent(n);
}

static void *pipe_create(sb_channel *owner)
{
    (void)owner;
    fd_ends *ends = fd_ends_new(false);
    int to_child[2], to_parent[2];
    if (!ends)
        return NULL;
    if (pipe2(to_child, O_CLOEXEC) != 0) {
        sb_set_error("cannot create a pipe: %s", strerror(errno));
        fd_close(ends);
        return NULL;
    }
    ends->ends[SB_CHANNEL_CHILD].in = to_child[0];
    ends->ends[SB_CHANNEL_PARENT].out = to_child[1];
    if (pipe2(to_parent, O_CLOEXEC) != 0) {
        sb_set_error("cannot create a pipe: %s", strerror(errno));
        fd_close(ends);
        return NULL;
    }
    ends->ends[SB_CHANNEL_PARENT].in = to_parent[0];
    ends->ends[SB_CHANNEL_CHILD].out = to_parent[1];
    return ends;
}

/* Two connected sockets from `connect_pair`: 0, or -1 with sb_last_error(). */
static void *socket_create(int (*connect_pair)(int fds[2]))
{
    fd_ends *ends = fd_ends_new(true);
    int fds[2];
    if (!ends)
        return NULL;
    if (connect_pair(fds) != 0) {
        free(ends);
        return NULL;
    }
    ends->ends[SB_CHANNEL_PARENT] = (fd_end){fds[0], fds[0]};
    ends->ends[SB_CHANNEL_CHILD] = (fd_end){fds[1], fds[1]};
    return ends;
}

static int unix_socket_pair(int fds[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0)
        return 0;
    sb_set_error("cannot create a Unix socket pair: %s", strerror(errno));
    return -1;
}

static void *unix_create(sb_channel *owner)
{
    (void)owner;
    return socket_create(unix_socket_pair);
}

static void *tcp_create(sb_channel *owner)
{
    (void)owner;
    return socket_create(sb_tcp_pair);
}

const sb_channel_transport_ops sb_channel_pipe = {
    .name = "pipe",
    .create = pipe_create,
    .keep_side = fd_keep_side,
    .send_some = pipe_send_some,
    .receive_some = fd_receive_some,
    .close = fd_close,
};

const sb_channel_transport_ops sb_channel_unix = {
    .name = "unix",
    .create = unix_create,
    .keep_side = fd_keep_side,
    .send_some = socket_send_some,
    .receive_some = fd_receive_some,
    .close = fd_close,
};

const sb_channel_transport_ops sb_channel_tcp = {
    .name = "tcp",
    .create = tcp_create,
    .keep_side = fd_keep_side,
    .send_some = socket_send_some,
    .receive_some = fd_receive_some,
    .close = fd_close,
};
