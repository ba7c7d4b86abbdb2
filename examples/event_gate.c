/*
 * The notes' Event snippet: ten threads print "ddd" and wait at an event;
 * the main thread reads a line and, if it is "1", sets the event, which lets
 * all ten go on at once to take one off v and print it.
 *
 *     v = 10
 *     lock = threading.Event()
 *     def func(arg):
 *         print("ddd")
 *         lock.wait()
 *         global v
 *         v -= 1
 *         print(v)
 *     for i in range(10):
 *         threading.Thread(target=func, args=(i,)).start()
 *     ev = input(">>")
 *     if ev == "1":
 *         lock.set()
 *
 * It reads a terminal or a pipe (echo 1 | event_gate), showing the ">>"
 * prompt on a terminal only, and reads once all ten wait, so every "ddd"
 * comes first. The ten run at once after the set, so `v -= 1` would race, as
 * it does in Python; v is atomic here: each value is printed once, though
 * not always in order. Any other answer leaves the event clear, and the
 * Python program waiting forever for its threads; this one says so and exits
 * with status 1, which ends them.
 */
#include "base/clock.h"
#include "base/error.h"
#include "python/sync.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { THREADS = 10 };

static sb_event *event;
static _Atomic int v = THREADS;

static void *func(void *arg)
{
    (void)arg;
    printf("ddd\n");
    if (sb_event_wait(event, SB_SYNC_WAIT_FOREVER) == 0)
        printf("%d\n", atomic_fetch_sub(&v, 1) - 1);
    return NULL;
}

int main(void)
{
    event = sb_event_create();
    if (!event) {
        fprintf(stderr, "event_gate: %s\n", sb_last_error());
        return 1;
    }
    pthread_t threads[THREADS];
    for (unsigned t = 0; t < THREADS; t++)
        if (pthread_create(&threads[t], NULL, func, NULL) != 0) {
            fprintf(stderr, "event_gate: cannot start thread %u\n", t);
            return 1;
        }
    while (sb_event_waiting(event) < THREADS)
        sb_sleep_ns(1000000);

    if (isatty(STDIN_FILENO))
        printf(">>");
    fflush(stdout);
    char answer[64] = "";
    if (fgets(answer, sizeof answer, stdin))
        answer[strcspn(answer, "\n")] = '\0';
    if (strcmp(answer, "1") != 0) {
        printf("the event stays clear: %d threads wait at it for good\n", THREADS);
        return 1;
    }
    sb_event_set(event);
    for (unsigned t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);
    sb_event_destroy(event);
    return 0;
}
