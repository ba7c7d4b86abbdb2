/*
 * The io_uring backend. A watch is a one-shot poll request queued in the
 * submission ring: no system call of its own, since the next wait submits
 * every queued request with the same io_uring_enter that blocks. Deadlines
 * become that wait's timeout.
 */
#include "coro/hub_backend.h"

#include "base/clock.h"
#include "base/error.h"

#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>

/* Queued watches beyond this are submitted early; completions beyond twice
 * this wait in the kernel (IORING_FEAT_NODROP) until the ring has room. */
enum { RING_ENTRIES = 256 };

static void close_poller(void *poller)
{
    struct io_uring *ring = poller;
    io_uring_queue_exit(ring);
    free(ring);
}

static int open_poller(void **poller)
{
    struct io_uring *ring = malloc(sizeof *ring);
    if (!ring) {
        sb_set_error("out of memory for an io_uring hub");
        return -1;
    }
    int rc = io_uring_queue_init(RING_ENTRIES, ring, 0);
    if (rc < 0) {
        /* ENOSYS: a kernel without it; EPERM: kernel.io_uring_disabled or a
         * seccomp filter. */
        sb_set_error("io_uring is not available: %s", strerror(-rc));
        free(ring);
        return -1;
    }
    *poller = ring;
    return 0;
}

static int watch(void *poller, sb_hub_watch *w)
{
    struct io_uring *ring = poller;
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
    if (!sqe) {
        io_uring_submit(ring);
        sqe = io_uring_get_sqe(ring);
    }
    if (!sqe) {
        sb_set_error("io_uring's submission ring stays full");
        errno = EBUSY;
        return -1;
    }
    io_uring_prep_poll_add(sqe, w->fd, (unsigned)(unsigned short)w->events);
    io_uring_sqe_set_data(sqe, w);
    return 0;
}

static int wait_for_completions(struct io_uring *ring, uint64_t deadline_ns)
{
    if (deadline_ns == 0)
        return io_uring_sq_ready(ring) > 0 ? io_uring_submit(ring) : 0;
    if (deadline_ns == UINT64_MAX)
        return io_uring_submit_and_wait(ring, 1);
    uint64_t now = sb_clock_ns(), wait_ns = deadline_ns > now ? deadline_ns - now : 0;
    struct __kernel_timespec timeout = {.tv_sec = (long long)(wait_ns / 1000000000u),
                                        .tv_nsec = (long long)(wait_ns % 1000000000u)};
    struct io_uring_cqe *first;
    return io_uring_submit_and_wait_timeout(ring, &first, 1, &timeout, NULL);
}

static int poll_ready(void *poller, uint64_t deadline_ns, sb_hub_ready_fn ready, void *context)
{
    struct io_uring *ring = poller;
    int rc = wait_for_completions(ring, deadline_ns);
    if (rc < 0 && rc != -ETIME && rc != -EINTR) {
        sb_set_error("io_uring_enter: %s", strerror(-rc));
        return -1;
    }
    struct io_uring_cqe *cqe;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(ring, head, cqe)
    {
        seen++;
        /* liburing's own timeout, on kernels that take no timeout argument. */
        if (cqe->user_data == LIBURING_UDATA_TIMEOUT)
            continue;
        ready(context, io_uring_cqe_get_data(cqe), cqe->res);
    }
    io_uring_cq_advance(ring, seen);
    return 0;
}

const sb_hub_backend_ops sb_hub_backend_io_uring = {
    .open = open_poller,
    .close = close_poller,
    .watch = watch,
    .poll = poll_ready,
};
