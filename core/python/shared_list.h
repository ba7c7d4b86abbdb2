/*
 * shared_list: the notes' multiprocessing.Array, a list of integers in
 * memory that forked processes share. Each operation is done under a
 * process-shared lock, as Array does (Array("i", 5) comes with one), and
 * touches only that memory: no message, no other process. It is the fast
 * side of claim C8, so it offers the operations of the manager's list
 * (core/python/manager.h) one for one; unlike that list, it cannot grow past the
 * capacity it was made with.
 *
 *     sb_shared_list *li = sb_shared_list_create(5, 5);   // Array("i", 5)
 *     // in processes forked from here on:
 *     sb_shared_list_set(li, i, 1);                        // li[i] = 1
 *
 * A process that dies while it holds the lock leaves it held, as with
 * Array's lock.
 */
#ifndef SLICEBENCH_PYTHON_SHARED_LIST_H
#define SLICEBENCH_PYTHON_SHARED_LIST_H

#include <stddef.h>
#include <stdint.h>

typedef struct sb_shared_list sb_shared_list;

/* A list of `length` zeros with room for `capacity` (at least `length`, and
 * at least 1) items, shared with the processes forked after this call.
 * NULL, with sb_last_error(), on bad sizes or when the memory cannot be had. */
sb_shared_list *sb_shared_list_create(size_t length, size_t capacity);

/* Unmaps the list from the calling process; the memory goes once every
 * process that had it has let go or ended. NULL is a no-op. */
void sb_shared_list_free(sb_shared_list *list);

/* li[index]: 0, or -1 with sb_last_error() when index is out of range. */
int sb_shared_list_get(sb_shared_list *list, size_t index, int64_t *value);

/* li[index] = value: 0, or -1 with sb_last_error() when index is out of range. */
int sb_shared_list_set(sb_shared_list *list, size_t index, int64_t value);

/* li.append(value): 0, or -1 with sb_last_error() when the list is full. */
int sb_shared_list_append(sb_shared_list *list, int64_t value);

/* len(li). */
size_t sb_shared_list_length(sb_shared_list *list);

/* del li[:]. */
void sb_shared_list_clear(sb_shared_list *list);

#endif
