/*
 * timer_heap: pending timers of any deadline, earliest first and, among
 * equal deadlines, in the order they were added: the latency server's held
 * replies, and the hub's sleeps that its lanes do not take
 * (coro/hub_timers.h).
 *
 * A binary min-heap on (deadline, order added): O(log n) to add or take,
 * exact order always. Adding in deadline order costs O(1): each new timer
 * settles at once at the bottom. Timers are never cancelled, so nothing
 * needs to find a timer inside the heap.
 */
#ifndef SLICEBENCH_BASE_TIMER_HEAP_H
#define SLICEBENCH_BASE_TIMER_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct sb_timer {
    uint64_t deadline_ns; /* on sb_clock_ns()'s clock */
    uint64_t order;       /* breaks ties between equal deadlines */
    void *owner;
} sb_timer;

typedef struct sb_timer_heap {
    sb_timer *timers;
    size_t count, capacity;
    uint64_t added;
} sb_timer_heap;

/* An empty heap is all zeros; sb_timer_heap_clear frees what it grew. */
void sb_timer_heap_clear(sb_timer_heap *heap);

/* Adds a timer for `owner`. -1, with sb_last_error(), when out of memory. */
int sb_timer_heap_add(sb_timer_heap *heap, uint64_t deadline_ns, void *owner);

/* The earliest deadline, or UINT64_MAX when the heap is empty. */
uint64_t sb_timer_heap_earliest(const sb_timer_heap *heap);

/* Takes the earliest timer if its deadline is at or before `now_ns` and
 * returns its owner; NULL when none is due. */
void *sb_timer_heap_take_due(sb_timer_heap *heap, uint64_t now_ns);

#endif
