#include "coro/hub.h"

#include "base/clock.h"
#include "coro/coro.h"
#include "coro/stack_pool.h"
#include "base/error.h"
#include "coro/hub_backend.h"
#include "base/task_hooks.h"
#include "base/timer_heap.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct hub_coroutine {
    sb_coro *coro;
    sb_coro_stack stack;
    sb_hub_fn fn;
    void *arg;
    sb_hub_watch watch;
    int wait_result;            /* of the last descriptor wait */
    struct hub_coroutine *next; /* in the run queue or the finished queue */
    struct hub_coroutine *prev_alive, *next_alive;
} hub_coroutine;

typedef struct queue {
    hub_coroutine *head, *tail;
} queue;

struct sb_hub {
    sb_hub_backend backend;
    const sb_hub_backend_ops *ops;
    void *poller;
    sb_coro_stack_pool *stacks;
    sb_coro *home;           /* the flow that created the hub and runs it */
    hub_coroutine *running;  /* resumed by the hub and not yet back */
    queue runnable;
    queue finished;          /* not yet reported by sb_hub_join_any */
    hub_coroutine *alive;    /* every unfinished coroutine, for destruction */
    sb_timer_heap timers;
    uint64_t watching;       /* parked on a descriptor */
    uint64_t parked;         /* on a timer or a descriptor */
    sb_task_hooks hooks;
    const sb_task_hooks *hooks_outside; /* the thread's, restored after a join */
    sb_hub_stats stats;
};

static const sb_hub_backend_ops *const backends[SB_HUB_BACKEND_COUNT] = {
    [SB_HUB_EPOLL] = &sb_hub_backend_epoll,
    [SB_HUB_IO_URING] = &sb_hub_backend_io_uring,
};

const char *sb_hub_backend_name(sb_hub_backend backend)
{
    switch (backend) {
    case SB_HUB_EPOLL: return "epoll";
    case SB_HUB_IO_URING: return "io_uring";
    case SB_HUB_BACKEND_COUNT: break;
    }
    return "unknown";
}

static pthread_once_t io_uring_probe = PTHREAD_ONCE_INIT;
static bool io_uring_allowed;
static char io_uring_refusal[128]; /* the kernel's reason, when it refused */

static void probe_io_uring(void)
{
    void *poller;
    io_uring_allowed = sb_hub_backend_io_uring.open(&poller) == 0;
    if (io_uring_allowed)
        sb_hub_backend_io_uring.close(poller);
    else
        snprintf(io_uring_refusal, sizeof io_uring_refusal, "%s", sb_last_error());
}

bool sb_hub_backend_available(sb_hub_backend backend)
{
    if (backend == SB_HUB_EPOLL)
        return true;
    if (backend != SB_HUB_IO_URING)
        return false;
    pthread_once(&io_uring_probe, probe_io_uring);
    return io_uring_allowed;
}

sb_hub_backend sb_hub_backend_default(void)
{
    return sb_hub_backend_available(SB_HUB_IO_URING) ? SB_HUB_IO_URING : SB_HUB_EPOLL;
}

static void push(queue *q, hub_coroutine *c)
{
    c->next = NULL;
    if (q->tail)
        q->tail->next = c;
    else
        q->head = c;
    q->tail = c;
}

static hub_coroutine *pop(queue *q)
{
    hub_coroutine *c = q->head;
    if (c) {
        q->head = c->next;
        if (!q->head)
            q->tail = NULL;
    }
    return c;
}

static void forget_finished(sb_hub *hub)
{
    for (hub_coroutine *c; (c = pop(&hub->finished));)
        free(c);
}

static void link_alive(sb_hub *hub, hub_coroutine *c)
{
    c->prev_alive = NULL;
    c->next_alive = hub->alive;
    if (hub->alive)
        hub->alive->prev_alive = c;
    hub->alive = c;
}

static void unlink_alive(sb_hub *hub, hub_coroutine *c)
{
    if (c->prev_alive)
        c->prev_alive->next_alive = c->next_alive;
    else
        hub->alive = c->next_alive;
    if (c->next_alive)
        c->next_alive->prev_alive = c->prev_alive;
}

/* The hub coroutine the caller is, or NULL when it is not one. */
static hub_coroutine *running_here(const sb_hub *hub)
{
    return hub->running && sb_coro_current() == hub->running->coro ? hub->running : NULL;
}

static hub_coroutine *require_running_here(const sb_hub *hub)
{
    hub_coroutine *c = running_here(hub);
    if (!c) {
        sb_set_error("only a coroutine of the hub can wait on it");
        errno = EPERM;
    }
    return c;
}

/* Gives control back to the hub until something wakes the caller. */
static void park(sb_hub *hub)
{
    if (++hub->parked > hub->stats.most_parked)
        hub->stats.most_parked = hub->parked;
    sb_coro_switch(hub->home, NULL);
}

static void unpark(sb_hub *hub, hub_coroutine *c)
{
    hub->parked--;
    push(&hub->runnable, c);
}

/* The hooks run in whichever flow calls a task hook while the hub runs: a
 * coroutine of the hub parks; anything else waits as it would without. */
static void sleep_hook(void *hub, uint64_t ns)
{
    if (!running_here(hub) || sb_hub_sleep_ns(hub, ns) != 0)
        sb_sleep_ns(ns);
}

static int wait_fd_hook(void *hub, int fd, short events)
{
    return running_here(hub) ? sb_hub_wait_fd(hub, fd, events) : sb_wait_fd(fd, events);
}

sb_hub *sb_hub_create(sb_hub_backend backend, size_t stack_size)
{
    if (!sb_hub_backend_available(backend)) {
        if (backend == SB_HUB_IO_URING)
            sb_set_error("%s", io_uring_refusal);
        else
            sb_set_error("there is no hub backend %d", (int)backend);
        return NULL;
    }
    sb_hub *hub = calloc(1, sizeof *hub);
    if (!hub) {
        sb_set_error("out of memory for a hub");
        return NULL;
    }
    hub->backend = backend;
    hub->ops = backends[backend];
    hub->home = sb_coro_current();
    hub->hooks = (sb_task_hooks){.sleep_ns = sleep_hook, .wait_fd = wait_fd_hook, .context = hub};
    hub->stacks = sb_coro_stack_pool_create(stack_size);
    if (!hub->stacks || hub->ops->open(&hub->poller) != 0) {
        sb_coro_stack_pool_destroy(hub->stacks);
        free(hub);
        return NULL;
    }
    return hub;
}

void sb_hub_destroy(sb_hub *hub)
{
    if (!hub)
        return;
    while (hub->alive) {
        hub_coroutine *c = hub->alive;
        unlink_alive(hub, c);
        sb_coro_destroy(c->coro);
        free(c);
    }
    forget_finished(hub);
    sb_timer_heap_clear(&hub->timers);
    /* Drops the kernel's side of any wait still registered. */
    hub->ops->close(hub->poller);
    sb_coro_stack_pool_destroy(hub->stacks);
    free(hub);
}

sb_hub_backend sb_hub_backend_of(const sb_hub *hub)
{
    return hub->backend;
}

static void *coroutine_body(void *value)
{
    hub_coroutine *c = value;
    c->fn(c->arg);
    return NULL;
}

int sb_hub_spawn(sb_hub *hub, sb_hub_fn fn, void *arg)
{
    if (!fn) {
        sb_set_error("a coroutine needs a function to run");
        return -1;
    }
    sb_coro *spawner = sb_coro_current();
    if (spawner != hub->home && !running_here(hub)) {
        sb_set_error("only the hub's flow and its coroutines can spawn on it");
        return -1;
    }
    hub_coroutine *c = calloc(1, sizeof *c);
    if (!c) {
        sb_set_error("out of memory for a coroutine");
        return -1;
    }
    if (sb_coro_stack_pool_take(hub->stacks, &c->stack) != 0) {
        free(c);
        return -1;
    }
    c->coro = sb_coro_create_on(coroutine_body, &c->stack);
    if (!c->coro) {
        sb_coro_stack_pool_give(hub->stacks, &c->stack);
        free(c);
        return -1;
    }
    /* A coroutine ends by returning to its parent: the hub's loop, in the
     * hub's flow, whoever spawned it. A new coroutine has no children, so
     * this makes no cycle. */
    if (spawner != hub->home)
        sb_coro_set_parent(c->coro, hub->home);
    c->fn = fn;
    c->arg = arg;
    link_alive(hub, c);
    push(&hub->runnable, c);
    hub->stats.spawned++;
    return 0;
}

static void retire(sb_hub *hub, hub_coroutine *c)
{
    unlink_alive(hub, c);
    sb_coro_destroy(c->coro);
    sb_coro_stack_pool_give(hub->stacks, &c->stack);
    push(&hub->finished, c);
    hub->stats.finished++;
}

static void resume(sb_hub *hub, hub_coroutine *c)
{
    hub->running = c;
    sb_coro_switch(c->coro, c);
    hub->running = NULL;
    if (sb_coro_finished(c->coro))
        retire(hub, c);
}

static void descriptor_ready(void *context, sb_hub_watch *watch, int result)
{
    sb_hub *hub = context;
    hub_coroutine *c = (hub_coroutine *)((char *)watch - offsetof(hub_coroutine, watch));
    c->wait_result = result;
    hub->watching--;
    unpark(hub, c);
}

/* Makes runnable every coroutine whose timer is due or whose descriptor is
 * ready; with none runnable, blocks first until one is. */
static int wake(sb_hub *hub)
{
    uint64_t now = sb_clock_ns();
    for (hub_coroutine *c; (c = sb_timer_heap_take_due(&hub->timers, now));)
        unpark(hub, c);
    bool idle = !hub->runnable.head;
    if (!idle && hub->watching == 0)
        return 0;
    if (idle && hub->watching == 0 && hub->timers.count == 0) {
        sb_set_error("coroutines of the hub are suspended with nothing to wake them");
        return -1;
    }
    if (idle)
        hub->stats.kernel_waits++;
    return hub->ops->poll(hub->poller, idle ? sb_timer_heap_earliest(&hub->timers) : 0, descriptor_ready, hub);
}

/* One turn of the loop: the first runnable coroutine runs, or the hub wakes
 * more. */
static int step(sb_hub *hub)
{
    hub_coroutine *c = pop(&hub->runnable);
    if (!c)
        return wake(hub);
    resume(hub, c);
    return 0;
}

static int begin_run(sb_hub *hub)
{
    if (sb_coro_current() != hub->home) {
        sb_set_error("only the flow that created a hub can run it");
        return -1;
    }
    hub->hooks_outside = sb_task_hooks_install(&hub->hooks);
    return 0;
}

static void end_run(sb_hub *hub)
{
    sb_task_hooks_install(hub->hooks_outside);
}

int sb_hub_join_all(sb_hub *hub)
{
    if (begin_run(hub) != 0)
        return -1;
    int rc = 0;
    while (rc == 0 && hub->alive)
        rc = step(hub);
    forget_finished(hub);
    end_run(hub);
    return rc;
}

int sb_hub_join_any(sb_hub *hub, void **arg)
{
    if (begin_run(hub) != 0)
        return -1;
    int rc = 0;
    while (rc == 0 && !hub->finished.head) {
        if (!hub->alive) {
            sb_set_error("no coroutine of the hub is left to wait for");
            rc = -1;
        } else {
            rc = step(hub);
        }
    }
    if (rc == 0) {
        hub_coroutine *c = pop(&hub->finished);
        *arg = c->arg;
        free(c);
    }
    end_run(hub);
    return rc;
}

int sb_hub_sleep_until_ns(sb_hub *hub, uint64_t deadline_ns)
{
    hub_coroutine *c = require_running_here(hub);
    if (!c || sb_timer_heap_add(&hub->timers, deadline_ns, c) != 0)
        return -1;
    hub->stats.sleeps++;
    park(hub);
    return 0;
}

int sb_hub_sleep_ns(sb_hub *hub, uint64_t ns)
{
    return sb_hub_sleep_until_ns(hub, sb_clock_deadline_ns(ns));
}

int sb_hub_wait_fd(sb_hub *hub, int fd, short events)
{
    hub_coroutine *c = require_running_here(hub);
    if (!c)
        return -1;
    c->watch = (sb_hub_watch){.fd = fd, .events = events};
    if (hub->ops->watch(hub->poller, &c->watch) != 0)
        return -1;
    hub->watching++;
    hub->stats.fd_waits++;
    park(hub);
    if (c->wait_result < 0) {
        sb_set_error("cannot wait on descriptor %d: %s", fd, strerror(-c->wait_result));
        errno = -c->wait_result;
        return -1;
    }
    return c->wait_result;
}

sb_hub_stats sb_hub_get_stats(const sb_hub *hub)
{
    return hub->stats;
}
