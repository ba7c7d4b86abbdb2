#include "coro/stack_pool.h"

#include "base/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Enough that a million stacks take under ten thousand mappings; small
 * enough that a pool of a few coroutines maps little address space. */
enum { STACKS_PER_SLAB = 256 };

/* Below a page, stacks are whole cache lines, so their tops stay aligned. */
enum { SMALL_STACK_ROUNDING = 64 };

struct sb_coro_stack_pool {
    size_t page;
    size_t stack_size;  /* whole pages, or whole cache lines below a page */
    size_t slab_size;   /* the guard page, then STACKS_PER_SLAB stacks */
    char **slabs;
    size_t slab_count;
    char *fresh;        /* the next never-used stack of the newest slab */
    unsigned fresh_left;
    /* Stacks given back, last given first. Room for every stack mapped, so
     * giving one back never needs memory. */
    char **given;
    size_t given_count;
    struct sb_coro_stack_pool *next_of_thread; /* in its thread's list */
};

static size_t round_up(size_t size, size_t unit)
{
    return (size + unit - 1) / unit * unit;
}

/* The size stacks of `stack_size` bytes get in a pool; 0, with
 * sb_last_error(), when there can be no such stacks. */
static size_t rounded_stack_size(size_t stack_size, size_t page)
{
    if (stack_size == 0 || stack_size > (SIZE_MAX - 2 * page) / STACKS_PER_SLAB - page) {
        sb_set_error("a pooled coroutine stack cannot have %zu bytes", stack_size);
        return 0;
    }
    return round_up(stack_size, stack_size < page ? SMALL_STACK_ROUNDING : page);
}

sb_coro_stack_pool *sb_coro_stack_pool_create(size_t stack_size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), rounded = rounded_stack_size(stack_size, page);
    if (rounded == 0)
        return NULL;
    sb_coro_stack_pool *pool = calloc(1, sizeof *pool);
    if (!pool) {
        sb_set_error("out of memory for a stack pool");
        return NULL;
    }
    pool->page = page;
    pool->stack_size = rounded;
    pool->slab_size = page + round_up(STACKS_PER_SLAB * rounded, page);
    return pool;
}

void sb_coro_stack_pool_destroy(sb_coro_stack_pool *pool)
{
    if (!pool)
        return;
    for (size_t s = 0; s < pool->slab_count; s++)
        munmap(pool->slabs[s], pool->slab_size);
    free(pool->slabs);
    free(pool->given);
    free(pool);
}

size_t sb_coro_stack_pool_stack_size(const sb_coro_stack_pool *pool)
{
    return pool->stack_size;
}

/* The pools of this thread, and the key whose destructor unmaps them when
 * it ends (the key's value is the list's head, set while it has one). */
static _Thread_local sb_coro_stack_pool *thread_pools;
static pthread_key_t thread_pools_key;
static pthread_once_t thread_pools_key_once = PTHREAD_ONCE_INIT;
static int thread_pools_key_error;

static void destroy_thread_pools(void *head)
{
    for (sb_coro_stack_pool *pool = head, *next; pool; pool = next) {
        next = pool->next_of_thread;
        sb_coro_stack_pool_destroy(pool);
    }
    thread_pools = NULL;
}

static void make_thread_pools_key(void)
{
    thread_pools_key_error = pthread_key_create(&thread_pools_key, destroy_thread_pools);
}

static int remember_thread_pools(void)
{
    pthread_once(&thread_pools_key_once, make_thread_pools_key);
    int rc = thread_pools_key_error ? thread_pools_key_error
                                    : pthread_setspecific(thread_pools_key, thread_pools);
    if (rc != 0) {
        sb_set_error("cannot keep this thread's stack pools: %s", strerror(rc));
        return -1;
    }
    return 0;
}

sb_coro_stack_pool *sb_coro_stack_pool_of_thread(size_t stack_size)
{
    size_t rounded = rounded_stack_size(stack_size, (size_t)sysconf(_SC_PAGESIZE));
    if (rounded == 0)
        return NULL;
    for (sb_coro_stack_pool *pool = thread_pools; pool; pool = pool->next_of_thread)
        if (pool->stack_size == rounded)
            return pool;
    sb_coro_stack_pool *made = sb_coro_stack_pool_create(stack_size);
    if (!made)
        return NULL;
    made->next_of_thread = thread_pools;
    thread_pools = made;
    if (remember_thread_pools() != 0) {
        thread_pools = made->next_of_thread;
        sb_coro_stack_pool_destroy(made);
        return NULL;
    }
    return made;
}

static size_t stacks_taken(const sb_coro_stack_pool *pool)
{
    return pool->slab_count * STACKS_PER_SLAB - pool->fresh_left - pool->given_count;
}

void sb_coro_stack_pool_trim_thread(void)
{
    for (sb_coro_stack_pool **link = &thread_pools; *link;) {
        sb_coro_stack_pool *pool = *link;
        if (stacks_taken(pool) == 0) {
            *link = pool->next_of_thread;
            sb_coro_stack_pool_destroy(pool);
        } else {
            link = &pool->next_of_thread;
        }
    }
    remember_thread_pools();
}

static int map_slab(sb_coro_stack_pool *pool)
{
    size_t stacks_after = (pool->slab_count + 1) * STACKS_PER_SLAB;
    char **given = realloc(pool->given, stacks_after * sizeof *given);
    if (given)
        pool->given = given;
    char **slabs = given ? realloc(pool->slabs, (pool->slab_count + 1) * sizeof *slabs) : NULL;
    if (!slabs) {
        sb_set_error("out of memory for a stack pool's bookkeeping");
        return -1;
    }
    pool->slabs = slabs;
    /* Reserved as it is touched: most of every stack never is. */
    char *slab = mmap(NULL, pool->slab_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
    if (slab == MAP_FAILED) {
        sb_set_error("cannot map %zu bytes of coroutine stacks: %s", pool->slab_size, strerror(errno));
        return -1;
    }
    if (mprotect(slab, pool->page, PROT_NONE) != 0) {
        sb_set_error("cannot protect a stack slab's guard page: %s", strerror(errno));
        munmap(slab, pool->slab_size);
        return -1;
    }
    pool->slabs[pool->slab_count++] = slab;
    pool->fresh = slab + pool->page;
    pool->fresh_left = STACKS_PER_SLAB;
    return 0;
}

int sb_coro_stack_pool_take(sb_coro_stack_pool *pool, sb_coro_stack *stack)
{
    stack->size = pool->stack_size;
    if (pool->given_count > 0) {
        stack->bottom = pool->given[--pool->given_count];
        return 0;
    }
    if (pool->fresh_left == 0 && map_slab(pool) != 0)
        return -1;
    stack->bottom = pool->fresh;
    pool->fresh += pool->stack_size;
    pool->fresh_left--;
    /* Marked here, not by each user: a stack goes from one user of the
     * thread's pool to another, and whoever checks its tail must find the
     * mark even where the last user never looked at it. */
    sb_coro_stack_mark_tail(stack);
    return 1;
}

void sb_coro_stack_pool_give(sb_coro_stack_pool *pool, const sb_coro_stack *stack)
{
    pool->given[pool->given_count++] = stack->bottom;
}
