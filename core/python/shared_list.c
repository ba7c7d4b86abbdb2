#include "python/shared_list.h"

#include "base/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

/* The whole list is one MAP_SHARED mapping, header and items: a process
 * forked later finds it at the same address. */
struct sb_shared_list {
    pthread_mutex_t lock; /* PTHREAD_PROCESS_SHARED */
    size_t length;
    size_t capacity;
    int64_t items[];
};

static size_t mapping_size(size_t capacity)
{
    return sizeof(sb_shared_list) + capacity * sizeof(int64_t);
}

sb_shared_list *sb_shared_list_create(size_t length, size_t capacity)
{
    if (capacity == 0 || length > capacity || capacity > (SIZE_MAX - sizeof(sb_shared_list)) / sizeof(int64_t)) {
        sb_set_error("a shared list needs a capacity of at least 1 and of its length (%zu), got %zu", length,
                     capacity);
        return NULL;
    }
    sb_shared_list *list =
        mmap(NULL, mapping_size(capacity), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (list == MAP_FAILED) {
        sb_set_error("cannot map a shared list of %zu items: %s", capacity, strerror(errno));
        return NULL;
    }
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    int rc = pthread_mutex_init(&list->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    if (rc != 0) {
        sb_set_error("cannot make a process-shared lock: %s", strerror(rc));
        munmap(list, mapping_size(capacity));
        return NULL;
    }
    /* The mapping comes zeroed: the first `length` items are the zeros. */
    list->length = length;
    list->capacity = capacity;
    return list;
}

void sb_shared_list_free(sb_shared_list *list)
{
    if (list)
        munmap(list, mapping_size(list->capacity));
}

static int out_of_range(size_t index, size_t length)
{
    sb_set_error("index %zu is out of range for a list of %zu", index, length);
    return -1;
}

int sb_shared_list_get(sb_shared_list *list, size_t index, int64_t *value)
{
    pthread_mutex_lock(&list->lock);
    size_t length = list->length;
    if (index < length)
        *value = list->items[index];
    pthread_mutex_unlock(&list->lock);
    return index < length ? 0 : out_of_range(index, length);
}

int sb_shared_list_set(sb_shared_list *list, size_t index, int64_t value)
{
    pthread_mutex_lock(&list->lock);
    size_t length = list->length;
    if (index < length)
        list->items[index] = value;
    pthread_mutex_unlock(&list->lock);
    return index < length ? 0 : out_of_range(index, length);
}

int sb_shared_list_append(sb_shared_list *list, int64_t value)
{
    pthread_mutex_lock(&list->lock);
    bool full = list->length == list->capacity;
    if (!full)
        list->items[list->length++] = value;
    pthread_mutex_unlock(&list->lock);
    if (full) {
        sb_set_error("the shared list is full: it holds at most %zu items", list->capacity);
        return -1;
    }
    return 0;
}

size_t sb_shared_list_length(sb_shared_list *list)
{
    pthread_mutex_lock(&list->lock);
    size_t length = list->length;
    pthread_mutex_unlock(&list->lock);
    return length;
}

void sb_shared_list_clear(sb_shared_list *list)
{
    pthread_mutex_lock(&list->lock);
    list->length = 0;
    pthread_mutex_unlock(&list->lock);
}
