/*
 * backend: the ways of saving one coroutine's registers and resuming
 * another's (coro/backend_asm.c, coro/backend_ucontext.c). coro/coro.c uses one per thread and
 * keeps every other part of a switch to itself.
 */
#ifndef SLICEBENCH_CORO_BACKEND_H
#define SLICEBENCH_CORO_BACKEND_H

#include "coro/stack.h"

#include <ucontext.h>

/* Where a suspended coroutine's registers are, in its thread's backend's
 * form: a pointer each, so that a coroutine costs the asm backend 8 bytes
 * and not the kilobyte of a ucontext_t. */
typedef struct sb_coro_context {
    void *sp;       /* asm: the stack pointer, the registers being on the stack */
    ucontext_t *uc; /* ucontext: where swapcontext keeps them */
} sb_coro_context;

typedef struct sb_coro_backend_ops {
    /* Sets up the thread's main coroutine, which runs on the thread's own
     * stack, to be jumped from and back to. */
    void (*prepare_main)(sb_coro_context *context);
    /* Sets up `context` so that the first jump to it calls sb_coro_start()
     * on `stack`; it may take room from the top of `stack` for itself, and
     * shrinks `stack` by what it took. 0, or -1 with sb_last_error(). */
    int (*prepare)(sb_coro_context *context, sb_coro_stack *stack);
    /* Saves the running registers in `from` and resumes `to`, handing it
     * `value`. Returns the value of the jump that later resumes `from`. */
    void *(*jump)(sb_coro_context *from, sb_coro_context *to, void *value);
} sb_coro_backend_ops;

/* Where every coroutine begins, with the value of the first jump to it. */
_Noreturn void sb_coro_start(void *value);

#ifdef SB_CORO_HAVE_ASM
extern const sb_coro_backend_ops sb_coro_backend_asm;
#endif
extern const sb_coro_backend_ops sb_coro_backend_ucontext;

#endif
