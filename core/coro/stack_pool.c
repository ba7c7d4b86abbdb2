#include "coro/stack_pool.h"

#include "base/error.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Enough that 100k stacks take under a thousand mappings; small enough that
 * a pool of a few coroutines maps little address space. */
enum { STACKS_PER_SLAB = 256 };

struct sb_coro_stack_pool {
    size_t page;
    size_t stack_size;  /* whole pages */
    size_t slab_size;   /* the guard page, then STACKS_PER_SLAB stacks */
    char **slabs;
    size_t slab_count;
    char *fresh;        /* the next never-used stack of the newest slab */
    unsigned fresh_left;
    /* Stacks given back, last given first. Room for every stack mapped, so
     * giving one back never needs memory. */
    char **given;
    size_t given_count;
};

sb_coro_stack_pool *sb_coro_stack_pool_create(size_t stack_size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (stack_size == 0 || stack_size > (SIZE_MAX - page) / STACKS_PER_SLAB - page) {
        sb_set_error("a pooled coroutine stack cannot have %zu bytes", stack_size);
        return NULL;
    }
    sb_coro_stack_pool *pool = calloc(1, sizeof *pool);
    if (!pool) {
        sb_set_error("out of memory for a stack pool");
        return NULL;
    }
    pool->page = page;
    pool->stack_size = (stack_size + page - 1) / page * page;
    pool->slab_size = page + STACKS_PER_SLAB * pool->stack_size;
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
    if (pool->given_count > 0) {
        stack->bottom = pool->given[--pool->given_count];
    } else {
        if (pool->fresh_left == 0 && map_slab(pool) != 0)
            return -1;
        stack->bottom = pool->fresh;
        pool->fresh += pool->stack_size;
        pool->fresh_left--;
    }
    stack->size = pool->stack_size;
    return 0;
}

void sb_coro_stack_pool_give(sb_coro_stack_pool *pool, const sb_coro_stack *stack)
{
    pool->given[pool->given_count++] = stack->bottom;
}
