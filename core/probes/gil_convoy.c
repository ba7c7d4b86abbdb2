#include "probes/gil_convoy.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/task_hooks.h"
#include "workloads/workload.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct round_run {
    const sb_convoy_interpreter *interpreter;
    sem_t running; /* posted by each CPU-bound thread after its first slice */
    atomic_bool stop;
} round_run;

typedef struct cpu_thread {
    pthread_t thread;
    round_run *run;
    uint64_t kernel_result; /* kept so the kernel's work cannot be dropped */
} cpu_thread;

static void enter(const sb_convoy_interpreter *interpreter)
{
    if (interpreter)
        interpreter->enter(interpreter->context);
}

static void leave(const sb_convoy_interpreter *interpreter)
{
    if (interpreter)
        interpreter->leave(interpreter->context);
}

static void *cpu_thread_main(void *arg)
{
    cpu_thread *self = arg;
    round_run *run = self->run;
    enter(run->interpreter);
    /* One slice of the kernel, then its checkpoint (cpu_int runs one). */
    uint64_t x = sb_workload_cpu_int.run(SB_TASK_CHECKPOINT_STEPS, 0);
    sem_post(&run->running);
    while (!atomic_load_explicit(&run->stop, memory_order_relaxed))
        x = sb_workload_cpu_int.run(SB_TASK_CHECKPOINT_STEPS, x);
    self->kernel_result = x;
    leave(run->interpreter);
    return NULL;
}

static void stop_and_join(round_run *run, cpu_thread *threads, unsigned started)
{
    atomic_store_explicit(&run->stop, true, memory_order_relaxed);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i].thread, NULL);
}

/* The IO thread's part, on the calling thread: sleep, and note how much
 * longer than asked each sleep took, until the round has enough or its time
 * is up. */
static void sleep_and_measure(const sb_convoy_round *round, sb_convoy_result *result)
{
    enter(round->interpreter);
    uint64_t end = sb_clock_deadline_ns(round->time_cap_ns);
    uint64_t now;
    do {
        uint64_t asleep = sb_clock_ns();
        sb_task_sleep_ns(round->sleep_ns);
        now = sb_clock_ns();
        result->lateness_ns[result->wakeups++] = (double)(now - asleep) - (double)round->sleep_ns;
    } while (result->wakeups < round->max_wakeups && now < end);
    leave(round->interpreter);
}

static int check_round(const sb_convoy_round *round)
{
    const sb_convoy_interpreter *interpreter = round->interpreter;
    if (round->cpu_threads > SB_CONVOY_MAX_CPU_THREADS || round->sleep_ns == 0 || round->max_wakeups == 0 ||
        round->time_cap_ns == 0) {
        sb_set_error("a convoy round needs 0 to %d CPU-bound threads, a sleep, room for wake-ups and a time cap "
                     "(got %u threads, %llu ns, %zu wake-ups, %llu ns)",
                     SB_CONVOY_MAX_CPU_THREADS, round->cpu_threads, (unsigned long long)round->sleep_ns,
                     round->max_wakeups, (unsigned long long)round->time_cap_ns);
        return -1;
    }
    if (interpreter && (!interpreter->enter || !interpreter->leave)) {
        sb_set_error("a convoy round's interpreter needs both an enter and a leave");
        return -1;
    }
    return 0;
}

int sb_convoy_run(const sb_convoy_round *round, sb_convoy_result *result)
{
    *result = (sb_convoy_result){0};
    if (check_round(round) != 0)
        return -1;
    unsigned k = round->cpu_threads;
    cpu_thread *threads = calloc(k ? k : 1, sizeof *threads);
    result->lateness_ns = malloc(round->max_wakeups * sizeof *result->lateness_ns);
    if (!threads || !result->lateness_ns) {
        free(threads);
        sb_convoy_result_free(result);
        sb_set_error("out of memory");
        return -1;
    }
    round_run run = {.interpreter = round->interpreter};
    sem_init(&run.running, 0, 0);

    unsigned started = 0;
    int rc = 0;
    for (; started < k; started++) {
        threads[started].run = &run;
        rc = pthread_create(&threads[started].thread, NULL, cpu_thread_main, &threads[started]);
        if (rc != 0)
            break;
    }
    if (rc != 0) {
        stop_and_join(&run, threads, started);
        sb_set_error("cannot start CPU-bound thread %u of %u: %s", started + 1, k, strerror(rc));
        sb_convoy_result_free(result);
    } else {
        /* The wake-ups are measured beside threads that are all running (or
         * all queued for the GIL), not beside their start. */
        for (unsigned i = 0; i < k; i++)
            while (sem_wait(&run.running) != 0)
                ;
        sleep_and_measure(round, result);
        stop_and_join(&run, threads, started);
    }
    sem_destroy(&run.running);
    free(threads);
    return rc != 0 ? -1 : 0;
}

void sb_convoy_result_free(sb_convoy_result *result)
{
    free(result->lateness_ns);
    *result = (sb_convoy_result){0};
}

double sb_convoy_long_wait_share(const double *lateness_ns, size_t count, uint64_t switch_interval_ns)
{
    double bound_ns = SB_CONVOY_LONG_WAIT_INTERVALS * (double)switch_interval_ns;
    size_t long_waits = 0;
    for (size_t i = 0; i < count; i++)
        long_waits += lateness_ns[i] > bound_ns;
    return (double)long_waits / (double)count;
}
