/*
 * coro_pingpong: the calling coroutine and a partner that switches every
 * value straight back, so that each round trip is two coroutine switches
 * in one thread: what a coroutine switch costs (claim C7), on the thread's
 * backend (coro/coro.h). The thread ping-pong it is set against is
 * probes/pingpong.h's.
 */
#ifndef SLICEBENCH_PROBES_CORO_PINGPONG_H
#define SLICEBENCH_PROBES_CORO_PINGPONG_H

#include <stdint.h>

typedef struct sb_coro_pingpong sb_coro_pingpong;

/* A partner on a default stack, not yet run. NULL, with sb_last_error(),
 * when it cannot be created. */
sb_coro_pingpong *sb_coro_pingpong_start(void);

/* Switches to the partner and back `rounds` times: each round trip is two
 * switches. Every round trip carries a value the partner must hand back
 * unchanged: -1, with sb_last_error(), when one came back otherwise. */
int sb_coro_pingpong_rounds(sb_coro_pingpong *pingpong, uint64_t rounds);

/* Ends the partner and frees it. */
void sb_coro_pingpong_finish(sb_coro_pingpong *pingpong);

#endif
