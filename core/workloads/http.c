/* http: an IO-bound task that fetches a page from the embedded latency
 * server, as the notes' crawler does with requests.get(url): it connects,
 * sends GET /delay/<size>us/<task>, waits for the answer through the task
 * hooks and checks it. `size` is the server's delay in microseconds; the
 * connection adds its own cost, some tens of microseconds on loopback.
 *
 * The server belongs to the process that opens the workload and lives until
 * the last close, so one server answers every task of a run: those on its
 * threads, and those in children it forks, which find it by the port they
 * inherit (a child never starts one: the thread would die with the child). */
#include "workloads/workload.h"

#include "base/error.h"
#include "workloads/http_get.h"
#include "workloads/latency_server.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t server_lock = PTHREAD_MUTEX_INITIALIZER;
static sb_latency_server *server; /* guarded by server_lock, as is opens */
static unsigned opens;
/* Read by tasks without the lock; 0 while no server runs. */
static _Atomic uint16_t server_port;

static int http_open(uint64_t size)
{
    (void)size; /* every delay is asked for in the request */
    pthread_mutex_lock(&server_lock);
    if (opens == 0) {
        server = sb_latency_server_start();
        if (server)
            atomic_store(&server_port, sb_latency_server_port(server));
    }
    int rc = server ? 0 : -1;
    if (server)
        opens++;
    pthread_mutex_unlock(&server_lock);
    return rc;
}

static void http_close(void)
{
    pthread_mutex_lock(&server_lock);
    if (opens > 0 && --opens == 0) {
        atomic_store(&server_port, 0);
        sb_latency_server_stop(server);
        server = NULL;
    }
    pthread_mutex_unlock(&server_lock);
}

/* The answer must be 200, for the delay asked, with the task's own tag: a
 * wrong or crossed answer fails the task. What it returns is read from the
 * answer: task ^ size when the server got both right. */
static uint64_t http_run(uint64_t size, uint64_t task)
{
    uint16_t port = atomic_load(&server_port);
    if (port == 0) {
        sb_workload_fail("no latency server runs: the http workload is not open");
        return 0;
    }
    char url[96];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/delay/%" PRIu64 "us/%" PRIu64, port, size, task);
    sb_http_response response;
    if (sb_http_get(url, &response) != 0) {
        sb_workload_fail("%s", sb_last_error());
        return 0;
    }
    uint64_t delay_us = 0;
    char *end;
    uint64_t tag = strtoull(response.body, &end, 10);
    if (response.status != 200 || sb_http_header_u64(&response, "X-Delay-Us", &delay_us) != 0 || delay_us != size ||
        end == response.body || *end != '\0' || tag != task) {
        sb_workload_fail("GET %s: answered %d, delay %" PRIu64 "us, body '%s'", url, response.status, delay_us,
                         response.body);
        return 0;
    }
    return tag ^ delay_us;
}

static uint64_t http_size_for_ns(uint64_t ns)
{
    return ns / 1000;
}

const sb_workload sb_workload_http = {
    .name = "http",
    .description = "GET from the embedded loopback server, answered after the task duration",
    .kind = SB_WORKLOAD_IO,
    .only_waits = true,
    .descriptors_per_task = 2, /* its socket, and the server's end of the connection */
    .run = http_run,
    .size_for_ns = http_size_for_ns,
    .open = http_open,
    .close = http_close,
};
