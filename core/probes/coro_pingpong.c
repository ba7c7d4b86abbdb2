#include "probes/coro_pingpong.h"

#include "base/error.h"
#include "coro/coro.h"

#include <stdlib.h>

struct sb_coro_pingpong {
    sb_coro *partner;
};

/* Sends every value straight back to the coroutine that resumed it; NULL
 * ends it. */
static void *echo(void *value)
{
    sb_coro *caller = sb_coro_parent(sb_coro_current());
    while (value)
        value = sb_coro_switch(caller, value);
    return NULL;
}

sb_coro_pingpong *sb_coro_pingpong_start(void)
{
    sb_coro_pingpong *pingpong = malloc(sizeof *pingpong);
    if (!pingpong) {
        sb_set_error("out of memory");
        return NULL;
    }
    pingpong->partner = sb_coro_create(echo, SB_CORO_STACK_DEFAULT);
    if (!pingpong->partner) {
        free(pingpong);
        return NULL;
    }
    return pingpong;
}

int sb_coro_pingpong_rounds(sb_coro_pingpong *pingpong, uint64_t rounds)
{
    for (uint64_t i = 0; i < rounds; i++) {
        if (sb_coro_switch(pingpong->partner, pingpong) != pingpong) {
            sb_set_error("a coroutine ping-pong's partner handed back another value than it was given");
            return -1;
        }
    }
    return 0;
}

void sb_coro_pingpong_finish(sb_coro_pingpong *pingpong)
{
    sb_coro_switch(pingpong->partner, NULL);
    sb_coro_destroy(pingpong->partner);
    free(pingpong);
}
