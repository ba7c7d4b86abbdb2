/* stack_pool: stacks are rounded and packed as promised, a stack given back
 * comes out again before a fresh one, a thread's pool is shared by size and
 * survives until trimmed, and a stack's tail tells whether it was overrun. */
#include "coro/stack_pool.h"

#include <stdint.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static size_t page_size(void)
{
    return (size_t)sysconf(_SC_PAGESIZE);
}

static void sizes_round_to_cache_lines_below_a_page_and_to_pages_above(void **state)
{
    (void)state;
    sb_coro_stack_pool *small = sb_coro_stack_pool_create(1000);
    sb_coro_stack_pool *large = sb_coro_stack_pool_create(page_size() + 1);
    assert_non_null(small);
    assert_non_null(large);
    assert_int_equal(sb_coro_stack_pool_stack_size(small), 1024);
    assert_int_equal(sb_coro_stack_pool_stack_size(large), 2 * page_size());
    assert_null(sb_coro_stack_pool_create(0));
    sb_coro_stack_pool_destroy(small);
    sb_coro_stack_pool_destroy(large);
}

/* Four 1 KiB stacks share a page: each starts where the last ended. */
static void small_stacks_are_packed_several_to_a_page(void **state)
{
    (void)state;
    sb_coro_stack_pool *pool = sb_coro_stack_pool_create(1024);
    sb_coro_stack stacks[4];
    for (unsigned s = 0; s < 4; s++) {
        assert_int_equal(sb_coro_stack_pool_take(pool, &stacks[s]), 1);
        assert_int_equal(stacks[s].size, 1024);
        assert_int_equal((uintptr_t)stacks[s].bottom % 64, 0);
        if (s > 0)
            assert_ptr_equal(stacks[s].bottom, (char *)stacks[s - 1].bottom + 1024);
    }
    /* A fresh stack is zeros above its marked tail. */
    const unsigned char *bytes = stacks[3].bottom;
    assert_true(sb_coro_stack_tail_intact(&stacks[3]));
    for (size_t b = SB_CORO_STACK_TAIL; b < 1024; b++)
        assert_int_equal(bytes[b], 0);
    sb_coro_stack_pool_destroy(pool);
}

static void a_stack_given_back_comes_out_before_a_fresh_one(void **state)
{
    (void)state;
    sb_coro_stack_pool *pool = sb_coro_stack_pool_create(4096);
    sb_coro_stack first, second, again;
    assert_int_equal(sb_coro_stack_pool_take(pool, &first), 1);
    assert_int_equal(sb_coro_stack_pool_take(pool, &second), 1);
    sb_coro_stack_pool_give(pool, &first);
    assert_int_equal(sb_coro_stack_pool_take(pool, &again), 0);
    assert_ptr_equal(again.bottom, first.bottom);
    assert_int_equal(sb_coro_stack_pool_take(pool, &again), 1);
    assert_ptr_not_equal(again.bottom, second.bottom);
    sb_coro_stack_pool_destroy(pool);
}

/* More stacks than a slab holds: every one distinct, all usable. */
static void a_pool_grows_past_a_slab(void **state)
{
    (void)state;
    enum { COUNT = 1000 };
    sb_coro_stack_pool *pool = sb_coro_stack_pool_create(256);
    static sb_coro_stack stacks[COUNT];
    for (unsigned s = 0; s < COUNT; s++) {
        assert_int_equal(sb_coro_stack_pool_take(pool, &stacks[s]), 1);
        *(volatile char *)stacks[s].bottom = 1;
    }
    for (unsigned s = 0; s < COUNT; s++)
        sb_coro_stack_pool_give(pool, &stacks[s]);
    for (unsigned s = 0; s < COUNT; s++)
        assert_int_equal(sb_coro_stack_pool_take(pool, &stacks[s]), 0);
    sb_coro_stack_pool_destroy(pool);
}

static void a_threads_pool_is_shared_by_size_and_kept_until_trimmed(void **state)
{
    (void)state;
    sb_coro_stack_pool *pool = sb_coro_stack_pool_of_thread(3000);
    assert_non_null(pool);
    assert_ptr_equal(sb_coro_stack_pool_of_thread(3008), pool); /* the same size once rounded */
    assert_ptr_not_equal(sb_coro_stack_pool_of_thread(5000), pool);

    sb_coro_stack stack;
    assert_int_equal(sb_coro_stack_pool_take(pool, &stack), 1);
    /* A pool with a stack out is kept. */
    sb_coro_stack_pool_trim_thread();
    assert_ptr_equal(sb_coro_stack_pool_of_thread(3000), pool);
    sb_coro_stack_pool_give(pool, &stack);
    assert_int_equal(sb_coro_stack_pool_take(pool, &stack), 0);
    sb_coro_stack_pool_give(pool, &stack);
    /* Trimmed, it is gone: the next one for that size starts fresh. */
    sb_coro_stack_pool_trim_thread();
    sb_coro_stack_pool *fresh = sb_coro_stack_pool_of_thread(3000);
    assert_int_equal(sb_coro_stack_pool_take(fresh, &stack), 1);
    sb_coro_stack_pool_give(fresh, &stack);
    sb_coro_stack_pool_trim_thread();
}

static void a_stacks_tail_tells_whether_it_was_written(void **state)
{
    (void)state;
    sb_coro_stack_pool *pool = sb_coro_stack_pool_create(1024);
    sb_coro_stack stack;
    /* Fresh, its tail is marked by the pool, for whoever uses it next: a
     * stack given back by a user that never looked at its tail still has
     * the mark for one that does. */
    assert_int_equal(sb_coro_stack_pool_take(pool, &stack), 1);
    assert_true(sb_coro_stack_tail_intact(&stack));
    sb_coro_stack_pool_give(pool, &stack);
    assert_int_equal(sb_coro_stack_pool_take(pool, &stack), 0);
    assert_true(sb_coro_stack_tail_intact(&stack));
    ((volatile char *)stack.bottom)[0] ^= 1;
    assert_false(sb_coro_stack_tail_intact(&stack));
    sb_coro_stack_mark_tail(&stack);
    assert_true(sb_coro_stack_tail_intact(&stack));
    /* Anything above the tail is the coroutine's. */
    ((volatile char *)stack.bottom)[SB_CORO_STACK_TAIL] = 1;
    assert_true(sb_coro_stack_tail_intact(&stack));
    ((volatile char *)stack.bottom)[SB_CORO_STACK_TAIL - 1] ^= 1;
    assert_false(sb_coro_stack_tail_intact(&stack));
    sb_coro_stack_pool_destroy(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_round_to_cache_lines_below_a_page_and_to_pages_above),
        cmocka_unit_test(small_stacks_are_packed_several_to_a_page),
        cmocka_unit_test(a_stack_given_back_comes_out_before_a_fresh_one),
        cmocka_unit_test(a_pool_grows_past_a_slab),
        cmocka_unit_test(a_threads_pool_is_shared_by_size_and_kept_until_trimmed),
        cmocka_unit_test(a_stacks_tail_tells_whether_it_was_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
