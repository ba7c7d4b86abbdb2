/*
 * The notes' Condition snippet: ten threads print "ddd" and wait on a
 * condition; the main thread reads numbers, and for each n notifies n of the
 * waiters, which take one off v and print it, one at a time, since each
 * holds the condition's lock to do so.
 *
 *     v = 10
 *     lock = threading.Condition()
 *     def func(arg):
 *         print("ddd")
 *         lock.acquire()
 *         lock.wait()
 *         global v
 *         v -= 1
 *         print(v)
 *         lock.release()
 *     for i in range(10):
 *         threading.Thread(target=func, args=(i,)).start()
 *     while True:
 *         lock.acquire()
 *         n = input(">>")
 *         lock.notify(int(n))
 *         lock.release()
 *
 * It reads a terminal or a pipe (printf '3\n2\n' | condition_notify),
 * showing the ">>" prompt on a terminal only. So that what it prints follows
 * what it reads, it reads once all ten wait, echoes each number as
 * "notify(n)", and waits for the threads it picked to print before it reads
 * on. At the end of the input, where the Python program dies of an EOFError
 * and leaves its threads waiting forever, it notifies all that still wait,
 * and so ends; it does the same after a line that is not a whole number,
 * which is an error (status 2), as int() raising ValueError is in Python.
 */
#include "base/error.h"
#include "python/sync.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { THREADS = 10 };

/* Python's Condition() makes itself an RLock. `progress` shares it and
 * tells the main thread that a thread has begun to wait, or has printed. */
static sb_rlock *rlock;
static sb_condition *condition, *progress;
static unsigned arrived, printed; /* guarded by the lock */
static int v = THREADS;           /* likewise */

static void *func(void *arg)
{
    (void)arg;
    printf("ddd\n");
    sb_condition_acquire(condition, SB_SYNC_WAIT_FOREVER);
    arrived++;
    sb_condition_notify_all(progress);
    sb_condition_wait(condition, SB_SYNC_WAIT_FOREVER);
    v -= 1;
    printf("%d\n", v);
    printed++;
    sb_condition_notify_all(progress);
    sb_condition_release(condition);
    return NULL;
}

/* With the lock held: waits until `*count` reaches `target`. */
static void wait_for(const unsigned *count, unsigned target)
{
    while (*count < target)
        sb_condition_wait(progress, SB_SYNC_WAIT_FOREVER);
}

/* Reads a whole number n >= 0 from a line; 0 at the end of the input, 1
 * with *n read, -1 when the line is not a whole number. */
static int read_count(unsigned *n)
{
    char line[64];
    if (isatty(STDIN_FILENO))
        printf(">>");
    fflush(stdout);
    if (!fgets(line, sizeof line, stdin))
        return 0;
    const char *digits = line + strspn(line, " \t");
    char *end;
    unsigned long value = strtoul(digits, &end, 10);
    if (!isdigit((unsigned char)*digits) || end[strspn(end, " \t\r\n")] != '\0') {
        fprintf(stderr, "condition_notify: expected a whole number of threads to notify, got '%.*s'\n",
                (int)strcspn(line, "\r\n"), line);
        return -1;
    }
    *n = value > UINT_MAX ? UINT_MAX : (unsigned)value;
    return 1;
}

int main(void)
{
    rlock = sb_rlock_create();
    condition = rlock ? sb_condition_create_on_rlock(rlock) : NULL;
    progress = condition ? sb_condition_create_on_rlock(rlock) : NULL;
    if (!progress) {
        fprintf(stderr, "condition_notify: %s\n", sb_last_error());
        return 1;
    }
    pthread_t threads[THREADS];
    for (unsigned t = 0; t < THREADS; t++)
        if (pthread_create(&threads[t], NULL, func, NULL) != 0) {
            fprintf(stderr, "condition_notify: cannot start thread %u\n", t);
            return 1;
        }

    sb_condition_acquire(condition, SB_SYNC_WAIT_FOREVER);
    wait_for(&arrived, THREADS);
    unsigned notified = 0, n;
    int got;
    while ((got = read_count(&n)) == 1) {
        printf("notify(%u)\n", n);
        sb_condition_notify(condition, n);
        notified = THREADS - sb_condition_waiting(condition);
        wait_for(&printed, notified);
    }
    if (notified < THREADS) {
        printf("notify_all()\n");
        sb_condition_notify_all(condition);
        wait_for(&printed, THREADS);
    }
    sb_condition_release(condition);
    for (unsigned t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);
    sb_condition_destroy(progress);
    sb_condition_destroy(condition);
    sb_rlock_destroy(rlock);
    return got == 0 ? 0 : 2;
}
