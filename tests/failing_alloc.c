#include "failing_alloc.h"

#include "base/error.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *memory, size_t size);
void *__real_aligned_alloc(size_t alignment, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *memory, size_t size);
void *__wrap_aligned_alloc(size_t alignment, size_t size);

/* Allocations left before the one that fails; 0 when none is to fail. The
 * code under test may allocate from several threads. */
static atomic_uint countdown;
static atomic_bool made_to_fail;

void fail_allocation(unsigned nth)
{
    atomic_store(&made_to_fail, false);
    atomic_store(&countdown, nth);
}

bool allocation_failed(void)
{
    return atomic_load(&made_to_fail);
}

/* Whether this allocation is the one to fail. */
static bool fails_now(void)
{
    unsigned left = atomic_load(&countdown);
    while (left > 0 && !atomic_compare_exchange_weak(&countdown, &left, left - 1))
        ;
    if (left != 1)
        return false;
    atomic_store(&made_to_fail, true);
    errno = ENOMEM;
    return true;
}

void *__wrap_malloc(size_t size)
{
    return fails_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    return fails_now() ? NULL : __real_calloc(count, size);
}

void *__wrap_realloc(void *memory, size_t size)
{
    return fails_now() ? NULL : __real_realloc(memory, size);
}

void *__wrap_aligned_alloc(size_t alignment, size_t size)
{
    return fails_now() ? NULL : __real_aligned_alloc(alignment, size);
}

unsigned assert_each_allocation_may_fail(void *(*attempt)(void *context), void (*undo)(void *made, void *context),
                                         void (*left_clean)(void), void *context)
{
    for (unsigned nth = 1;; nth++) {
        fail_allocation(nth);
        void *made = attempt(context);
        bool failed = allocation_failed();
        fail_allocation(0);
        if (!failed) {
            assert_non_null(made);
            if (undo)
                undo(made, context);
            return nth - 1;
        }
        if (made)
            fail_msg("the call succeeded though its allocation %u failed", nth);
        if (!strstr(sb_last_error(), "out of memory"))
            fail_msg("with its allocation %u failing, the call said \"%s\", not \"out of memory\"", nth,
                     sb_last_error());
        if (left_clean)
            left_clean();
    }
}
