#include "probes/wakeup_probe.h"

#include "base/clock.h"
#include "base/error.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sb_wakeup_probe {
    pthread_t thread;
    const sb_placement *placement;
    unsigned worker;
    uint64_t period_ns;
    sem_t placed;      /* posted once the thread has tried to bind */
    char failure[256]; /* why it could not; empty when it did */
    atomic_bool stop;
    double *lateness_ns;
    size_t max_samples, count;
};

static void *probe_thread(void *arg)
{
    sb_wakeup_probe *probe = arg;
    bool bound = sb_placement_bind_thread(probe->placement, probe->worker) == 0;
    if (!bound)
        snprintf(probe->failure, sizeof probe->failure, "wake-up probe: %s", sb_last_error());
    uint64_t tick = sb_clock_ns() + probe->period_ns;
    sem_post(&probe->placed);
    if (!bound)
        return NULL;
    while (probe->count < probe->max_samples && !atomic_load_explicit(&probe->stop, memory_order_relaxed)) {
        sb_sleep_until_ns(tick);
        uint64_t woke = sb_clock_ns();
        /* Signed: a wake-up before its tick shows as negative lateness
         * (a difference of unsigned moments would wrap to a huge one). */
        probe->lateness_ns[probe->count++] = (double)(int64_t)(woke - tick);
        while (tick <= woke)
            tick += probe->period_ns;
    }
    return NULL;
}

static void free_probe(sb_wakeup_probe *probe)
{
    sem_destroy(&probe->placed);
    free(probe);
}

sb_wakeup_probe *sb_wakeup_probe_start(const sb_placement *placement, unsigned worker, uint64_t period_ns,
                                       size_t max_samples)
{
    if (period_ns == 0 || max_samples == 0) {
        sb_set_error("a wake-up probe needs a period and room for samples (got %llu ns, %zu samples)",
                     (unsigned long long)period_ns, max_samples);
        return NULL;
    }
    sb_wakeup_probe *probe = calloc(1, sizeof *probe);
    double *lateness_ns = malloc(max_samples * sizeof *lateness_ns);
    if (!probe || !lateness_ns) {
        free(probe);
        free(lateness_ns);
        sb_set_error("out of memory");
        return NULL;
    }
    probe->placement = placement;
    probe->worker = worker;
    probe->period_ns = period_ns;
    probe->lateness_ns = lateness_ns;
    probe->max_samples = max_samples;
    sem_init(&probe->placed, 0, 0);
    int rc = pthread_create(&probe->thread, NULL, probe_thread, probe);
    if (rc != 0) {
        sb_set_error("cannot start the wake-up probe: %s", strerror(rc));
        free(lateness_ns);
        free_probe(probe);
        return NULL;
    }
    while (sem_wait(&probe->placed) != 0)
        ;
    if (probe->failure[0]) {
        pthread_join(probe->thread, NULL);
        sb_set_error("%s", probe->failure);
        free(lateness_ns);
        free_probe(probe);
        return NULL;
    }
    return probe;
}

void sb_wakeup_probe_stop(sb_wakeup_probe *probe, double **lateness_ns, size_t *count)
{
    atomic_store_explicit(&probe->stop, true, memory_order_relaxed);
    pthread_join(probe->thread, NULL);
    *lateness_ns = probe->lateness_ns;
    *count = probe->count;
    free_probe(probe);
}
