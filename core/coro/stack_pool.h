/*
 * stack_pool: coroutine stacks of one size carved out of large shared
 * mappings, for a thread that keeps tens of thousands of coroutines.
 *
 * A stack of its own (coro/stack.h) is two kernel mappings, itself and its
 * guard page, and the kernel caps a process at vm.max_map_count mappings
 * (65530 by default): some 32k such stacks at most. A pool maps its stacks in
 * slabs of many, two mappings a slab, so 100k stacks take a few hundred.
 *
 * The price: a pooled stack has no guard page of its own, as with
 * Boost.Context's pooled stacks or greenlet's copied ones. A coroutine that
 * overflows one writes into its neighbour instead of faulting; only each
 * slab's lowest stack has a guard page below it. Size them for what their
 * coroutines run.
 *
 * Only pages a coroutine touches take memory. A stack given back is reused
 * before fresh ones (its pages are already there); the memory goes back to
 * the kernel when the pool is destroyed. One thread at a time.
 */
#ifndef SLICEBENCH_CORO_STACK_POOL_H
#define SLICEBENCH_CORO_STACK_POOL_H

#include "coro/stack.h"

#include <stddef.h>

typedef struct sb_coro_stack_pool sb_coro_stack_pool;

/* A pool of stacks of `stack_size` bytes, rounded up to whole pages. NULL,
 * with sb_last_error(), when the size is 0 or too large, or memory runs out. */
sb_coro_stack_pool *sb_coro_stack_pool_create(size_t stack_size);

/* Unmaps every stack, taken or not. NULL is a no-op. */
void sb_coro_stack_pool_destroy(sb_coro_stack_pool *pool);

/* A stack, given back or fresh. -1, with sb_last_error(), when no memory. */
int sb_coro_stack_pool_take(sb_coro_stack_pool *pool, sb_coro_stack *stack);

/* Makes a stack taken from this pool, and no longer in use, available again. */
void sb_coro_stack_pool_give(sb_coro_stack_pool *pool, const sb_coro_stack *stack);

#endif
