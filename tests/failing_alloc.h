/*
 * failing_alloc: memory that runs out on request, for the tests of code that
 * must fail cleanly when an allocation fails (an error said, nothing leaked,
 * no crash). A test program linked with --wrap for malloc, calloc, realloc
 * and aligned_alloc (tests/CMakeLists.txt says which) sends those calls of
 * the code it links statically through here; the C library's own
 * allocations, and cmocka's, are not.
 */
#ifndef SLICEBENCH_FAILING_ALLOC_H
#define SLICEBENCH_FAILING_ALLOC_H

#include <stdbool.h>

/* The nth allocation from now on (1 the next) fails with ENOMEM, once;
 * 0 makes none fail. */
void fail_allocation(unsigned nth);

/* Whether the allocation asked to fail has been made to fail since the last
 * fail_allocation(): false means the code under test made fewer. */
bool allocation_failed(void);

/* Calls `attempt` with each of the allocations it makes failing in turn,
 * the first, then the second, and so on: each such call must return NULL
 * and say "out of memory", and `left_clean` (when given) checks that it left
 * nothing behind (a child process, a thread). Then, once a call made fewer
 * allocations than the one asked to fail, that call must have succeeded,
 * and `undo` (when given) is given what it made. Returns how many calls
 * failed. */
unsigned assert_each_allocation_may_fail(void *(*attempt)(void *context), void (*undo)(void *made, void *context),
                                         void (*left_clean)(void), void *context);

#endif
