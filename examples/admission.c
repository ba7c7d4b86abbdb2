/*
 * The notes' Lock and BoundedSemaphore snippets, which differ only in the
 * primitive: ten threads each print "ddd", then, once admitted, sleep, take
 * one off v, print it and leave.
 *
 *     v = 10
 *     lock = threading.Lock()          # or threading.BoundedSemaphore(3)
 *     def func(arg):
 *         print("ddd")
 *         lock.acquire()
 *         time.sleep(1)
 *         global v
 *         v -= 1
 *         print(v)
 *         lock.release()
 *
 * A Lock admits one thread at a time, so v counts down 9 to 0, one value per
 * sleep. A BoundedSemaphore(3) admits three, so values come three per sleep;
 * three threads are inside at once, so `v -= 1` would race, as it does in
 * Python, and v is atomic here: each value is printed once, though not
 * always in order. Last comes the most threads that were inside at once.
 *
 *     admission lock|semaphore [SLEEP_MS]   (SLEEP_MS: default 100, for the notes' 1 s)
 */
#include "base/clock.h"
#include "base/error.h"
#include "python/sync.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 10, SEMAPHORE_VALUE = 3 };

/* One of the two is used. */
static sb_lock *lock;
static sb_bounded_semaphore *semaphore;

static uint64_t sleep_ns = 100 * 1000000u;
static _Atomic int v = THREADS;
static _Atomic unsigned inside, most_inside;

static int enter(void)
{
    return lock ? sb_lock_acquire(lock, SB_SYNC_WAIT_FOREVER)
                : sb_bounded_semaphore_acquire(semaphore, SB_SYNC_WAIT_FOREVER);
}

static int leave(void)
{
    return lock ? sb_lock_release(lock) : sb_bounded_semaphore_release(semaphore);
}

static _Atomic bool failed;

static void fail(void)
{
    fprintf(stderr, "admission: %s\n", sb_last_error());
    atomic_store(&failed, true);
}

static void *func(void *arg)
{
    (void)arg;
    printf("ddd\n");
    if (enter() != 0) {
        fail();
        return NULL;
    }
    unsigned now = atomic_fetch_add(&inside, 1) + 1;
    for (unsigned most = atomic_load(&most_inside); now > most;)
        atomic_compare_exchange_weak(&most_inside, &most, now);
    sb_sleep_ns(sleep_ns);
    printf("%d\n", atomic_fetch_sub(&v, 1) - 1);
    atomic_fetch_sub(&inside, 1);
    if (leave() != 0)
        fail();
    return NULL;
}

/* Makes the primitive argv[1] names and reads the sleep; false on bad usage. */
static bool parse_arguments(int argc, char **argv)
{
    if (argc < 2 || argc > 3)
        return false;
    if (argc == 3) {
        char *end;
        unsigned long ms = strtoul(argv[2], &end, 10);
        if (end == argv[2] || *end || argv[2][0] == '-' || ms > 60000)
            return false;
        sleep_ns = ms * 1000000u;
    }
    if (strcmp(argv[1], "lock") == 0)
        lock = sb_lock_create();
    else if (strcmp(argv[1], "semaphore") == 0)
        semaphore = sb_bounded_semaphore_create(SEMAPHORE_VALUE);
    else
        return false;
    return true;
}

int main(int argc, char **argv)
{
    if (!parse_arguments(argc, argv)) {
        fprintf(stderr, "usage: admission lock|semaphore [SLEEP_MS, 0 to 60000]\n");
        return 2;
    }
    if (!lock && !semaphore) {
        fprintf(stderr, "admission: %s\n", sb_last_error());
        return 1;
    }
    pthread_t threads[THREADS];
    unsigned started = 0;
    while (started < THREADS && pthread_create(&threads[started], NULL, func, NULL) == 0)
        started++;
    if (started < THREADS) {
        fprintf(stderr, "admission: cannot start thread %u\n", started);
        atomic_store(&failed, true);
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    printf("most inside at once: %u\n", atomic_load(&most_inside));
    sb_lock_destroy(lock);
    sb_bounded_semaphore_destroy(semaphore);
    return atomic_load(&failed) ? 1 : 0;
}
