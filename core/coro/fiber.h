/*
 * fiber: tells the sanitizers when a thread moves to another stack.
 *
 * AddressSanitizer must know which stack is in use, to tell stack addresses
 * from heap ones and to keep each stack's fake frames apart; ThreadSanitizer
 * keeps a call stack and a clock per flow of control, and a switch must
 * order what the old flow did before what the new one does.
 *
 * Around every switch: sb_fiber_leave() right before it, sb_fiber_arrive()
 * as the first thing on the stack it lands on. Without those sanitizers both
 * compile to nothing. Header-only and valid C++, so that the benchmarks'
 * Boost.Context peer annotates its switches the same way.
 */
#ifndef SLICEBENCH_CORO_FIBER_H
#define SLICEBENCH_CORO_FIBER_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __SANITIZE_ADDRESS__
#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef __SANITIZE_THREAD__
#include <sanitizer/tsan_interface.h>
#endif

typedef struct sb_fiber {
    /* A thread's own stack is measured only where AddressSanitizer needs it. */
    const void *stack_bottom;
    size_t stack_size;
#ifdef __SANITIZE_ADDRESS__
    void *fake_stack; /* ASan's frames of this fiber while it is suspended */
#endif
#ifdef __SANITIZE_THREAD__
    void *tsan_fiber;
#endif
} sb_fiber;

/* The flow the calling thread started with, on the thread's own stack. */
static inline void sb_fiber_init_thread(sb_fiber *fiber)
{
    fiber->stack_bottom = NULL;
    fiber->stack_size = 0;
#ifdef __SANITIZE_ADDRESS__
    fiber->fake_stack = NULL;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *bottom;
        if (pthread_attr_getstack(&attr, &bottom, &fiber->stack_size) == 0)
            fiber->stack_bottom = bottom;
        pthread_attr_destroy(&attr);
    }
#endif
#ifdef __SANITIZE_THREAD__
    fiber->tsan_fiber = __tsan_get_current_fiber();
#endif
}

/* A new flow on the stack [bottom, bottom + size). */
static inline void sb_fiber_init(sb_fiber *fiber, const void *bottom, size_t size)
{
    fiber->stack_bottom = bottom;
    fiber->stack_size = size;
#ifdef __SANITIZE_ADDRESS__
    fiber->fake_stack = NULL;
#endif
#ifdef __SANITIZE_THREAD__
    fiber->tsan_fiber = __tsan_create_fiber(0);
#endif
}

/* Forgets a flow made by sb_fiber_init, before its stack is unmapped. */
static inline void sb_fiber_destroy(sb_fiber *fiber)
{
#ifdef __SANITIZE_ADDRESS__
    /* Frames that never returned leave their redzones poisoned; a later
     * mapping at the same address must not inherit them. */
    __asan_unpoison_memory_region(fiber->stack_bottom, fiber->stack_size);
#endif
#ifdef __SANITIZE_THREAD__
    __tsan_destroy_fiber(fiber->tsan_fiber);
#endif
    (void)fiber;
}

/* `from` is about to switch to `to`; `from_ends` when it will never resume. */
static inline void sb_fiber_leave(sb_fiber *from, const sb_fiber *to, bool from_ends)
{
#ifdef __SANITIZE_ADDRESS__
    __sanitizer_start_switch_fiber(from_ends ? NULL : &from->fake_stack, to->stack_bottom, to->stack_size);
#endif
#ifdef __SANITIZE_THREAD__
    __tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
    (void)from, (void)to, (void)from_ends;
}

/* `self` has just been switched to. */
static inline void sb_fiber_arrive(sb_fiber *self)
{
#ifdef __SANITIZE_ADDRESS__
    __sanitizer_finish_switch_fiber(self->fake_stack, NULL, NULL);
#endif
    (void)self;
}

#endif
