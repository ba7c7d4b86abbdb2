/*
 * The notes' crawler on a thread pool: three threads fetch a list of URLs,
 * and a done-callback on each future prints what came back.
 *
 *     def func(url):
 *         return requests.get(url)
 *     def f1(future):
 *         response = future.result()
 *         print(response.status_code)
 *     tp = ThreadPoolExecutor(3)
 *     for url in url_dict:
 *         future = tp.submit(func, url["url"])
 *         future.add_done_callback(url["call"])
 *
 * The sites are the embedded latency server on 127.0.0.1, which answers
 * each GET after a set delay; the last part of each path names a site of the
 * notes and comes back as the page. Four pages on three threads take two
 * rounds of the delay, not four: a thread waiting for an answer needs no
 * core. A callback runs on the worker that finished the fetch, so lines
 * print as the answers land, in any order.
 *
 * Optional argument: the delay in milliseconds (default 500).
 */
#include "base/clock.h"
#include "base/error.h"
#include "workloads/http_get.h"
#include "workloads/latency_server.h"
#include "base/placement.h"
#include "python/thread_pool.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

enum { THREADS = 3 };

typedef struct page {
    char url[128];
    sb_http_response response;
    char error[512];
} page;

static atomic_uint failures;

/* func: the fetch, on a pool thread. The future's result is the page, or
 * NULL when the GET failed. */
static void *func(void *arg)
{
    page *p = arg;
    if (sb_http_get(p->url, &p->response) == 0)
        return p;
    snprintf(p->error, sizeof p->error, "%s", sb_last_error());
    return NULL;
}

/* f1, f2, f3: the done-callback. */
static void print_status(sb_future *future, void *arg)
{
    const page *p = arg;
    void *result;
    if (sb_future_result(future, 0, &result) == 0 && result) {
        printf("%s %d %s\n", p->url, p->response.status, p->response.body);
    } else {
        fprintf(stderr, "crawler_pool: %s\n", p->error);
        atomic_fetch_add(&failures, 1);
    }
}

static int crawl(page *pages, size_t count, const sb_topology *topology)
{
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, THREADS);
    sb_thread_pool *tp = placement ? sb_thread_pool_create(THREADS, placement) : NULL;
    sb_placement_free(placement);
    if (!tp)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++) {
        sb_future *future = sb_thread_pool_submit(tp, func, &pages[i]);
        if (!future || sb_future_add_done_callback(future, print_status, &pages[i]) != 0)
            rc = -1;
        sb_future_release(future);
    }
    /* Waits for every fetch and its callback. */
    sb_thread_pool_destroy(tp);
    return rc;
}

static int parse_delay_ms(const char *text, unsigned long *delay_ms)
{
    char *end;
    errno = 0;
    *delay_ms = strtoul(text, &end, 10);
    bool whole = end != text && *end == '\0' && text[0] != '-' && errno == 0;
    return whole && *delay_ms <= SB_LATENCY_SERVER_MAX_DELAY_US / 1000 ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const char *const sites[] = {"www.doublenactive.cn", "www.baidu.com", "www.sina.com", "www.yuzu-soft.com"};
    enum { SITES = sizeof sites / sizeof sites[0] };
    unsigned long delay_ms = 500;
    if (argc > 2 || (argc == 2 && parse_delay_ms(argv[1], &delay_ms) != 0)) {
        fprintf(stderr, "usage: crawler_pool [delay in milliseconds, 0 to %d]\n",
                SB_LATENCY_SERVER_MAX_DELAY_US / 1000);
        return 2;
    }

    sb_topology *topology = sb_topology_open();
    sb_latency_server *server = topology ? sb_latency_server_start() : NULL;
    if (!server) {
        fprintf(stderr, "crawler_pool: %s\n", sb_last_error());
        sb_topology_close(topology);
        return 1;
    }
    static page pages[SITES];
    for (size_t i = 0; i < SITES; i++)
        snprintf(pages[i].url, sizeof pages[i].url, "http://127.0.0.1:%u/delay/%luus/%s",
                 sb_latency_server_port(server), delay_ms * 1000, sites[i]);

    uint64_t start = sb_clock_ns();
    int rc = crawl(pages, SITES, topology);
    double seconds = (double)(sb_clock_ns() - start) / 1e9;
    if (rc != 0)
        fprintf(stderr, "crawler_pool: %s\n", sb_last_error());
    else
        fprintf(stderr, "%d pages in %.2f s on %d threads; one after another they take %.2f s\n", SITES, seconds,
                THREADS, SITES * delay_ms / 1000.0);
    sb_latency_server_stop(server);
    sb_topology_close(topology);
    return rc != 0 || atomic_load(&failures) > 0 ? 1 : 0;
}
