/* The machine's load from /proc: see machine_load.h. */
#include "base/machine_load.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/usage.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The files read: the kernel's, or those a test stands in for them. */
static const char *stat_path = "/proc/stat", *loadavg_path = "/proc/loadavg";

void sb_machine_load_read_from(const char *stat_file, const char *loadavg_file)
{
    stat_path = stat_file ? stat_file : "/proc/stat";
    loadavg_path = loadavg_file ? loadavg_file : "/proc/loadavg";
}

/* The first line of /proc/stat, "cpu  user nice system idle iowait irq
 * softirq steal guest guest_nice", in clock ticks; guest time is already
 * counted in user and nice. */
static int read_cpu_line(double *busy_s, double *steal_s, double *total_s)
{
    FILE *stat = fopen(stat_path, "re");
    if (!stat) {
        sb_set_error("cannot open %s: %s", stat_path, strerror(errno));
        return -1;
    }
    unsigned long long user, nice, system, idle, iowait, irq, softirq, steal;
    int read = fscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle, &iowait,
                      &irq, &softirq, &steal);
    fclose(stat);
    if (read != 8) {
        sb_set_error("%s does not start with the eight times of a cpu line", stat_path);
        return -1;
    }
    double tick_s = 1.0 / (double)sysconf(_SC_CLK_TCK);
    *busy_s = (double)(user + nice + system + irq + softirq) * tick_s;
    *steal_s = (double)steal * tick_s;
    *total_s = (double)(user + nice + system + idle + iowait + irq + softirq + steal) * tick_s;
    return 0;
}

static int read_load_avg(double load_avg[3])
{
    FILE *file = fopen(loadavg_path, "re");
    if (!file) {
        sb_set_error("cannot open %s: %s", loadavg_path, strerror(errno));
        return -1;
    }
    int read = fscanf(file, "%lf %lf %lf", &load_avg[0], &load_avg[1], &load_avg[2]);
    fclose(file);
    if (read != 3) {
        sb_set_error("%s does not start with three load averages", loadavg_path);
        return -1;
    }
    return 0;
}

int sb_machine_mark_now(sb_machine_mark *mark)
{
    sb_usage self = sb_usage_self(), children = sb_usage_children();
    mark->own_cpu_s = self.user_s + self.system_s + children.user_s + children.system_s;
    mark->at_ns = sb_clock_ns();
    if (read_cpu_line(&mark->busy_s, &mark->steal_s, &mark->total_s) != 0)
        return -1;
    return read_load_avg(mark->load_avg);
}

sb_machine_load sb_machine_load_between(const sb_machine_mark *before, const sb_machine_mark *after)
{
    sb_machine_load load = {.run_s = (double)(after->at_ns - before->at_ns) / 1e9};
    /* The kernel's ticks and getrusage round differently: a small negative
     * difference is rounding, not negative work. */
    double others_s = (after->busy_s - before->busy_s) - (after->own_cpu_s - before->own_cpu_s);
    if (others_s > 0 && load.run_s > 0)
        load.others_cpu_pus = others_s / load.run_s;
    double total_s = after->total_s - before->total_s;
    if (total_s > 0)
        load.steal_share = (after->steal_s - before->steal_s) / total_s;
    return load;
}

/* procs_running from /proc/stat: the tasks running or ready to run, the
 * reader included. */
static int read_procs_running(long *running)
{
    FILE *stat = fopen(stat_path, "re");
    if (!stat) {
        sb_set_error("cannot open %s: %s", stat_path, strerror(errno));
        return -1;
    }
    char line[256];
    int found = 0;
    while (!found && fgets(line, sizeof line, stat))
        found = sscanf(line, "procs_running %ld", running) == 1;
    fclose(stat);
    if (!found) {
        sb_set_error("%s has no procs_running line", stat_path);
        return -1;
    }
    return 0;
}

double sb_machine_runnable_others(double seconds)
{
    enum { SAMPLE_NS = 1000000 };
    uint64_t end = sb_clock_ns() + (uint64_t)(seconds * 1e9);
    double sum = 0;
    long samples = 0;
    do {
        long running;
        if (read_procs_running(&running) != 0)
            return -1;
        sum += (double)(running - 1);
        samples++;
        sb_sleep_ns(SAMPLE_NS);
    } while (sb_clock_ns() < end);
    return sum / (double)samples;
}

const char *sb_machine_governor(char *text, size_t size)
{
    snprintf(text, size, "none");
    FILE *file = fopen("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "re");
    if (!file)
        return text;
    if (fgets(text, (int)size, file))
        text[strcspn(text, "\n")] = '\0';
    else
        snprintf(text, size, "none");
    fclose(file);
    return text;
}
