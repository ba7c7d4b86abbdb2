/*
 * task_hooks: the points where a running task lets its execution model step
 * in, as CPython's eval loop and gevent's monkey-patching do:
 *
 *   sb_task_checkpoint()   between slices of computation: a GIL can be
 *                          handed to a waiting thread here
 *   sb_task_sleep_ns()     a timed wait: a GIL is released around it, a
 *                          coroutine hub parks the task and runs others
 *   sb_task_wait_fd()      waiting for a descriptor to become ready: same
 *   sb_task_blocking_call() a system call that blocks with no descriptor to
 *                          wait on (reading a regular file): a GIL is
 *                          released around it, as CPython releases it around
 *                          read(); a hub has nothing to park the task on
 *                          (epoll refuses regular files), so the call blocks
 *                          its thread, as a file read blocks gevent's hub
 *
 * Workloads call these instead of blocking directly. A model installs hooks
 * on the threads it runs tasks on; with none installed (the default) they
 * cost a thread-local load and then sleep or poll as usual.
 */
#ifndef SLICEBENCH_BASE_TASK_HOOKS_H
#define SLICEBENCH_BASE_TASK_HOOKS_H

#include <stdint.h>

typedef struct sb_task_hooks {
    void (*checkpoint)(void *context);
    void (*sleep_ns)(void *context, uint64_t ns);
    /* Returns the ready events (poll's revents), or -1 with errno. */
    int (*wait_fd)(void *context, int fd, short events);
    /* Runs call(arg) on the calling thread. */
    void (*blocking_call)(void *context, void (*call)(void *arg), void *arg);
    void *context;
} sb_task_hooks;

/* Installs `hooks` for the calling thread (NULL removes them) and returns the
 * ones it replaces. `hooks` must outlive its installation. */
const sb_task_hooks *sb_task_hooks_install(const sb_task_hooks *hooks);

void sb_task_checkpoint(void);
void sb_task_sleep_ns(uint64_t ns);
int sb_task_wait_fd(int fd, short events);
void sb_task_blocking_call(void (*call)(void *arg), void *arg);

/* The wait sb_task_wait_fd() makes with no hooks installed (sb_sleep_ns() in
 * base/clock.h is the sleep's), for hooks that wrap a wait rather than replace it. */
int sb_wait_fd(int fd, short events);

/* How many steps of a CPU kernel make one slice between checkpoints, which
 * sets how soon a GIL holder answers a request to drop it. CPython's eval
 * loop looks at the request every few bytecodes, but answers through its
 * pending-work handler and drop_gil(), so later than a bare flag test would;
 * whether the asker is back asleep by then decides who takes the GIL, so the
 * slice is as long as makes the model's asker win its own handover as often
 * as CPython's, traced side by side (docs/families/convoy.md, "What differs
 * is timing"). Counted in steps, not time, so that it scales with the
 * processor as the interpreter's code does. */
enum { SB_TASK_CHECKPOINT_STEPS = 1024 };

#endif
