/*
 * stack: memory for a coroutine's stack. Each is its own mapping, rounded
 * to whole pages, with an inaccessible guard page below it, so a coroutine
 * that overflows its stack faults instead of overwriting its neighbour's.
 */
#ifndef SLICEBENCH_CORO_STACK_H
#define SLICEBENCH_CORO_STACK_H

#include <stdbool.h>
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

/* Takes `size` bytes, aligned for any object, from the top of `stack`, for
 * state a coroutine keeps on its own stack, and shrinks `stack` to what lies
 * below them. NULL, with `stack` as it was, when the stack is too small to
 * leave at least `least_left` bytes below (the caller says why). */
void *sb_coro_stack_take_top(sb_coro_stack *stack, size_t size, size_t least_left);

/* A stack without a guard page of its own (a pooled one) can still tell
 * whether a coroutine ran past its end: its lowest SB_CORO_STACK_TAIL bytes
 * hold a known pattern, written before the coroutine runs and checked
 * whenever it is suspended. A coroutine that overran has overwritten them,
 * unless a single frame of it leapt over all of them untouched. */
enum { SB_CORO_STACK_TAIL = 64 };

/* Writes the pattern into the lowest SB_CORO_STACK_TAIL bytes of `stack`. */
void sb_coro_stack_mark_tail(const sb_coro_stack *stack);

/* Whether those bytes still hold it. Call it only while no coroutine runs
 * on the stack. */
bool sb_coro_stack_tail_intact(const sb_coro_stack *stack);

#endif
