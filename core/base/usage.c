#include "base/usage.h"

#include "base/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static sb_usage usage_of(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return (sb_usage){
        .user_s = seconds(ru.ru_utime),
        .system_s = seconds(ru.ru_stime),
        .voluntary_switches = ru.ru_nvcsw,
        .involuntary_switches = ru.ru_nivcsw,
        .minor_faults = ru.ru_minflt,
        .max_rss_kb = ru.ru_maxrss,
    };
}

sb_usage sb_usage_self(void)
{
    return usage_of(RUSAGE_SELF);
}

sb_usage sb_usage_thread(void)
{
    return usage_of(RUSAGE_THREAD);
}

sb_usage sb_usage_children(void)
{
    return usage_of(RUSAGE_CHILDREN);
}

sb_usage sb_usage_between(sb_usage before, sb_usage after)
{
    return (sb_usage){
        .user_s = after.user_s - before.user_s,
        .system_s = after.system_s - before.system_s,
        .voluntary_switches = after.voluntary_switches - before.voluntary_switches,
        .involuntary_switches = after.involuntary_switches - before.involuntary_switches,
        .minor_faults = after.minor_faults - before.minor_faults,
        .max_rss_kb = after.max_rss_kb,
    };
}

long sb_usage_resident_kb(void)
{
    FILE *statm = fopen("/proc/self/statm", "r");
    long size_pages, resident_pages;
    int fields = statm ? fscanf(statm, "%ld %ld", &size_pages, &resident_pages) : 0;
    int read_errno = errno;
    if (statm)
        fclose(statm);
    if (fields != 2) {
        sb_set_error("cannot read /proc/self/statm: %s", statm ? "unexpected contents" : strerror(read_errno));
        return -1;
    }
    return resident_pages * (sysconf(_SC_PAGESIZE) / 1024);
}
