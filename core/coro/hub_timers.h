/*
 * hub_timers: a hub's sleeping coroutines, earliest deadline first and,
 * among equal deadlines, in the order they went to sleep.
 *
 * Sleeps of one length started one after another have deadlines in the
 * order they started, so each length gets a lane: a first-in first-out list
 * linked through the sleepers' own timers, O(1) to add and to take, and a
 * sleep needs no memory of its own. A heap (base/timer_heap.h), O(log n),
 * takes the rest: sleeps to a deadline rather than for a length, and
 * lengths beyond the lanes there are. A timer wheel would also add and take
 * in O(1), but keeps deadlines only to its tick, so two within a tick would
 * fire in no defined order.
 *
 * Timers are never cancelled: a sleeping coroutine wakes only when its
 * timer fires.
 */
#ifndef SLICEBENCH_CORO_HUB_TIMERS_H
#define SLICEBENCH_CORO_HUB_TIMERS_H

#include "base/timer_heap.h"

#include <stddef.h>
#include <stdint.h>

/* One sleeper's timer, kept by the sleeper until it fires. */
typedef struct sb_hub_timer {
    uint64_t deadline_ns; /* on sb_clock_ns()'s clock */
    uint64_t order;       /* breaks ties between equal deadlines */
    struct sb_hub_timer *next_in_lane;
} sb_hub_timer;

enum { SB_HUB_TIMER_LANES = 8 };

/* The length of a sleep to a deadline. */
#define SB_HUB_TIMER_NO_LENGTH UINT64_MAX

typedef struct sb_hub_timer_lane {
    uint64_t length_ns; /* of every sleep in it */
    sb_hub_timer *head, *tail;
} sb_hub_timer_lane;

typedef struct sb_hub_timers {
    sb_hub_timer_lane lanes[SB_HUB_TIMER_LANES]; /* the first `claimed` have a length */
    unsigned claimed;
    sb_timer_heap others; /* each entry's owner is its sb_hub_timer */
    uint64_t added;
    size_t count;
} sb_hub_timers;

/* No timers is all zeros; sb_hub_timers_clear frees what the heap grew. */
void sb_hub_timers_clear(sb_hub_timers *timers);

/* Sets `timer` for `deadline_ns`, which is `length_ns` from now
 * (SB_HUB_TIMER_NO_LENGTH when the sleep has only a deadline). -1, with
 * sb_last_error(), only when it goes to the heap and the heap cannot grow. */
int sb_hub_timers_add(sb_hub_timers *timers, sb_hub_timer *timer, uint64_t deadline_ns, uint64_t length_ns);

/* The earliest deadline, or UINT64_MAX when there are no timers. */
uint64_t sb_hub_timers_earliest(const sb_hub_timers *timers);

/* Takes the earliest timer if its deadline is at or before `now_ns`; NULL
 * when none is due. */
sb_hub_timer *sb_hub_timers_take_due(sb_hub_timers *timers, uint64_t now_ns);

#endif
