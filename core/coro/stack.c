#include "coro/stack.h"

#include "base/error.h"

#include <errno.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static size_t page_size(void)
{
    return (size_t)sysconf(_SC_PAGESIZE);
}

int sb_coro_stack_alloc(sb_coro_stack *stack, size_t size)
{
    size_t page = page_size();
    if (size == 0 || size > SIZE_MAX - 2 * page) {
        sb_set_error("a coroutine stack cannot have %zu bytes", size);
        return -1;
    }
    size_t usable = (size + page - 1) / page * page;
    char *mapping = mmap(NULL, usable + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (mapping == MAP_FAILED) {
        sb_set_error("cannot map a %zu-byte coroutine stack: %s", usable, strerror(errno));
        return -1;
    }
    if (mprotect(mapping, page, PROT_NONE) != 0) {
        sb_set_error("cannot protect a coroutine stack's guard page: %s", strerror(errno));
        munmap(mapping, usable + page);
        return -1;
    }
    stack->bottom = mapping + page;
    stack->size = usable;
    return 0;
}

void sb_coro_stack_free(const sb_coro_stack *stack)
{
    size_t page = page_size();
    munmap((char *)stack->bottom - page, stack->size + page);
}

void *sb_coro_stack_take_top(sb_coro_stack *stack, size_t size, size_t least_left)
{
    size_t alignment = alignof(max_align_t);
    if (stack->size < size + alignment + least_left)
        return NULL;
    uintptr_t bottom = (uintptr_t)stack->bottom;
    uintptr_t taken = (bottom + stack->size - size) & ~(uintptr_t)(alignment - 1);
    stack->size = taken - bottom;
    return (void *)taken;
}

/* Not a value a stack is likely to hold: not a small number, an address, or
 * a run of one byte. */
static const uint64_t TAIL_PATTERN = 0x5b7a11ed0ddc0ffeu;

enum { TAIL_WORDS = SB_CORO_STACK_TAIL / sizeof(uint64_t) };

/* The tail may hold what AddressSanitizer poisoned for an earlier frame on
 * the stack: the pattern is ours to read and write whatever it says. */
__attribute__((no_sanitize("address"))) void sb_coro_stack_mark_tail(const sb_coro_stack *stack)
{
    volatile uint64_t *tail = stack->bottom;
    for (size_t w = 0; w < TAIL_WORDS; w++)
        tail[w] = TAIL_PATTERN;
}

__attribute__((no_sanitize("address"))) bool sb_coro_stack_tail_intact(const sb_coro_stack *stack)
{
    const volatile uint64_t *tail = stack->bottom;
    uint64_t differs = 0;
    for (size_t w = 0; w < TAIL_WORDS; w++)
        differs |= tail[w] ^ TAIL_PATTERN;
    return differs == 0;
}
