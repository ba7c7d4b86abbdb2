/*
 * The notes' greenlet snippet: three coroutines on one thread hand control
 * to each other explicitly.
 *
 *     def test1(): print(12); gr2.switch(); print(34); gr2.switch()
 *     def test2(): print(56); gr3.switch(); print(68)
 *     def test3(): print(777); gr1.switch()
 *     gr1 = greenlet(test1); gr2 = greenlet(test2); gr3 = greenlet(test3)
 *     gr1.switch()
 *
 * It prints 12, 56, 777, 34, 68. When test2 returns, control goes to gr2's
 * parent, the main flow, so test1 never prints past 34 and test3 never
 * returns: they end suspended, as they do in Python.
 */
#include "coro/coro.h"
#include "base/error.h"

#include <stdio.h>

static sb_coro *gr1, *gr2, *gr3;

static void *test1(void *value)
{
    printf("12\n");
    sb_coro_switch(gr2, NULL);
    printf("34\n");
    sb_coro_switch(gr2, NULL);
    return value;
}

static void *test2(void *value)
{
    printf("56\n");
    sb_coro_switch(gr3, NULL);
    printf("68\n");
    return value;
}

static void *test3(void *value)
{
    printf("777\n");
    sb_coro_switch(gr1, NULL);
    return value;
}

int main(void)
{
    gr1 = sb_coro_create(test1, SB_CORO_STACK_DEFAULT);
    gr2 = sb_coro_create(test2, SB_CORO_STACK_DEFAULT);
    gr3 = sb_coro_create(test3, SB_CORO_STACK_DEFAULT);
    if (!gr1 || !gr2 || !gr3) {
        fprintf(stderr, "greenlet_switch: %s\n", sb_last_error());
        return 1;
    }
    sb_coro_switch(gr1, NULL);
    sb_coro_destroy(gr1);
    sb_coro_destroy(gr2);
    sb_coro_destroy(gr3);
    return 0;
}
