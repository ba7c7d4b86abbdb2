/*
 * stack: memory for a coroutine's stack. Each is its own mapping, rounded
 * to whole pages, with an inaccessible guard page below it, so a coroutine
 * that overflows its stack faults instead of overwriting its neighbour's.
 */
#ifndef SLICEBENCH_CORO_STACK_H
#define SLICEBENCH_CORO_STACK_H

#include <stddef.h>

typedef struct sb_coro_stack {
    void *bottom; /* lowest usable address; the stack grows down towards it */
    size_t size;  /* usable bytes, from bottom up */
} sb_coro_stack;

/* Maps a stack of at least `size` bytes. -1, with sb_last_error(), when the
 * size is 0 or the memory cannot be had. */
int sb_coro_stack_alloc(sb_coro_stack *stack, size_t size);

/* Unmaps it, guard page included. */
void sb_coro_stack_free(const sb_coro_stack *stack);

#endif
