#include "python/process_pool.h"

#include "base/child.h"
#include "base/error.h"
#include "base/socket_io.h"
#include "base/worker_exit.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* A worker's exit status when its socket fails other than by the pool
 * hanging up; the pool has then already given up on it. */
enum { EXIT_LOST_POOL = 1 };

typedef struct worker {
    pid_t pid;      /* 0 once reaped */
    int socket;     /* the pool's end; -1 once hung up */
    size_t request; /* the index, in the current batch, of the request it serves */
} worker;

struct sb_process_pool {
    unsigned workers;
    const sb_placement *placement;
    sb_process_pool_handler handler;
    void *context;
    worker *seats;
    /* busy[w].fd is worker w's socket while it serves a request and -1 while
     * it is idle, so poll() watches exactly the workers that owe a reply. */
    struct pollfd *busy;
    bool stopped; /* every worker is reaped; only closing is left */
};

/* The worker's whole life: answer requests until the pool hangs up.
 * Requests and results cross the socket as one 8-byte word each, with
 * nothing but send() and recv() (base/socket_io.h), so the worker stays
 * async-signal-safe. */
static _Noreturn void serve(const sb_process_pool *pool, unsigned w, int socket)
{
    /* The pool's ends of the earlier workers' sockets came along with the
     * fork. Were they kept, those workers would never read end-of-file if
     * the parent died, and would outlive it. */
    for (unsigned earlier = 0; earlier < w; earlier++)
        close(pool->seats[earlier].socket);
    if (sb_placement_bind_process(pool->placement, w) != 0)
        _exit(SB_WORKER_EXIT_BIND_FAILED);
    for (;;) {
        uint64_t request;
        int got = sb_socket_receive_all(socket, &request, sizeof request);
        if (got != 0)
            _exit(got == SB_SOCKET_CLOSED ? 0 : EXIT_LOST_POOL);
        uint64_t result = pool->handler(pool->context, request);
        if (sb_socket_send_all(socket, &result, sizeof result) != 0)
            _exit(EXIT_LOST_POOL);
    }
}

static int start_worker(sb_process_pool *pool, unsigned w)
{
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        sb_set_error("cannot create a socket pair for worker %u: %s", w, strerror(errno));
        return -1;
    }
    pid_t pid = sb_child_fork();
    if (pid < 0) {
        sb_set_error("cannot fork worker %u: %s", w, strerror(errno));
        close(ends[0]);
        close(ends[1]);
        return -1;
    }
    if (pid == 0) {
        close(ends[0]);
        serve(pool, w, ends[1]);
    }
    close(ends[1]);
    pool->seats[w].pid = pid;
    pool->seats[w].socket = ends[0];
    return 0;
}

/* Closes the pool's end of every socket: an idle worker reads end-of-file
 * and exits 0. With `kill_them`, each worker also gets SIGKILL, for when its
 * work would be thrown away anyway. */
static void hang_up(sb_process_pool *pool, bool kill_them)
{
    for (unsigned w = 0; w < pool->workers; w++) {
        worker *seat = &pool->seats[w];
        if (seat->socket >= 0) {
            /* Unlike close(), shutdown() reaches the worker even when a
             * process forked meanwhile elsewhere in the program holds a copy
             * of this end. */
            shutdown(seat->socket, SHUT_RDWR);
            close(seat->socket);
            seat->socket = -1;
        }
        pool->busy[w].fd = -1;
        if (kill_them && seat->pid > 0)
            kill(seat->pid, SIGKILL);
    }
}

/* Waits for worker w to end; only this pool's own pids are waited for, never
 * any child. 0 when it exited with status 0; otherwise -1 with an error
 * saying how it ended, or why it could not be waited for. */
static int reap_worker(sb_process_pool *pool, unsigned w)
{
    pid_t pid = pool->seats[w].pid;
    pool->seats[w].pid = 0;
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            sb_set_error("cannot wait for worker %u (pid %d): %s", w, (int)pid, strerror(errno));
            return -1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    sb_worker_exit_error(pool->placement, w, pid, status);
    return -1;
}

/* Reaps every worker still there. -1 with the first failure's reason. */
static int reap_all(sb_process_pool *pool)
{
    char failure[256] = "";
    for (unsigned w = 0; w < pool->workers; w++)
        if (pool->seats[w].pid > 0 && reap_worker(pool, w) != 0 && !failure[0])
            snprintf(failure, sizeof failure, "%s", sb_last_error());
    pool->stopped = true;
    if (!failure[0])
        return 0;
    sb_set_error("%s", failure);
    return -1;
}

/* After a failure: kills and reaps every worker, keeping the failure's
 * reason as the error rather than the echoes of the killing. */
static void abandon(sb_process_pool *pool)
{
    char reason[512];
    snprintf(reason, sizeof reason, "%s", sb_last_error());
    hang_up(pool, true);
    reap_all(pool);
    sb_set_error("%s", reason);
}

static void free_pool(sb_process_pool *pool)
{
    free(pool->busy);
    free(pool->seats);
    free(pool);
}

sb_process_pool *sb_process_pool_create(unsigned workers, const sb_placement *placement,
                                        sb_process_pool_handler handler, void *context)
{
    if (workers == 0 || !placement || !handler) {
        sb_set_error("a process pool needs at least 1 worker, a placement and a handler");
        return NULL;
    }
    if (sb_placement_workers(placement) != workers) {
        sb_set_error("placement planned for %u workers, process pool has %u", sb_placement_workers(placement),
                     workers);
        return NULL;
    }
    sb_process_pool *pool = malloc(sizeof *pool);
    worker *seats = calloc(workers, sizeof *seats);
    struct pollfd *busy = calloc(workers, sizeof *busy);
    if (!pool || !seats || !busy) {
        free(pool);
        free(seats);
        free(busy);
        sb_set_error("out of memory");
        return NULL;
    }
    *pool = (sb_process_pool){
        .workers = workers, .placement = placement, .handler = handler, .context = context, .seats = seats, .busy = busy};
    for (unsigned w = 0; w < workers; w++) {
        pool->seats[w] = (worker){.pid = 0, .socket = -1};
        pool->busy[w] = (struct pollfd){.fd = -1, .events = POLLIN};
    }
    for (unsigned w = 0; w < workers; w++) {
        if (start_worker(pool, w) != 0) {
            abandon(pool);
            free_pool(pool);
            return NULL;
        }
    }
    return pool;
}

/* Worker w failed to take or answer its request, with `io_error` (0 when it
 * hung up). Names the request and how the worker ended, then stops the pool.
 * Always -1. */
static int lose_worker(sb_process_pool *pool, unsigned w, int io_error)
{
    pid_t pid = pool->seats[w].pid;
    if (io_error != 0 && io_error != EPIPE && io_error != ECONNRESET)
        sb_set_error("worker %u (pid %d) could not be reached: %s", w, (int)pid, strerror(io_error));
    else if (reap_worker(pool, w) == 0)
        sb_worker_exit_error(pool->placement, w, pid, 0); /* a clean exit, but in the middle of a request */
    char how[256];
    snprintf(how, sizeof how, "%s", sb_last_error());
    sb_set_error("request %zu got no reply: %s", pool->seats[w].request, how);
    abandon(pool);
    return -1;
}

int sb_process_pool_map(sb_process_pool *pool, const uint64_t *requests, uint64_t *results, size_t count)
{
    if (!pool || (count > 0 && !requests)) {
        sb_set_error("a process pool map needs a pool and its requests");
        return -1;
    }
    if (pool->stopped) {
        sb_set_error("the process pool has stopped after a failure");
        return -1;
    }
    size_t next = 0, answered = 0;
    while (answered < count) {
        for (unsigned w = 0; w < pool->workers && next < count; w++) {
            if (pool->busy[w].fd >= 0)
                continue;
            worker *seat = &pool->seats[w];
            seat->request = next;
            if (sb_socket_send_all(seat->socket, &requests[next], sizeof requests[next]) != 0)
                return lose_worker(pool, w, errno);
            pool->busy[w].fd = seat->socket;
            next++;
        }
        if (poll(pool->busy, pool->workers, -1) < 0) {
            if (errno == EINTR)
                continue;
            sb_set_error("cannot wait for the process pool's workers: %s", strerror(errno));
            abandon(pool);
            return -1;
        }
        for (unsigned w = 0; w < pool->workers; w++) {
            if (pool->busy[w].revents == 0)
                continue;
            worker *seat = &pool->seats[w];
            uint64_t result;
            int got = sb_socket_receive_all(seat->socket, &result, sizeof result);
            if (got != 0)
                return lose_worker(pool, w, got == SB_SOCKET_CLOSED ? 0 : errno);
            if (results)
                results[seat->request] = result;
            pool->busy[w].fd = -1;
            answered++;
        }
    }
    return 0;
}

int sb_process_pool_close(sb_process_pool *pool)
{
    if (!pool)
        return 0;
    int rc = 0;
    if (!pool->stopped) {
        hang_up(pool, false);
        rc = reap_all(pool);
    }
    free_pool(pool);
    return rc;
}
