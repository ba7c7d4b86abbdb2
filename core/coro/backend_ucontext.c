/*
 * The portable backend: POSIX makecontext and swapcontext. swapcontext
 * passes no value, so the value crosses in a thread-local slot. A
 * coroutine's ucontext_t, about a kilobyte, is taken from the top of its own
 * stack; the main coroutine's is the thread's.
 */
#include "coro/backend.h"

#include "base/error.h"

#include <errno.h>
#include <string.h>

static _Thread_local void *passed_value;
static _Thread_local ucontext_t main_context;

static void start(void)
{
    sb_coro_start(passed_value);
}

static void prepare_main(sb_coro_context *context)
{
    context->uc = &main_context;
}

/* Below its ucontext_t, a coroutine needs a little stack to start. */
enum { LEAST_STACK_LEFT = 256 };

static int prepare(sb_coro_context *context, sb_coro_stack *stack)
{
    context->uc = sb_coro_stack_take_top(stack, sizeof(ucontext_t), LEAST_STACK_LEFT);
    if (!context->uc) {
        sb_set_error("a %zu-byte stack has no room for the ucontext backend's %zu-byte context", stack->size,
                     sizeof(ucontext_t));
        return -1;
    }
    if (getcontext(context->uc) != 0) {
        sb_set_error("getcontext: %s", strerror(errno));
        return -1;
    }
    context->uc->uc_stack.ss_sp = stack->bottom;
    context->uc->uc_stack.ss_size = stack->size;
    context->uc->uc_link = NULL; /* start() never returns */
    makecontext(context->uc, start, 0);
    return 0;
}

static void *jump(sb_coro_context *from, sb_coro_context *to, void *value)
{
    passed_value = value;
    /* Fails only on a context prepare() did not make. */
    swapcontext(from->uc, to->uc);
    return passed_value;
}

const sb_coro_backend_ops sb_coro_backend_ucontext = {
    .prepare_main = prepare_main,
    .prepare = prepare,
    .jump = jump,
};
