#include "base/task_hooks.h"

#include "base/clock.h"

#include <errno.h>
#include <poll.h>

static _Thread_local const sb_task_hooks *installed;

const sb_task_hooks *sb_task_hooks_install(const sb_task_hooks *hooks)
{
    const sb_task_hooks *previous = installed;
    installed = hooks;
    return previous;
}

void sb_task_checkpoint(void)
{
    const sb_task_hooks *hooks = installed;
    if (hooks && hooks->checkpoint)
        hooks->checkpoint(hooks->context);
}

void sb_task_sleep_ns(uint64_t ns)
{
    const sb_task_hooks *hooks = installed;
    if (hooks && hooks->sleep_ns)
        hooks->sleep_ns(hooks->context, ns);
    else
        sb_sleep_ns(ns);
}

int sb_task_wait_fd(int fd, short events)
{
    const sb_task_hooks *hooks = installed;
    if (hooks && hooks->wait_fd)
        return hooks->wait_fd(hooks->context, fd, events);
    return sb_wait_fd(fd, events);
}

void sb_task_blocking_call(void (*call)(void *arg), void *arg)
{
    const sb_task_hooks *hooks = installed;
    if (hooks && hooks->blocking_call)
        hooks->blocking_call(hooks->context, call, arg);
    else
        call(arg);
}

int sb_wait_fd(int fd, short events)
{
    struct pollfd ready = {.fd = fd, .events = events};
    int rc;
    while ((rc = poll(&ready, 1, -1)) < 0 && errno == EINTR)
        ;
    return rc < 0 ? -1 : ready.revents;
}
