#include "futex.h"

#include "clock.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

int sb_futex_wait(_Atomic uint32_t *word, uint32_t expected, uint64_t deadline_ns)
{
    /* FUTEX_WAIT_BITSET takes an absolute deadline on CLOCK_MONOTONIC, the
     * suite's clock, so a wait cut short by a signal resumes with the same
     * deadline rather than a fresh timeout. */
    struct timespec deadline = sb_clock_timespec(deadline_ns);
    long rc = syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected,
                      deadline_ns == UINT64_MAX ? NULL : &deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    return rc == -1 && errno == ETIMEDOUT ? SB_FUTEX_TIMED_OUT : 0;
}

void sb_futex_wake(_Atomic uint32_t *word, int count)
{
    syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, NULL, NULL, 0);
}
