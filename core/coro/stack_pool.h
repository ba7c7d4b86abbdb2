/*
 * stack_pool: coroutine stacks of one size carved out of large shared
 * mappings, for a thread that keeps tens of thousands of coroutines, and
 * kept for reuse, as a runtime keeps them.
 *
 * A stack of its own (coro/stack.h) is two kernel mappings, itself and its
 * guard page, and the kernel caps a process at vm.max_map_count mappings
 * (65530 by default): some 32k such stacks at most. A pool maps its stacks in
 * slabs of many, two mappings a slab, so a million stacks take a few
 * thousand. Stacks smaller than a page are packed several to a page.
 *
 * The price: a pooled stack has no guard page of its own, as with
 * Boost.Context's pooled stacks or greenlet's copied ones. A coroutine that
 * overflows one writes into its neighbour instead of faulting; only each
 * slab's lowest stack has a guard page below it. Size them for what their
 * coroutines run, and check their tails (sb_coro_stack_tail_intact).
 *
 * Only pages a coroutine touches take memory. A stack given back is reused
 * before fresh ones, its pages already there, so a thread that keeps
 * starting coroutines of one size stops faulting pages in once it has had
 * as many at once as it will have. One thread at a time.
 */
#ifndef SLICEBENCH_CORO_STACK_POOL_H
#define SLICEBENCH_CORO_STACK_POOL_H

#include "coro/stack.h"

#include <stddef.h>

typedef struct sb_coro_stack_pool sb_coro_stack_pool;

/* A pool of stacks of `stack_size` bytes, rounded up to whole pages, or to a
 * multiple of 64 bytes below a page. NULL, with sb_last_error(), when the
 * size is 0 or too large, or memory runs out. */
sb_coro_stack_pool *sb_coro_stack_pool_create(size_t stack_size);

/* Unmaps every stack, taken or not. NULL is a no-op. */
void sb_coro_stack_pool_destroy(sb_coro_stack_pool *pool);

/* The calling thread's own pool of `stack_size` stacks (rounded as above),
 * made at the first call for that size and shared by everything on the
 * thread that asks for it, so its stacks outlive the hub or the round that
 * used them. The thread's pools are unmapped when it ends, or sooner by
 * sb_coro_stack_pool_trim_thread. NULL, with sb_last_error(), as
 * sb_coro_stack_pool_create. */
sb_coro_stack_pool *sb_coro_stack_pool_of_thread(size_t stack_size);

/* Unmaps the calling thread's pools that have no stack taken, giving their
 * memory back to the kernel. */
void sb_coro_stack_pool_trim_thread(void);

/* The size of its stacks, after rounding. */
size_t sb_coro_stack_pool_stack_size(const sb_coro_stack_pool *pool);

/* A stack: one given back (0), or a fresh one (1), all zeros but for its
 * tail, which is marked (sb_coro_stack_mark_tail) so that any later user can
 * check it. -1, with sb_last_error(), when no memory. */
int sb_coro_stack_pool_take(sb_coro_stack_pool *pool, sb_coro_stack *stack);

/* Makes a stack taken from this pool, and no longer in use, available again. */
void sb_coro_stack_pool_give(sb_coro_stack_pool *pool, const sb_coro_stack *stack);

#endif
