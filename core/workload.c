#include "workload.h"

#include "error.h"

#include <string.h>

const sb_workload *const sb_workloads[] = {
    &sb_workload_cpu_int,
    &sb_workload_timer,
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
