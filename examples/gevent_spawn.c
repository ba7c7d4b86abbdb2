/*
 * The notes' gevent snippet: three downloads started at once on one thread,
 * and waited for together.
 *
 *     from gevent import monkey; monkey.patch_all()
 *     def f(url):
 *         response = requests.get(url)
 *         print(response.url, response.status_code)
 *     gevent.joinall([gevent.spawn(f, 'https://www.baidu.com/'),
 *                     gevent.spawn(f, 'https://www.sina.com/'),
 *                     gevent.spawn(f, 'https://github.com/')])
 *
 * There is no network here, so each GET is a wait of a set latency. get()
 * knows nothing of the hub: it sleeps through sb_task_sleep_ns, as requests
 * blocks on its socket, and the hub's task hooks do what monkey.patch_all
 * does, parking it so the others run. The three waits overlap: all three
 * finish in about the longest one, not in their sum, and each line prints as
 * its reply lands.
 */
#include "base/clock.h"
#include "coro/coro.h"
#include "base/error.h"
#include "coro/hub.h"
#include "base/task_hooks.h"

#include <stdint.h>
#include <stdio.h>

enum { MS = 1000000 };

typedef struct request {
    const char *url;
    uint64_t latency_ns; /* the network's part of the GET */
} request;

static int get(const request *r)
{
    sb_task_sleep_ns(r->latency_ns);
    return 200;
}

static void f(void *arg)
{
    const request *r = arg;
    int status_code = get(r);
    printf("%s %d\n", r->url, status_code);
}

int main(void)
{
    static const request requests[] = {
        {"https://www.baidu.com/", 30 * MS},
        {"https://www.sina.com/", 10 * MS},
        {"https://github.com/", 20 * MS},
    };
    enum { COUNT = sizeof requests / sizeof requests[0] };
    sb_hub *hub = sb_hub_create(sb_hub_backend_default(), SB_CORO_STACK_DEFAULT);
    if (!hub) {
        fprintf(stderr, "gevent_spawn: %s\n", sb_last_error());
        return 1;
    }
    uint64_t start = sb_clock_ns();
    for (size_t i = 0; i < COUNT; i++)
        if (sb_hub_spawn(hub, f, (void *)&requests[i]) != 0) {
            fprintf(stderr, "gevent_spawn: %s\n", sb_last_error());
            sb_hub_destroy(hub);
            return 1;
        }
    if (sb_hub_join_all(hub) != 0) {
        fprintf(stderr, "gevent_spawn: %s\n", sb_last_error());
        sb_hub_destroy(hub);
        return 1;
    }
    printf("all %d done in %.0f ms on one thread (%s hub)\n", COUNT, (double)(sb_clock_ns() - start) / MS,
           sb_hub_backend_name(sb_hub_backend_of(hub)));
    sb_hub_destroy(hub);
    return 0;
}
