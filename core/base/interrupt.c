#include "base/interrupt.h"

#include <assert.h>
#include <stdatomic.h>

static atomic_bool requested;
static_assert(ATOMIC_BOOL_LOCK_FREE == 2, "set from a signal handler");

void sb_interrupt_request(void)
{
    atomic_store(&requested, true);
}

bool sb_interrupt_requested(void)
{
    return atomic_load(&requested);
}
