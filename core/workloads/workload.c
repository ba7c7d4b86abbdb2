#include "workloads/workload.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/stats.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const sb_workload *const sb_workloads[] = {
#define SB_WORKLOAD(name, file) &sb_workload_##name,
#include "workloads/workloads.def"
#undef SB_WORKLOAD
    NULL,
};

unsigned sb_workload_index(const sb_workload *workload)
{
    unsigned index = 0;
    while (sb_workloads[index] && sb_workloads[index] != workload)
        index++;
    return index;
}

const sb_workload *sb_workload_find(const char *name)
{
    for (const sb_workload *const *w = sb_workloads; *w; w++)
        if (strcmp((*w)->name, name) == 0)
            return *w;
    sb_set_error("unknown workload '%s'", name);
    return NULL;
}

const char *sb_workload_kind_name(sb_workload_kind kind)
{
    return kind == SB_WORKLOAD_CPU ? "cpu" : "io";
}

int sb_workload_open(const sb_workload *workload, uint64_t size)
{
    return workload->open ? workload->open(size) : 0;
}

void sb_workload_close(const sb_workload *workload)
{
    if (workload->close)
        workload->close();
}

/* Per thread, since each of a model's threads runs its own tasks; set and
 * taken with no wait between, so a coroutine hub's tasks cannot mix them. */
static _Thread_local bool task_failed;

void sb_workload_fail(const char *fmt, ...)
{
    char reason[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    sb_set_error("%s", reason);
    task_failed = true;
}

bool sb_workload_take_failure(void)
{
    bool failed = task_failed;
    task_failed = false;
    return failed;
}

uint64_t sb_workload_size_by_timing(const sb_workload *workload, uint64_t probe_size, uint64_t ns)
{
    enum { SAMPLES = 5 };
    if (sb_workload_open(workload, probe_size) != 0)
        return probe_size;
    double ns_per_unit[SAMPLES];
    volatile uint64_t sink = 0;
    for (int s = 0; s < SAMPLES; s++) {
        uint64_t start = sb_clock_ns();
        sink += workload->run(probe_size, (uint64_t)s);
        ns_per_unit[s] = (double)(sb_clock_ns() - start) / (double)probe_size;
    }
    (void)sink;
    sb_workload_close(workload);
    sb_workload_take_failure();
    double per_unit = sb_median(ns_per_unit, SAMPLES);
    uint64_t size = per_unit > 0 ? (uint64_t)((double)ns / per_unit) : ns;
    return size > 0 ? size : 1;
}
