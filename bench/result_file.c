/* The all-or-nothing results file of result_file.h. */
#include "result_file.h"

#include "base/error.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char option_name[] = "--benchmark_out=";
static const char partial_infix[] = ".partial-";

static const char *user_path;   /* PATH as given */
static char *target;            /* the file PATH is, its links followed */
static char *partial_option;    /* "--benchmark_out=<target>.partial-PID" */
static const char *partial;     /* its file's name */
static char *interrupted_name;  /* where an interrupted run's results go */
static const char *committed_name;
static volatile sig_atomic_t partial_exists;

/* The length of `path`'s folder part: "dir/" of "dir/bench.json", 0 for
 * "bench.json". */
static size_t folder_length(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* target's folder as a name open() takes: "dir/", or "." for a bare file
 * name. Allocated; NULL when out of memory. */
static char *target_folder(void)
{
    size_t folder = folder_length(target);
    return folder ? strndup(target, folder) : strdup(".");
}

/* Sets target to the regular, writable file that `path` is or will be, and
 * *mode to its permissions (0 when it does not exist yet). */
static int find_target(const char *path, mode_t *mode)
{
    struct stat status;
    *mode = 0;
    bool exists = lstat(path, &status) == 0;
    if (!exists && errno != ENOENT) {
        sb_set_error("cannot write results beside '%s': %s", path, strerror(errno));
        return -1;
    }
    if (exists && S_ISLNK(status.st_mode)) {
        target = realpath(path, NULL);
        if (!target || stat(target, &status) != 0) {
            sb_set_error("cannot follow the symbolic link '%s': %s", path, strerror(errno));
            return -1;
        }
    } else {
        target = strdup(path);
        if (!target) {
            sb_set_error("out of memory");
            return -1;
        }
    }
    if (!exists)
        return 0;
    if (!S_ISREG(status.st_mode)) {
        sb_set_error("'%s' is not a regular file; the results replace a file as a whole, so they go to regular "
                     "files only", path);
        return -1;
    }
    if ((status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
        sb_set_error("'%s' is read-only; make it writable to replace its results", path);
        return -1;
    }
    *mode = status.st_mode & 0777;
    return 0;
}

/* Whether `name` is "<base>.partial-PID" of a process that no longer runs. */
static bool is_stale(const char *name, const char *base, size_t base_length)
{
    if (strncmp(name, base, base_length) != 0 || strncmp(name + base_length, partial_infix, sizeof partial_infix - 1) != 0)
        return false;
    const char *digits = name + base_length + sizeof partial_infix - 1;
    char *end;
    errno = 0;
    long pid = strtol(digits, &end, 10);
    if (!isdigit((unsigned char)digits[0]) || *end != '\0' || errno != 0 || pid <= 0 || pid > INT_MAX)
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes the temporary files that runs killed before they could remove
 * them left beside target. */
static void remove_stale_partials(void)
{
    char *dir_name = target_folder();
    DIR *dir = dir_name ? opendir(dir_name) : NULL;
    free(dir_name);
    if (!dir)
        return;
    const char *base = target + folder_length(target);
    size_t base_length = strlen(base);
    for (struct dirent *entry; (entry = readdir(dir));)
        if (is_stale(entry->d_name, base, base_length))
            unlinkat(dirfd(dir), entry->d_name, 0);
    closedir(dir);
}

/* "dir/bench.json" -> "dir/bench.interrupted.json"; "dir/bench" ->
 * "dir/bench.interrupted". */
static char *name_interrupted(const char *path)
{
    const char *base = path + folder_length(path);
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        dot = base + strlen(base);
    size_t stem = (size_t)(dot - path);
    size_t size = strlen(path) + sizeof ".interrupted";
    char *name = malloc(size);
    if (name)
        snprintf(name, size, "%.*s.interrupted%s", (int)stem, path, dot);
    return name;
}

static int create_partial(mode_t mode)
{
    size_t size = sizeof option_name + strlen(target) + sizeof partial_infix + 24;
    partial_option = malloc(size);
    interrupted_name = name_interrupted(target);
    if (!partial_option || !interrupted_name) {
        sb_set_error("out of memory");
        return -1;
    }
    snprintf(partial_option, size, "%s%s%s%ld", option_name, target, partial_infix, (long)getpid());
    partial = partial_option + sizeof option_name - 1;
    int fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode ? mode : 0666);
    if (fd < 0 || (mode && fchmod(fd, mode) != 0)) {
        sb_set_error("cannot write results beside '%s': %s", user_path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(partial);
        }
        return -1;
    }
    close(fd);
    partial_exists = 1;
    return 0;
}

int sb_result_file_redirect(char **option)
{
    mode_t mode;
    user_path = *option + sizeof option_name - 1;
    if (find_target(user_path, &mode) != 0)
        return -1;
    remove_stale_partials();
    if (create_partial(mode) != 0)
        return -1;
    atexit(sb_result_file_discard);
    *option = partial_option;
    return 0;
}

/* 0, or the errno of the first step that fails. */
static int sync_file(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int error = fsync(fd) == 0 ? 0 : errno;
    close(fd);
    return error;
}

/* Makes the rename of the file into target's folder last. */
static int sync_folder(void)
{
    char *dir_name = target_folder();
    int error = dir_name ? sync_file(dir_name, O_RDONLY | O_DIRECTORY) : ENOMEM;
    free(dir_name);
    return error;
}

int sb_result_file_commit(bool interrupted, int write_error)
{
    if (!target)
        return 0;
    const char *destination = interrupted ? interrupted_name : target;
    committed_name = interrupted ? interrupted_name : user_path;
    if (write_error == 0)
        write_error = sync_file(partial, O_RDONLY);
    if (write_error == 0 && rename(partial, destination) != 0)
        write_error = errno;
    if (write_error != 0) {
        sb_result_file_discard();
        sb_set_error("could not write the results to '%s': %s; '%s' is left as it was", committed_name,
                     strerror(write_error), user_path);
        return -1;
    }
    partial_exists = 0;
    write_error = sync_folder();
    if (write_error != 0) {
        sb_set_error("wrote '%s', but could not sync its folder: %s", committed_name, strerror(write_error));
        return -1;
    }
    return 0;
}

const char *sb_result_file_name(void)
{
    return committed_name;
}

void sb_result_file_discard(void)
{
    if (partial_exists) {
        partial_exists = 0;
        unlink(partial);
    }
}
