#include "coro/hub.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/task_hooks.h"
#include "coro/coro.h"
#include "coro/hub_backend.h"
#include "coro/hub_timers.h"
#include "coro/stack_pool.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A coroutine of the hub. It lives at the top of the coroutine's own stack,
 * above the coroutine's state (coro/coro.h), so that one pooled stack is all
 * the memory a coroutine takes, and the pool's list of stacks given back is
 * the free list of coroutines. */
typedef struct hub_coroutine {
    sb_coro *coro;
    sb_coro_stack stack; /* the whole of it, this record at its top */
    sb_hub_fn fn;
    void *arg;
    sb_hub_timer timer;         /* of its sleep, while it sleeps */
    sb_hub_watch watch;
    int wait_result;            /* of the last descriptor wait */
    struct hub_coroutine *next; /* in the run queue or the finished queue */
    struct hub_coroutine *prev_alive, *next_alive;
    /* Last, so at the very top of the stack, just below the end of the
     * stack above: a coroutine that ran past the end of that one writes
     * here first, if its frames leapt over its own stack's tail. */
    uint64_t guard;
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
    bool reporting;          /* in sb_hub_join_any, which reports finished ones */
    hub_coroutine *alive;    /* every unfinished coroutine, for destruction */
    sb_hub_timers timers;
    uint64_t watching;       /* parked on a descriptor */
    uint64_t parked;         /* on a timer or a descriptor */
    sb_task_hooks hooks;
    const sb_task_hooks *hooks_outside; /* the thread's, restored after a join */
    sb_hub_stats stats;
    void *signal_stack; /* the thread's alternate signal stack, if the hub gave it one */
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

/* A coroutine that ran past the end of its stack may have written over the
 * coroutine below it in the pool: nothing of the process can be trusted,
 * so it stops here rather than run on corrupt. */
_Noreturn static void overran(const sb_hub *hub)
{
    fprintf(stderr,
            "slicebench: a coroutine of the hub ran past the end of its %zu-byte stack, into the memory "
            "below it; stopping. Give the hub larger stacks (sb_hub_create's stack_size).\n",
            sb_coro_stack_pool_stack_size(hub->stacks));
    abort();
}

/* Gives a coroutine's stack, and so the record on it, back to the pool,
 * its tail checked (coro/stack.h): intact, it needs no marking when reused. */
static void release(sb_hub *hub, hub_coroutine *c)
{
    sb_coro_stack stack = c->stack;
    if (!sb_coro_stack_tail_intact(&stack))
        overran(hub);
    sb_coro_stack_pool_give(hub->stacks, &stack);
}

static void forget_finished(sb_hub *hub)
{
    for (hub_coroutine *c; (c = pop(&hub->finished));)
        release(hub, c);
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

/* A signal handler runs on the stack of whatever runs when the signal
 * arrives, and a signal frame alone can outgrow a small coroutine stack:
 * handlers that ask for it (SA_ONSTACK) run on an alternate stack instead,
 * which the hub gives its thread if it has none. 0, or -1 with
 * sb_last_error(). */
static int give_thread_a_signal_stack(sb_hub *hub)
{
    stack_t current;
    if (sigaltstack(NULL, &current) != 0) {
        sb_set_error("cannot read the thread's alternate signal stack: %s", strerror(errno));
        return -1;
    }
    if (!(current.ss_flags & SS_DISABLE))
        return 0;
    size_t size = (size_t)sysconf(_SC_SIGSTKSZ);
    stack_t given = {.ss_sp = malloc(size), .ss_size = size};
    if (!given.ss_sp || sigaltstack(&given, NULL) != 0) {
        sb_set_error("cannot give the hub's thread an alternate signal stack: %s",
                     given.ss_sp ? strerror(errno) : "out of memory");
        free(given.ss_sp);
        return -1;
    }
    hub->signal_stack = given.ss_sp;
    return 0;
}

static void take_back_signal_stack(sb_hub *hub)
{
    if (!hub->signal_stack)
        return;
    stack_t none = {.ss_flags = SS_DISABLE};
    sigaltstack(&none, NULL);
    free(hub->signal_stack);
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
    /* The thread's: stacks, and the coroutines on them, outlive the hub. */
    hub->stacks = sb_coro_stack_pool_of_thread(stack_size);
    if (!hub->stacks || give_thread_a_signal_stack(hub) != 0)
        goto failed;
    if (hub->ops->open(&hub->poller) != 0) {
        take_back_signal_stack(hub);
        goto failed;
    }
    return hub;
failed:
    free(hub);
    return NULL;
}

void sb_hub_destroy(sb_hub *hub)
{
    if (!hub)
        return;
    while (hub->alive) {
        hub_coroutine *c = hub->alive;
        unlink_alive(hub, c);
        sb_coro_destroy(c->coro);
        release(hub, c);
    }
    forget_finished(hub);
    sb_hub_timers_clear(&hub->timers);
    /* Drops the kernel's side of any wait still registered. */
    hub->ops->close(hub->poller);
    take_back_signal_stack(hub);
    free(hub);
}

sb_hub_backend sb_hub_backend_of(const sb_hub *hub)
{
    return hub->backend;
}

/* What a record's guard holds: its own address mixed in, so that an old
 * record's guard left on a reused stack does not pass for a new one's. */
static uint64_t guard_of(const hub_coroutine *c)
{
    return 0x5b7a11ed0ddc0ffeu ^ (uint64_t)(uintptr_t)c;
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
    sb_coro_stack stack;
    /* The pool marks a fresh stack's tail; one given back kept its mark. */
    if (sb_coro_stack_pool_take(hub->stacks, &stack) < 0)
        return -1;
    sb_coro_stack below = stack;
    hub_coroutine *c = sb_coro_stack_take_top(&below, sizeof *c, SB_CORO_STACK_TAIL);
    if (!c) {
        sb_set_error("a %zu-byte stack is too small for a coroutine of the hub", stack.size);
        sb_coro_stack_pool_give(hub->stacks, &stack);
        return -1;
    }
    *c = (hub_coroutine){.coro = sb_coro_create_on(coroutine_body, &below), .stack = stack, .guard = guard_of(c)};
    if (!c->coro) {
        sb_coro_stack_pool_give(hub->stacks, &stack);
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

/* A finished coroutine's stack goes back at once, unless sb_hub_join_any
 * is to report it: the record it reports is on that stack. */
static void retire(sb_hub *hub, hub_coroutine *c)
{
    unlink_alive(hub, c);
    sb_coro_destroy(c->coro);
    hub->stats.finished++;
    if (hub->reporting)
        push(&hub->finished, c);
    else
        release(hub, c);
}


static void resume(sb_hub *hub, hub_coroutine *c)
{
    if (c->guard != guard_of(c))
        overran(hub);
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
    for (sb_hub_timer *t; (t = sb_hub_timers_take_due(&hub->timers, now));)
        unpark(hub, (hub_coroutine *)((char *)t - offsetof(hub_coroutine, timer)));
    bool idle = !hub->runnable.head;
    if (!idle && hub->watching == 0)
        return 0;
    if (idle && hub->watching == 0 && hub->timers.count == 0) {
        sb_set_error("coroutines of the hub are suspended with nothing to wake them");
        return -1;
    }
    if (idle)
        hub->stats.kernel_waits++;
    return hub->ops->poll(hub->poller, idle ? sb_hub_timers_earliest(&hub->timers) : 0, descriptor_ready, hub);
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
    forget_finished(hub);
    int rc = 0;
    while (rc == 0 && hub->alive)
        rc = step(hub);
    end_run(hub);
    return rc;
}

int sb_hub_join_any(sb_hub *hub, void **arg)
{
    if (begin_run(hub) != 0)
        return -1;
    hub->reporting = true;
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
        release(hub, c);
    }
    hub->reporting = false;
    end_run(hub);
    return rc;
}

/* Parks the calling coroutine until `deadline_ns`, `length_ns` from now
 * (SB_HUB_TIMER_NO_LENGTH: only the deadline). */
static int sleep_until(sb_hub *hub, uint64_t deadline_ns, uint64_t length_ns)
{
    hub_coroutine *c = require_running_here(hub);
    if (!c || sb_hub_timers_add(&hub->timers, &c->timer, deadline_ns, length_ns) != 0)
        return -1;
    hub->stats.sleeps++;
    park(hub);
    return 0;
}

int sb_hub_sleep_until_ns(sb_hub *hub, uint64_t deadline_ns)
{
    return sleep_until(hub, deadline_ns, SB_HUB_TIMER_NO_LENGTH);
}

int sb_hub_sleep_ns(sb_hub *hub, uint64_t ns)
{
    return sleep_until(hub, sb_clock_deadline_ns(ns), ns);
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
