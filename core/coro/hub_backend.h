/*
 * hub_backend: how a hub waits on the kernel (coro/hub_epoll.c, coro/hub_uring.c).
 * coro/hub.c keeps the coroutines and the timers; a backend only watches
 * descriptors and blocks until one is ready or a deadline passes.
 */
#ifndef SLICEBENCH_CORO_HUB_BACKEND_H
#define SLICEBENCH_CORO_HUB_BACKEND_H

#include <stdint.h>

/* One coroutine's wait for a descriptor, alive until it is reported. */
typedef struct sb_hub_watch {
    int fd;
    short events; /* poll's: POLLIN, POLLOUT, ... */
} sb_hub_watch;

/* `result` is poll's revents, or -errno when the wait itself failed. */
typedef void (*sb_hub_ready_fn)(void *context, sb_hub_watch *watch, int result);

typedef struct sb_hub_backend_ops {
    /* Opens the backend's kernel objects into *poller. 0, or -1 with
     * sb_last_error() (for io_uring: the kernel may refuse it). */
    int (*open)(void **poller);
    void (*close)(void *poller);
    /* Starts watching, once: a watch is reported a single time. 0, or -1
     * with errno and sb_last_error(). */
    int (*watch)(void *poller, sb_hub_watch *watch);
    /* Reports every ready watch through `ready`, blocking first until one is
     * ready or `deadline_ns` (sb_clock_ns()'s clock) passes: 0 never blocks,
     * UINT64_MAX waits for readiness alone. 0, or -1 with sb_last_error(). */
    int (*poll)(void *poller, uint64_t deadline_ns, sb_hub_ready_fn ready, void *context);
} sb_hub_backend_ops;

extern const sb_hub_backend_ops sb_hub_backend_epoll;
extern const sb_hub_backend_ops sb_hub_backend_io_uring;

#endif
