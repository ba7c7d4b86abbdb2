/*
 * pingpong: two parties that hand a turn back and forth, each blocking in
 * the kernel until the other hands it over, so that every hand-off is one
 * context switch (one party goes to sleep, the other wakes): what switching
 * between two threads, or two processes, costs (claim C7).
 *
 * The calling thread is one party; its partner is a thread it starts or a
 * process it forks. The turn travels over a futex word in shared memory
 * (the raw wait and wake a mutex is made of) or over a pair of pipes (as in
 * `perf bench sched pipe`: a 4-byte value each way). Each turn carries a
 * number, one more than the last, so both parties can tell that the turns
 * alternate and arrive in order.
 *
 * Both parties are bound with a placement of two workers: the caller to
 * worker 0's PU, the partner to worker 1's.
 *
 * core/ipc/channel.h moves messages of any size between processes (claim C8);
 * this is the thinnest hand-off there is, between threads as well.
 */
#ifndef SLICEBENCH_PROBES_PINGPONG_H
#define SLICEBENCH_PROBES_PINGPONG_H

#include "base/placement.h"

#include <stdint.h>

typedef enum sb_pingpong_channel {
    SB_PINGPONG_FUTEX, /* a shared word: store, FUTEX_WAKE; FUTEX_WAIT until it changes */
    SB_PINGPONG_PIPE,  /* one pipe each way: write, read */
    SB_PINGPONG_CHANNEL_COUNT
} sb_pingpong_channel;

typedef enum sb_pingpong_partner {
    SB_PINGPONG_THREAD,  /* a thread of this process */
    SB_PINGPONG_PROCESS, /* a forked child: every switch also changes address space */
    SB_PINGPONG_PARTNER_COUNT
} sb_pingpong_partner;

const char *sb_pingpong_channel_name(sb_pingpong_channel channel);
const char *sb_pingpong_partner_name(sb_pingpong_partner partner);

/* What each party saw, for checking that the turns really alternated. */
typedef struct sb_pingpong_tally {
    uint64_t caller_turns;   /* turns handed back to the caller */
    uint64_t partner_turns;  /* turns handed to the partner */
    uint64_t out_of_order;   /* turns, on either side, whose number was not the next one */
    int caller_cpu;          /* the CPU each party was on at its last turn (sched_getcpu) */
    int partner_cpu;
} sb_pingpong_tally;

typedef struct sb_pingpong sb_pingpong;

/* Binds the calling thread to worker 0's PU of `placement` (which must plan
 * two workers and outlive the ping-pong), starts the partner on worker 1's
 * and waits for its first turn. NULL, with sb_last_error(), when the partner
 * cannot start or bind; the caller's binding is then as before. */
sb_pingpong *sb_pingpong_start(sb_pingpong_channel channel, sb_pingpong_partner partner,
                               const sb_placement *placement);

/* Hands the turn to the partner and waits for it back, `rounds` times: each
 * round trip is two switches. -1, with sb_last_error(), when the channel
 * fails; only sb_pingpong_finish may follow. A partner process killed from
 * outside is noticed over pipes (the end of file), but over a futex the
 * caller waits on, as it would on a lock whose holder died: no timeout is
 * armed, since arming one would add to every switch measured. The partner
 * process never outlives the caller's thread. */
int sb_pingpong_rounds(sb_pingpong *pingpong, uint64_t rounds);

/* Stops the partner, waits for it (joins the thread or reaps the process),
 * puts the caller's binding back and frees everything. Stores what each
 * party saw in *tally unless it is NULL. -1, with sb_last_error(), when the
 * partner failed or did not end cleanly; it is waited for all the same. */
int sb_pingpong_finish(sb_pingpong *pingpong, sb_pingpong_tally *tally);

#endif
