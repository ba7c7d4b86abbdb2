#include "ipc/channel_transport.h"

#include "base/child.h"
#include "base/error.h"
#include "base/worker_exit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const sb_channel_transport_ops *const transports[SB_CHANNEL_TRANSPORT_COUNT] = {
    [SB_CHANNEL_SHM_SPIN] = &sb_channel_shm_spin,
    [SB_CHANNEL_SHM_FUTEX] = &sb_channel_shm_futex,
    [SB_CHANNEL_PIPE] = &sb_channel_pipe,
    [SB_CHANNEL_UNIX] = &sb_channel_unix,
    [SB_CHANNEL_TCP] = &sb_channel_tcp,
};

struct sb_channel {
    const sb_channel_transport_ops *ops;
    void *ends;
    sb_channel_side side;
    pid_t parent;    /* in the child: the process that forked it */
    pid_t child;     /* in the parent: the child, reaped or not */
    bool reaped;     /* in the parent: the child has been waited for... */
    int wait_status; /* ...and ended so (waitpid's status), */
    int wait_error;  /* or could not be waited for, with this errno */
    const sb_placement *placement;
    unsigned worker;
};

const char *sb_channel_transport_name(sb_channel_transport transport)
{
    return (unsigned)transport < SB_CHANNEL_TRANSPORT_COUNT ? transports[transport]->name : "unknown";
}

/* Waits for the child, or with `block` false only looks whether it has
 * ended. true once it is reaped. */
static bool reap_child(sb_channel *channel, bool block)
{
    if (channel->reaped)
        return true;
    pid_t got;
    int status = 0;
    while ((got = waitpid(channel->child, &status, block ? 0 : WNOHANG)) < 0 && errno == EINTR)
        ;
    if (got == 0)
        return false;
    channel->reaped = true;
    channel->wait_status = status;
    channel->wait_error = got < 0 ? errno : 0;
    return true;
}

static bool child_exited_cleanly(const sb_channel *channel)
{
    return channel->wait_error == 0 && WIFEXITED(channel->wait_status) && WEXITSTATUS(channel->wait_status) == 0;
}

/* Sets the error to how the reaped child ended. */
static void describe_child_end(const sb_channel *channel)
{
    if (channel->wait_error != 0)
        sb_set_error("cannot wait for the child (pid %d): %s", (int)channel->child, strerror(channel->wait_error));
    else
        sb_worker_exit_error(channel->placement, channel->worker, channel->child, channel->wait_status);
}

bool sb_channel_peer_gone(sb_channel *channel)
{
    if (channel->side == SB_CHANNEL_CHILD)
        return getppid() != channel->parent;
    return reap_child(channel, false);
}

/* The peer went away `done` bytes into a `size`-byte message. A clean
 * hang-up between messages, seen by a receive, is SB_CHANNEL_HUNG_UP;
 * everything else is an error saying what happened. */
static int peer_gone(sb_channel *channel, bool receiving, size_t done, size_t size)
{
    const char *what = receiving ? "receive" : "send";
    if (channel->side == SB_CHANNEL_CHILD) {
        if (receiving && done == 0)
            return SB_CHANNEL_HUNG_UP;
        sb_set_error("cannot %s: the parent process hung up %zu bytes into a %zu-byte message", what, done, size);
        return -1;
    }
    reap_child(channel, true);
    if (receiving && done == 0 && child_exited_cleanly(channel))
        return SB_CHANNEL_HUNG_UP;
    char how[256];
    describe_child_end(channel);
    snprintf(how, sizeof how, "%s", sb_last_error());
    sb_set_error("cannot %s: the child ended %zu bytes into a %zu-byte message: %s", what, done, size, how);
    return -1;
}

static bool check_transfer(const sb_channel *channel, const void *data, size_t size)
{
    if (channel && (data || size == 0))
        return true;
    sb_set_error("a channel transfer needs a channel and a buffer");
    return false;
}

/* Moves all `size` bytes, however many transfers the transport needs. */
static int transfer(sb_channel *channel, bool receiving, unsigned char *bytes, size_t size)
{
    for (size_t done = 0; done < size;) {
        ssize_t n = receiving ? channel->ops->receive_some(channel->ends, bytes + done, size - done)
                              : channel->ops->send_some(channel->ends, bytes + done, size - done);
        if (n < 0)
            return -1;
        if (n == 0)
            return peer_gone(channel, receiving, done, size);
        done += (size_t)n;
    }
    return 0;
}

int sb_channel_send(sb_channel *channel, const void *data, size_t size)
{
    if (!check_transfer(channel, data, size))
        return -1;
    /* Shared memory would take bytes for a child already known to be dead. */
    if (channel->reaped)
        return peer_gone(channel, false, 0, size);
    /* A send only reads the bytes. */
    return transfer(channel, false, (unsigned char *)data, size);
}

int sb_channel_receive(sb_channel *channel, void *data, size_t size)
{
    if (!check_transfer(channel, data, size))
        return -1;
    return transfer(channel, true, data, size);
}

static _Noreturn void run_child(sb_channel *channel, sb_channel_serve serve, void *context)
{
    channel->side = SB_CHANNEL_CHILD;
    channel->ops->keep_side(channel->ends, SB_CHANNEL_CHILD);
    if (channel->placement && sb_placement_bind_process(channel->placement, channel->worker) != 0)
        _exit(SB_WORKER_EXIT_BIND_FAILED);
    int rc = serve(channel, context);
    channel->ops->close(channel->ends);
    _exit(rc == 0 ? 0 : 1);
}

sb_channel *sb_channel_open(sb_channel_transport transport, const sb_placement *placement, unsigned worker,
                            sb_channel_serve serve, void *context)
{
    if ((unsigned)transport >= SB_CHANNEL_TRANSPORT_COUNT || !serve) {
        sb_set_error("a channel needs a known transport and a serve function");
        return NULL;
    }
    if (placement && worker >= sb_placement_workers(placement)) {
        sb_set_error("the placement plans %u workers: there is no worker %u for the child",
                     sb_placement_workers(placement), worker);
        return NULL;
    }
    sb_channel *channel = malloc(sizeof *channel);
    if (!channel) {
        sb_set_error("out of memory");
        return NULL;
    }
    *channel = (sb_channel){
        .ops = transports[transport],
        .side = SB_CHANNEL_PARENT,
        .parent = getpid(),
        .placement = placement,
        .worker = worker,
    };
    channel->ends = channel->ops->create(channel);
    if (!channel->ends) {
        free(channel);
        return NULL;
    }
    pid_t pid = sb_child_fork();
    if (pid < 0) {
        sb_set_error("cannot fork the channel's child: %s", strerror(errno));
        channel->ops->close(channel->ends);
        free(channel);
        return NULL;
    }
    if (pid == 0)
        run_child(channel, serve, context);
    channel->child = pid;
    channel->ops->keep_side(channel->ends, SB_CHANNEL_PARENT);
    return channel;
}

int sb_channel_close(sb_channel *channel)
{
    if (!channel)
        return 0;
    if (channel->side == SB_CHANNEL_CHILD) {
        sb_set_error("the child's end of a channel closes when its serve function returns");
        return -1;
    }
    channel->ops->close(channel->ends);
    reap_child(channel, true);
    int rc = 0;
    if (!child_exited_cleanly(channel)) {
        describe_child_end(channel);
        rc = -1;
    }
    free(channel);
    return rc;
}
