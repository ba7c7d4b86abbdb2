/*
 * The epoll backend. Each watch is a one-shot registration, removed once
 * reported so the descriptor can be watched again. Deadlines wake it through
 * one timerfd, armed with the hub's earliest deadline on the suite's own
 * clock: epoll_wait's millisecond timeout would be too coarse, and an
 * absolute time needs no recomputing after every wake.
 */
#include "coro/hub_backend.h"

#include "base/error.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

/* Ready events go back to coroutines as poll's revents. */
_Static_assert(EPOLLIN == POLLIN && EPOLLPRI == POLLPRI && EPOLLOUT == POLLOUT && EPOLLERR == POLLERR &&
                   EPOLLHUP == POLLHUP && EPOLLRDHUP == POLLRDHUP,
               "epoll and poll name events alike");

enum { EVENTS_PER_WAIT = 256 };

typedef struct epoll_poller {
    int epoll;
    int timer;
    uint64_t armed_ns; /* the timer's deadline; UINT64_MAX when disarmed */
} epoll_poller;

static void close_poller(void *poller)
{
    epoll_poller *p = poller;
    close(p->timer);
    close(p->epoll);
    free(p);
}

static int open_poller(void **poller)
{
    epoll_poller *p = malloc(sizeof *p);
    if (!p) {
        sb_set_error("out of memory for an epoll hub");
        return -1;
    }
    *p = (epoll_poller){.epoll = epoll_create1(EPOLL_CLOEXEC),
                        .timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK),
                        .armed_ns = UINT64_MAX};
    /* Edge-triggered: an expiry wakes the wait once, and nothing need read
     * the timer to quieten it. Its events carry no watch. */
    struct epoll_event timer_event = {.events = EPOLLIN | EPOLLET, .data.ptr = NULL};
    if (p->epoll < 0 || p->timer < 0 || epoll_ctl(p->epoll, EPOLL_CTL_ADD, p->timer, &timer_event) != 0) {
        sb_set_error("cannot set up epoll and its timerfd: %s", strerror(errno));
        close_poller(p);
        return -1;
    }
    *poller = p;
    return 0;
}

static int watch(void *poller, sb_hub_watch *w)
{
    epoll_poller *p = poller;
    struct epoll_event event = {.events = (uint16_t)w->events | EPOLLONESHOT, .data.ptr = w};
    if (epoll_ctl(p->epoll, EPOLL_CTL_ADD, w->fd, &event) != 0) {
        int watch_errno = errno;
        sb_set_error("cannot watch descriptor %d with epoll: %s", w->fd, strerror(watch_errno));
        errno = watch_errno;
        return -1;
    }
    return 0;
}

static int arm(epoll_poller *p, uint64_t deadline_ns)
{
    /* All zeros disarms it. */
    struct itimerspec when = {0};
    if (deadline_ns != UINT64_MAX)
        when.it_value = (struct timespec){.tv_sec = (time_t)(deadline_ns / 1000000000u),
                                          .tv_nsec = (long)(deadline_ns % 1000000000u)};
    if (timerfd_settime(p->timer, TFD_TIMER_ABSTIME, &when, NULL) != 0) {
        sb_set_error("cannot arm the hub's timerfd: %s", strerror(errno));
        return -1;
    }
    p->armed_ns = deadline_ns;
    return 0;
}

static int poll_ready(void *poller, uint64_t deadline_ns, sb_hub_ready_fn ready, void *context)
{
    epoll_poller *p = poller;
    int timeout_ms = deadline_ns == 0 ? 0 : -1;
    if (deadline_ns != 0 && deadline_ns != p->armed_ns && arm(p, deadline_ns) != 0)
        return -1;
    struct epoll_event events[EVENTS_PER_WAIT];
    int count = epoll_wait(p->epoll, events, EVENTS_PER_WAIT, timeout_ms);
    if (count < 0) {
        if (errno == EINTR)
            return 0;
        sb_set_error("epoll_wait: %s", strerror(errno));
        return -1;
    }
    for (int i = 0; i < count; i++) {
        sb_hub_watch *w = events[i].data.ptr;
        if (!w)
            continue;
        /* Disabled by EPOLLONESHOT already; removed, so it can be added
         * again by the next wait on this descriptor. */
        epoll_ctl(p->epoll, EPOLL_CTL_DEL, w->fd, NULL);
        ready(context, w, (int)(events[i].events & 0xffff));
    }
    return 0;
}

const sb_hub_backend_ops sb_hub_backend_epoll = {
    .open = open_poller,
    .close = close_poller,
    .watch = watch,
    .poll = poll_ready,
};
