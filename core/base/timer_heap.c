#include "base/timer_heap.h"

#include "base/error.h"

#include <stdbool.h>
#include <stdlib.h>

static bool before(const sb_timer *a, const sb_timer *b)
{
    return a->deadline_ns != b->deadline_ns ? a->deadline_ns < b->deadline_ns : a->order < b->order;
}

static void swap(sb_timer *a, sb_timer *b)
{
    sb_timer t = *a;
    *a = *b;
    *b = t;
}

void sb_timer_heap_clear(sb_timer_heap *heap)
{
    free(heap->timers);
    *heap = (sb_timer_heap){0};
}

int sb_timer_heap_add(sb_timer_heap *heap, uint64_t deadline_ns, void *owner)
{
    if (heap->count == heap->capacity) {
        size_t capacity = heap->capacity ? 2 * heap->capacity : 64;
        sb_timer *timers = realloc(heap->timers, capacity * sizeof *timers);
        if (!timers) {
            sb_set_error("out of memory for %zu timers", capacity);
            return -1;
        }
        heap->timers = timers;
        heap->capacity = capacity;
    }
    size_t at = heap->count++;
    heap->timers[at] = (sb_timer){.deadline_ns = deadline_ns, .order = heap->added++, .owner = owner};
    while (at > 0 && before(&heap->timers[at], &heap->timers[(at - 1) / 2])) {
        swap(&heap->timers[at], &heap->timers[(at - 1) / 2]);
        at = (at - 1) / 2;
    }
    return 0;
}

uint64_t sb_timer_heap_earliest(const sb_timer_heap *heap)
{
    return heap->count > 0 ? heap->timers[0].deadline_ns : UINT64_MAX;
}

void *sb_timer_heap_take_due(sb_timer_heap *heap, uint64_t now_ns)
{
    if (heap->count == 0 || heap->timers[0].deadline_ns > now_ns)
        return NULL;
    void *owner = heap->timers[0].owner;
    heap->timers[0] = heap->timers[--heap->count];
    for (size_t at = 0;;) {
        size_t first = at, left = 2 * at + 1, right = left + 1;
        if (left < heap->count && before(&heap->timers[left], &heap->timers[first]))
            first = left;
        if (right < heap->count && before(&heap->timers[right], &heap->timers[first]))
            first = right;
        if (first == at)
            break;
        swap(&heap->timers[at], &heap->timers[first]);
        at = first;
    }
    return owner;
}
