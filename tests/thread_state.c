#include "thread_state.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

pid_t thread_state_tid(void)
{
    return (pid_t)syscall(SYS_gettid);
}

static FILE *open_task_file(pid_t tid, const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/%s", (int)tid, name);
    return fopen(path, "r");
}

bool thread_sleeps_in(pid_t tid, long nr)
{
    FILE *file = open_task_file(tid, "syscall");
    if (!file)
        return false;
    /* "running" while on a CPU or runnable; else the call's number (-1
     * outside any) and its arguments. */
    long seen;
    bool sleeping = fscanf(file, "%ld", &seen) == 1 && seen == nr;
    fclose(file);
    return sleeping;
}

void wait_until_thread_sleeps_in(pid_t tid, long nr)
{
    while (!thread_sleeps_in(tid, nr))
        sched_yield();
}

bool thread_exists(pid_t tid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d", (int)tid);
    return access(path, F_OK) == 0;
}

unsigned threads_of_this_process(void)
{
    DIR *tasks = opendir("/proc/self/task");
    unsigned count = 0;
    for (struct dirent *entry; tasks && (entry = readdir(tasks));)
        count += entry->d_name[0] != '.';
    if (tasks)
        closedir(tasks);
    return count;
}

unsigned threads_once_down_to(unsigned expected)
{
    enum { POLL_NS = 1000000, GIVE_UP_NS = 10000000000 };
    unsigned count = threads_of_this_process();
    for (uint64_t waited = 0; count > expected && waited < GIVE_UP_NS; waited += POLL_NS) {
        nanosleep(&(struct timespec){.tv_nsec = POLL_NS}, NULL);
        count = threads_of_this_process();
    }
    return count;
}

unsigned long thread_voluntary_switches(pid_t tid)
{
    FILE *file = open_task_file(tid, "status");
    unsigned long switches = 0;
    if (!file)
        return 0;
    char line[256];
    while (fgets(line, sizeof line, file))
        if (sscanf(line, "voluntary_ctxt_switches: %lu", &switches) == 1)
            break;
    fclose(file);
    return switches;
}

int widen_affinity(cpu_set_t *saved)
{
    if (sched_getaffinity(0, sizeof *saved, saved) != 0)
        return -1;
    cpu_set_t every;
    memset(&every, 0xff, sizeof every);
    /* The kernel keeps only the CPUs that exist and that the cgroup allows. */
    if (sched_setaffinity(0, sizeof every, &every) != 0 || sched_getaffinity(0, sizeof every, &every) != 0)
        return -1;
    return CPU_COUNT(&every);
}

bool affinity_is_only(pid_t tid, int cpu)
{
    cpu_set_t set;
    return cpu >= 0 && sched_getaffinity(tid, sizeof set, &set) == 0 && CPU_COUNT(&set) == 1 && CPU_ISSET(cpu, &set);
}

int pin_to_one_cpu(cpu_set_t *saved)
{
    if (sched_getaffinity(0, sizeof *saved, saved) != 0)
        return -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, saved)) {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            return sched_setaffinity(0, sizeof one, &one);
        }
    }
    return -1;
}
