/*
 * The suite's own backend: a switch that saves only what the calling
 * convention says a callee must preserve (coro_switch_<arch>.S).
 */
#include "coro/backend.h"

#include <stdint.h>

/* Pushes the callee-saved registers on the running stack and stores the stack
 * pointer in from->sp; then loads to->sp, pops that context's registers and
 * resumes it, where its own sb_coro_asm_jump call returns `value`. */
void *sb_coro_asm_jump(sb_coro_context *from, sb_coro_context *to, void *value);

/* Lays out, below `stack_top` (16-byte aligned), registers that
 * sb_coro_asm_jump pops to call entry(value). Returns the stack pointer to
 * resume. */
void *sb_coro_asm_prime(void *stack_top, void (*entry)(void *value));

static void prepare_main(sb_coro_context *context)
{
    /* The first jump away from it stores its stack pointer. */
    context->sp = NULL;
}

static int prepare(sb_coro_context *context, sb_coro_stack *stack)
{
    uintptr_t top = ((uintptr_t)stack->bottom + stack->size) & ~(uintptr_t)15;
    context->sp = sb_coro_asm_prime((void *)top, sb_coro_start);
    return 0;
}

const sb_coro_backend_ops sb_coro_backend_asm = {
    .prepare_main = prepare_main,
    .prepare = prepare,
    .jump = sb_coro_asm_jump,
};
