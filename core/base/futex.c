#include "base/futex.h"

#include "base/clock.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

static int scope_flag(sb_futex_scope scope)
{
    return scope == SB_FUTEX_PRIVATE ? FUTEX_PRIVATE_FLAG : 0;
}

int sb_futex_wait(_Atomic uint32_t *word, uint32_t expected, uint64_t deadline_ns, sb_futex_scope scope)
{
    /* FUTEX_WAIT_BITSET takes an absolute deadline on CLOCK_MONOTONIC, the
     * suite's clock, so a wait cut short by a signal resumes with the same
     * deadline rather than a fresh timeout. */
    struct timespec deadline = sb_clock_timespec(deadline_ns);
    long rc = syscall(SYS_futex, word, FUTEX_WAIT_BITSET | scope_flag(scope), expected,
                      deadline_ns == UINT64_MAX ? NULL : &deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    return rc == -1 && errno == ETIMEDOUT ? SB_FUTEX_TIMED_OUT : 0;
}

void sb_futex_wake(_Atomic uint32_t *word, int count, sb_futex_scope scope)
{
    syscall(SYS_futex, word, FUTEX_WAKE | scope_flag(scope), count, NULL, NULL, 0);
}
