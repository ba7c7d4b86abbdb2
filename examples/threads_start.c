/*
 * The notes' first snippet: ten threads each sleep, then print their
 * argument; the main thread prints "hello" at once and then waits for them.
 *
 *     for i in range(10):
 *         Thread(target=func, args=(i,)).start()   # func: sleep(1); print(arg)
 *     print("hello")
 *
 * "hello" comes first; the ten numbers follow in whatever order the threads
 * wake. Python waits for non-daemon threads at exit; C must join them.
 * Optional argument: the sleep in milliseconds (default 1000).
 */
#include "base/clock.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t sleep_ns = 1000000000u;

static void *func(void *arg)
{
    sb_sleep_ns(sleep_ns);
    printf("%d\n", (int)(intptr_t)arg);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        sleep_ns = strtoull(argv[1], NULL, 10) * 1000000u;
    pthread_t threads[10];
    for (int i = 0; i < 10; i++)
        if (pthread_create(&threads[i], NULL, func, (void *)(intptr_t)i) != 0) {
            fprintf(stderr, "threads_start: cannot create thread %d\n", i);
            return 1;
        }
    printf("hello\n");
    fflush(stdout);
    for (int i = 0; i < 10; i++)
        pthread_join(threads[i], NULL);
    return 0;
}
