/*
 * coro: stackful coroutines with greenlet's semantics, so one thread can keep
 * many flows of control going and pass control between them explicitly.
 *
 *   - A coroutine runs fn(value) on its own stack, started by the first switch
 *     into it with that switch's value.
 *   - sb_coro_switch(to, value) suspends the current coroutine and resumes
 *     `to`; when someone switches back, it returns the value they pass.
 *   - When fn returns, its result goes to the parent (the coroutine that
 *     created it, unless changed), which resumes; finished ones are skipped.
 *   - The thread's own flow is its main coroutine: the root of every parent
 *     chain, which never finishes.
 *
 * A coroutine belongs to the thread that created it: only that thread may
 * switch to it or destroy it, and a thread must destroy its coroutines before
 * it ends. Each thread switches with one backend, which it may change only
 * while it has no coroutines.
 */
#ifndef SLICEBENCH_CORO_CORO_H
#define SLICEBENCH_CORO_CORO_H

#include "coro/stack.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sb_coro sb_coro;

/* A coroutine's body: receives the value of the first switch into it; its
 * result goes to its parent. */
typedef void *(*sb_coro_fn)(void *value);

/* Roomy enough for libc calls and a few kilobytes of locals; only the pages
 * a coroutine touches take memory. */
enum { SB_CORO_STACK_DEFAULT = 64 * 1024 };

/* A new coroutine whose parent is the current one; it starts at the first
 * switch into it. `stack_size` is rounded up to whole pages. A coroutine
 * keeps its own state at the top of its stack: under a hundred bytes with
 * the asm backend, a kilobyte more with ucontext. NULL, with sb_last_error(),
 * when fn is NULL, stack_size is 0 or too small, or memory runs out. */
sb_coro *sb_coro_create(sb_coro_fn fn, size_t stack_size);

/* The same on a stack the caller provides (from a sb_coro_stack_pool, say),
 * which holds the coroutine's state too, so nothing is allocated: the stack
 * must outlive the coroutine, and sb_coro_destroy leaves it to the caller.
 * NULL, with sb_last_error(), when fn is NULL or the stack too small. */
sb_coro *sb_coro_create_on(sb_coro_fn fn, const sb_coro_stack *stack);

/* Ends `coro`, and unmaps its stack unless the caller provided it; if it is
 * suspended in fn, fn never resumes and nothing on its stack is cleaned up.
 * -1, with sb_last_error(), for the current coroutine, a main one, another
 * thread's, or one that is still a parent. NULL is a no-op. */
int sb_coro_destroy(sb_coro *coro);

/* Suspends the current coroutine and runs `to` with `value` (switching to the
 * current coroutine just hands `value` back). Returns, once some coroutine
 * switches back, the value it passes.
 *
 * When `to` has finished or belongs to another thread, switches nothing and
 * returns NULL, with sb_last_error(); a caller that passes NULL values rules
 * that out first (sb_coro_finished). The value is returned rather than stored
 * through a pointer so that nothing runs after the jump: a resumed coroutine
 * returns straight to its caller, and the switch costs one jump. */
void *sb_coro_switch(sb_coro *to, void *value);

/* The coroutine running on this thread: its main coroutine outside any. */
sb_coro *sb_coro_current(void);

/* Where fn's result goes; NULL for a main coroutine. */
sb_coro *sb_coro_parent(const sb_coro *coro);

/* Makes `parent` (of the same thread) receive `coro`'s result. -1, with
 * sb_last_error(), for a main coroutine or a change that would make a cycle. */
int sb_coro_set_parent(sb_coro *coro, sb_coro *parent);

/* Whether fn has returned. */
bool sb_coro_finished(const sb_coro *coro);

/* How a thread saves and restores coroutines' registers. */
typedef enum sb_coro_backend {
    SB_CORO_BACKEND_ASM,      /* the suite's own switch (x86-64 and aarch64) */
    SB_CORO_BACKEND_UCONTEXT, /* POSIX swapcontext: portable, but it makes a
                                 system call per switch to swap signal masks */
    SB_CORO_BACKEND_COUNT,
} sb_coro_backend;

const char *sb_coro_backend_name(sb_coro_backend backend);

/* Whether `backend` is built for this machine (ucontext always is). */
bool sb_coro_backend_available(sb_coro_backend backend);

/* asm where it is built, ucontext elsewhere: what a thread starts with. */
sb_coro_backend sb_coro_backend_default(void);

/* Makes this thread switch with `backend` (default: asm where available).
 * -1, with sb_last_error(), when it is not available or the thread has
 * coroutines. */
int sb_coro_use_backend(sb_coro_backend backend);

#endif
