/*
 * The portable backend: POSIX makecontext and swapcontext. swapcontext
 * passes no value, so the value crosses in a thread-local slot.
 */
#include "coro/backend.h"

#include "base/error.h"

#include <errno.h>
#include <string.h>

static _Thread_local void *passed_value;

static void start(void)
{
    sb_coro_start(passed_value);
}

static int prepare(sb_coro_context *context, const sb_coro_stack *stack)
{
    if (getcontext(&context->uc) != 0) {
        sb_set_error("getcontext: %s", strerror(errno));
        return -1;
    }
    context->uc.uc_stack.ss_sp = stack->bottom;
    context->uc.uc_stack.ss_size = stack->size;
    context->uc.uc_link = NULL; /* start() never returns */
    makecontext(&context->uc, start, 0);
    return 0;
}

static void *jump(sb_coro_context *from, sb_coro_context *to, void *value)
{
    passed_value = value;
    /* Fails only on a context prepare() did not make. */
    swapcontext(&from->uc, &to->uc);
    return passed_value;
}

const sb_coro_backend_ops sb_coro_backend_ucontext = {
    .prepare = prepare,
    .jump = jump,
};
