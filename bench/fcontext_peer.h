/*
 * fcontext_peer: Boost.Context's context switch (fcontext, the assembly under
 * Boost.Coroutine2 and Boost.Fiber) driven from C, so that the switch family
 * can set the suite's own switch beside a well-tuned one. It runs on the same
 * kind of stack (core/coro/stack.h).
 */
#ifndef SLICEBENCH_FCONTEXT_PEER_H
#define SLICEBENCH_FCONTEXT_PEER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_fcontext_peer sb_fcontext_peer;

/* A context on its own stack that sends every value it receives straight
 * back. Use it from the thread's own stack, not from a coroutine. NULL, with
 * sb_last_error(), when out of memory. */
sb_fcontext_peer *sb_fcontext_peer_create(size_t stack_size);

/* Switches to the peer with `value` and returns what it switches back with
 * (`value`): two switches. */
void *sb_fcontext_peer_round_trip(sb_fcontext_peer *peer, void *value);

/* NULL is a no-op. */
void sb_fcontext_peer_destroy(sb_fcontext_peer *peer);

#ifdef __cplusplus
}
#endif

#endif
