#include "base/capacity.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

enum { LEAST_TASKS_KEPT_FREE = 1024, LEAST_DESCRIPTORS_KEPT_FREE = 64 };

/* Where /proc and the cgroup file system are read (sb_capacity_read_from). */
static const char *proc_root = "/proc", *cgroup_root = "/sys/fs/cgroup";

void sb_capacity_read_from(const char *proc, const char *cgroup)
{
    proc_root = proc ? proc : "/proc";
    cgroup_root = cgroup ? cgroup : "/sys/fs/cgroup";
}

/* `name` under the /proc in use, in `path` of PATH_MAX bytes. */
static const char *proc_path(const char *name, char *path)
{
    snprintf(path, PATH_MAX, "%s/%s", proc_root, name);
    return path;
}

/* The first number in `path`; false when there is none ("max" included). */
static bool read_number(const char *path, unsigned long long *value)
{
    FILE *file = fopen(path, "r");
    if (!file)
        return false;
    bool read = fscanf(file, "%llu", value) == 1;
    fclose(file);
    return read;
}

/* The value of `key` (kB) in /proc/meminfo, in bytes. */
static bool read_meminfo(const char *key, unsigned long long *bytes)
{
    char path[PATH_MAX];
    FILE *file = fopen(proc_path("meminfo", path), "r");
    if (!file)
        return false;
    char line[256];
    bool found = false;
    size_t key_length = strlen(key);
    while (!found && fgets(line, sizeof line, file))
        if (strncmp(line, key, key_length) == 0 && line[key_length] == ':')
            found = sscanf(line + key_length + 1, "%llu", bytes) == 1;
    fclose(file);
    *bytes *= 1024;
    return found;
}

/* The task ids in use on the machine: the total of /proc/loadavg's
 * "running/total" field; *in_use is left as it was where it cannot be
 * read. */
static void tasks_in_use(unsigned long long *in_use)
{
    char path[PATH_MAX];
    FILE *file = fopen(proc_path("loadavg", path), "r");
    if (!file)
        return;
    unsigned long long total;
    if (fscanf(file, "%*s %*s %*s %*u/%llu", &total) == 1)
        *in_use = total;
    fclose(file);
}

/* The path of this process's cgroup (v2) file `name`; false without one. */
static bool cgroup_file(const char *name, char *path, size_t size)
{
    char own[PATH_MAX];
    FILE *file = fopen(proc_path("self/cgroup", own), "r");
    if (!file)
        return false;
    char line[PATH_MAX];
    bool found = false;
    while (!found && fgets(line, sizeof line, file)) {
        if (strncmp(line, "0::", 3) == 0) {
            line[strcspn(line, "\n")] = '\0';
            found = snprintf(path, size, "%s%s/%s", cgroup_root, line + 3, name) < (int)size;
        }
    }
    fclose(file);
    return found;
}

/* Keeps the smaller of `capacity` and `limit - used`, with its reason. */
static void limit_by(sb_capacity *capacity, unsigned long long limit, unsigned long long used, const char *what)
{
    unsigned long long room = limit > used ? limit - used : 0;
    if (room < capacity->count) {
        capacity->count = (unsigned long)room;
        snprintf(capacity->reason, sizeof capacity->reason, "%s is %llu with %llu in use", what, limit, used);
    }
}

/* A limit less what is left to the rest of the machine: a tenth of it, at
 * least `least_kept`. */
static unsigned long long less_kept_free(unsigned long long limit, unsigned long long least_kept)
{
    unsigned long long kept = limit / 10 > least_kept ? limit / 10 : least_kept;
    return limit > kept ? limit - kept : 0;
}

sb_capacity sb_capacity_tasks(void)
{
    sb_capacity capacity = {.count = ULONG_MAX};
    snprintf(capacity.reason, sizeof capacity.reason, "no limit on task ids could be read");
    unsigned long long in_use = 0, limit, cgroup_used;
    tasks_in_use(&in_use);
    char path[PATH_MAX];
    if (read_number(proc_path("sys/kernel/pid_max", path), &limit))
        limit_by(&capacity, less_kept_free(limit, LEAST_TASKS_KEPT_FREE), in_use, "kernel.pid_max, less the ids kept free,");
    if (read_number(proc_path("sys/kernel/threads-max", path), &limit))
        limit_by(&capacity, less_kept_free(limit, LEAST_TASKS_KEPT_FREE), in_use, "kernel.threads-max, less the ids kept free,");
    struct rlimit nproc;
    if (getrlimit(RLIMIT_NPROC, &nproc) == 0 && nproc.rlim_cur != RLIM_INFINITY)
        limit_by(&capacity, nproc.rlim_cur, in_use, "RLIMIT_NPROC");
    if (cgroup_file("pids.max", path, sizeof path) && read_number(path, &limit) &&
        cgroup_file("pids.current", path, sizeof path) && read_number(path, &cgroup_used))
        limit_by(&capacity, limit, cgroup_used, "the cgroup's pids.max");
    return capacity;
}

sb_capacity sb_capacity_memory(size_t bytes_each)
{
    sb_capacity capacity = {.count = ULONG_MAX};
    snprintf(capacity.reason, sizeof capacity.reason, "no limit on memory could be read");
    unsigned long long available, limit, used;
    if (read_meminfo("MemAvailable", &available) && available / 2 / bytes_each < capacity.count) {
        capacity.count = (unsigned long)(available / 2 / bytes_each);
        snprintf(capacity.reason, sizeof capacity.reason,
                 "half of MemAvailable (%llu MiB) at %zu bytes each", available >> 20, bytes_each);
    }
    char path[PATH_MAX];
    if (cgroup_file("memory.max", path, sizeof path) && read_number(path, &limit) &&
        cgroup_file("memory.current", path, sizeof path) && read_number(path, &used) && limit > used &&
        (limit - used) / 2 / bytes_each < capacity.count) {
        capacity.count = (unsigned long)((limit - used) / 2 / bytes_each);
        snprintf(capacity.reason, sizeof capacity.reason,
                 "half of the cgroup's free memory.max (%llu MiB) at %zu bytes each", (limit - used) >> 20,
                 bytes_each);
    }
    return capacity;
}

/* The descriptors this process has open: the entries of /proc/self/fd, less
 * the one reading it. */
static bool descriptors_in_use(unsigned long long *in_use)
{
    char path[PATH_MAX];
    DIR *fds = opendir(proc_path("self/fd", path));
    if (!fds)
        return false;
    unsigned long long count = 0;
    for (struct dirent *entry; (entry = readdir(fds));)
        count += entry->d_name[0] != '.';
    closedir(fds);
    *in_use = count > 0 ? count - 1 : 0;
    return true;
}

sb_capacity sb_capacity_descriptors(unsigned descriptors_each)
{
    sb_capacity capacity = {.count = ULONG_MAX};
    snprintf(capacity.reason, sizeof capacity.reason, "no limit on file descriptors could be read");
    struct rlimit nofile;
    unsigned long long in_use;
    if (getrlimit(RLIMIT_NOFILE, &nofile) != 0 || nofile.rlim_cur == RLIM_INFINITY || !descriptors_in_use(&in_use))
        return capacity;
    unsigned long long limit = less_kept_free(nofile.rlim_cur, LEAST_DESCRIPTORS_KEPT_FREE);
    unsigned long long room = limit > in_use ? (limit - in_use) / descriptors_each : 0;
    capacity.count = (unsigned long)room;
    snprintf(capacity.reason, sizeof capacity.reason,
             "RLIMIT_NOFILE, less the descriptors kept free, is %llu with %llu in use, at %u each", limit, in_use,
             descriptors_each);
    return capacity;
}
