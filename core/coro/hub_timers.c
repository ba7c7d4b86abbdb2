#include "coro/hub_timers.h"

#include <stdbool.h>

void sb_hub_timers_clear(sb_hub_timers *timers)
{
    sb_timer_heap_clear(&timers->others);
    *timers = (sb_hub_timers){0};
}

/* The lane that keeps sleeps of `length_ns` in order with `deadline_ns`
 * last: its own, an empty one it takes over, or a new one; NULL when the
 * heap must take it. */
static sb_hub_timer_lane *lane_for(sb_hub_timers *timers, uint64_t deadline_ns, uint64_t length_ns)
{
    if (length_ns == SB_HUB_TIMER_NO_LENGTH)
        return NULL;
    sb_hub_timer_lane *empty = NULL;
    for (unsigned l = 0; l < timers->claimed; l++) {
        sb_hub_timer_lane *lane = &timers->lanes[l];
        if (lane->length_ns == length_ns)
            return !lane->tail || lane->tail->deadline_ns <= deadline_ns ? lane : NULL;
        if (!lane->head && !empty)
            empty = lane;
    }
    if (!empty && timers->claimed < SB_HUB_TIMER_LANES)
        empty = &timers->lanes[timers->claimed++];
    if (empty)
        empty->length_ns = length_ns;
    return empty;
}

int sb_hub_timers_add(sb_hub_timers *timers, sb_hub_timer *timer, uint64_t deadline_ns, uint64_t length_ns)
{
    *timer = (sb_hub_timer){.deadline_ns = deadline_ns, .order = timers->added};
    sb_hub_timer_lane *lane = lane_for(timers, deadline_ns, length_ns);
    if (lane) {
        if (lane->tail)
            lane->tail->next_in_lane = timer;
        else
            lane->head = timer;
        lane->tail = timer;
    } else if (sb_timer_heap_add(&timers->others, deadline_ns, timer) != 0) {
        return -1;
    }
    timers->added++;
    timers->count++;
    return 0;
}

static bool before(const sb_hub_timer *a, const sb_hub_timer *b)
{
    return a->deadline_ns != b->deadline_ns ? a->deadline_ns < b->deadline_ns : a->order < b->order;
}

/* The earliest timer, and its lane (NULL when it is the heap's); NULL when
 * there are none. Inlined: it is most of the hub's every wake. */
static inline __attribute__((always_inline)) sb_hub_timer *earliest(const sb_hub_timers *timers, sb_hub_timer_lane **lane_of_it)
{
    sb_hub_timer *first = timers->others.count > 0 ? timers->others.timers[0].owner : NULL;
    *lane_of_it = NULL;
    for (unsigned l = 0; l < timers->claimed; l++) {
        sb_hub_timer *head = timers->lanes[l].head;
        if (head && (!first || before(head, first))) {
            first = head;
            *lane_of_it = (sb_hub_timer_lane *)&timers->lanes[l];
        }
    }
    return first;
}

uint64_t sb_hub_timers_earliest(const sb_hub_timers *timers)
{
    if (timers->count == 0)
        return UINT64_MAX;
    sb_hub_timer_lane *lane;
    const sb_hub_timer *first = earliest(timers, &lane);
    return first ? first->deadline_ns : UINT64_MAX;
}

sb_hub_timer *sb_hub_timers_take_due(sb_hub_timers *timers, uint64_t now_ns)
{
    if (timers->count == 0)
        return NULL;
    sb_hub_timer_lane *lane;
    sb_hub_timer *first = earliest(timers, &lane);
    if (!first || first->deadline_ns > now_ns)
        return NULL;
    if (lane) {
        lane->head = first->next_in_lane;
        if (!lane->head)
            lane->tail = NULL;
    } else {
        sb_timer_heap_take_due(&timers->others, now_ns);
    }
    timers->count--;
    return first;
}
