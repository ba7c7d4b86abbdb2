/*
 * hub: an event loop on one thread that runs coroutines and parks each one
 * on a timer or a descriptor while it waits, as gevent's hub does with
 * greenlets. One thread so keeps any number of waits going at once.
 *
 *   sb_hub_spawn       gevent.spawn(fn, arg)
 *   sb_hub_join_all    gevent.joinall(): runs the hub until all have finished
 *   sb_hub_join_any    gevent.wait(count=1): until one more has finished
 *   sb_hub_sleep_ns    gevent.sleep(), in a coroutine
 *   sb_hub_wait_fd     gevent's wait_read / wait_write, in a coroutine
 *
 * The hub resumes runnable coroutines one at a time, in the order they
 * became runnable; a coroutine runs until it waits or returns (nothing
 * preempts it, as nothing preempts a greenlet). When none is runnable, the
 * hub wakes those whose timers are due and whose descriptors are ready,
 * blocking in the kernel, once for all of them, until the earliest deadline
 * or any readiness. Timers fire in deadline order, equal deadlines in the
 * order they were set, and coroutines they wake run in that order.
 *
 * While the hub runs, the thread's task hooks (base/task_hooks.h) are the hub's:
 * sb_task_sleep_ns and sb_task_wait_fd park the coroutine that calls them
 * instead of blocking the thread, as gevent's monkey.patch_all() makes
 * time.sleep cooperative, so the suite's workloads run on a hub unchanged.
 * Checkpoints do nothing.
 *
 * A hub belongs to the flow of control that created it (a thread, or one of
 * its coroutines): only that flow runs and destroys it; it and the hub's
 * coroutines may spawn.
 *
 * Memory: a coroutine of the hub is one stack of the hub's size and nothing
 * else; the hub's record of it and the coroutine's own state (coro/coro.h)
 * sit at the top of that stack, and a sleep links it into the timers
 * through that record. Stacks come from the thread's pool
 * (coro/stack_pool.h), which keeps them when the hub is destroyed, so the
 * next hub on the thread reuses them, pages and all, as a runtime reuses
 * its stacks: a steady round of spawns faults no memory in. A coroutine
 * that sleeps and little else needs well under 1 KiB (about a third of it,
 * on x86-64), the size the waiters family gives its million; one that calls
 * into stdio or formats text needs several KiB; the sanitizers' frames take
 * more.
 *
 * Overruns: pooled stacks have no guard page each. The hub checks, each
 * time before it resumes a coroutine, a guard word at the very top of its
 * stack (what an overrun of the stack above writes first), and, when a
 * coroutine ends, the tail at the bottom of its own stack (coro/stack.h);
 * a coroutine found to have run past its stack stops the process with that
 * reason, since the memory it wrote over can no longer be trusted.
 *
 * Signals: a signal handler runs on the stack of whatever is running, and
 * a signal frame alone can outgrow a small stack; the hub gives its thread
 * an alternate signal stack while it exists, for handlers installed with
 * SA_ONSTACK. Lazy binding, likewise, resolves a function at its first call
 * on the caller's stack, kilobytes deep: a program whose coroutines run on
 * small stacks is linked with -z now.
 */
#ifndef SLICEBENCH_CORO_HUB_H
#define SLICEBENCH_CORO_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sb_hub_backend {
    SB_HUB_EPOLL,    /* epoll, and one timerfd armed for the earliest deadline */
    SB_HUB_IO_URING, /* io_uring: descriptor waits queue as poll requests and
                        go to the kernel with the blocking wait itself */
    SB_HUB_BACKEND_COUNT,
} sb_hub_backend;

const char *sb_hub_backend_name(sb_hub_backend backend);

/* Whether the kernel lets this process use `backend`. io_uring is tried once
 * per process, by setting up a ring: a kernel may lack it (ENOSYS) or refuse
 * it (EPERM: kernel.io_uring_disabled, a seccomp filter). */
bool sb_hub_backend_available(sb_hub_backend backend);

/* io_uring where it is available, epoll otherwise. */
sb_hub_backend sb_hub_backend_default(void);

typedef struct sb_hub sb_hub;

/* A hub that waits with `backend` and gives each coroutine a stack of
 * `stack_size` bytes, rounded up to whole pages. NULL, with sb_last_error(),
 * when the backend is unavailable, the size is 0 or memory runs out. */
sb_hub *sb_hub_create(sb_hub_backend backend, size_t stack_size);

/* Destroys the hub with every coroutine of it that has not finished,
 * without resuming them. From the hub's flow, not while it runs. NULL is a
 * no-op. */
void sb_hub_destroy(sb_hub *hub);

sb_hub_backend sb_hub_backend_of(const sb_hub *hub);

typedef void (*sb_hub_fn)(void *arg);

/* A coroutine that runs fn(arg), runnable at once: it starts the next time
 * the hub runs. 0, or -1 with sb_last_error() when fn is NULL, the caller is
 * neither the hub's flow nor one of its coroutines, or memory runs out. */
int sb_hub_spawn(sb_hub *hub, sb_hub_fn fn, void *arg);

/* Runs the hub until every coroutine of it has finished. 0, or -1 with
 * sb_last_error() when called from elsewhere than the hub's flow, when the
 * kernel wait fails, or when coroutines remain that nothing will wake (ones
 * switched away from by hand). Finished coroutines that sb_hub_join_any has
 * not reported are forgotten. */
int sb_hub_join_all(sb_hub *hub);

/* Runs the hub until a coroutine finishes, and stores in *arg the argument
 * it was spawned with; coroutines that finished during earlier joins are
 * reported first, in the order they finished. -1, with sb_last_error(), as
 * sb_hub_join_all, or when no coroutine is left to wait for. */
int sb_hub_join_any(sb_hub *hub, void **arg);

/* From one of the hub's coroutines: parks it for `ns` nanoseconds; 0 lets
 * every other runnable coroutine run first (gevent.sleep(0)). 0, or -1 with
 * sb_last_error() when called from elsewhere or out of memory. */
int sb_hub_sleep_ns(sb_hub *hub, uint64_t ns);

/* The same until sb_clock_ns() reaches `deadline_ns`. */
int sb_hub_sleep_until_ns(sb_hub *hub, uint64_t deadline_ns);

/* From one of the hub's coroutines: parks it until `fd` is ready for
 * `events` (poll's POLLIN, POLLOUT, ...) and returns the ready ones (poll's
 * revents, POLLERR and POLLHUP included). -1, with errno and sb_last_error(),
 * when called from elsewhere or when the kernel refuses the wait; epoll
 * refuses a descriptor another coroutine already waits on (EEXIST). The
 * descriptor must stay open while a coroutine waits on it. */
int sb_hub_wait_fd(sb_hub *hub, int fd, short events);

typedef struct sb_hub_stats {
    uint64_t spawned;
    uint64_t finished;
    uint64_t sleeps;       /* parkings on a timer */
    uint64_t fd_waits;     /* parkings on a descriptor */
    uint64_t most_parked;  /* the most coroutines parked at once */
    uint64_t kernel_waits; /* times the hub, with nothing runnable, waited
                              in the kernel: the thread's blocking waits */
} sb_hub_stats;

sb_hub_stats sb_hub_get_stats(const sb_hub *hub);

#endif
