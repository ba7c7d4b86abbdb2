/* The all-or-nothing results file of result_file.h. */
#include "result_file.h"

#include "base/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file's name ends in SUFFIX_LENGTH random letters and
 * digits; a name another run just took is drawn again, up to MOST_DRAWS
 * times. */
enum { SUFFIX_LENGTH = 10, MOST_DRAWS = 16 };

static const char option_name[] = "--benchmark_out=";
static const char partial_infix[] = ".partial-";

static const char *user_path;   /* PATH as given */
static char *target;            /* the file PATH is, its links followed */
static struct stat replaced;    /* target's status, when it exists */
static bool replaces;           /* whether it exists */
static char *partial_option;    /* "--benchmark_out=<target>.partial-<suffix>" */
static const char *partial;     /* its file's name */
static int partial_fd = -1;     /* the temporary file, locked (flock) until the program ends */
static char *interrupted_name;  /* where an interrupted run's results go */
static const char *results_name;
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

/* Sets target to the regular, writable file that `path` is or will be,
 * and `replaced` to its status when it exists. */
static int find_target(const char *path)
{
    replaces = lstat(path, &replaced) == 0;
    if (!replaces && errno != ENOENT) {
        sb_set_error("cannot write results beside '%s': %s", path, strerror(errno));
        return -1;
    }
    if (replaces && S_ISLNK(replaced.st_mode)) {
        target = realpath(path, NULL);
        if (!target || stat(target, &replaced) != 0) {
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
    if (!replaces)
        return 0;
    if (!S_ISREG(replaced.st_mode)) {
        sb_set_error("'%s' is not a regular file; the results replace a file as a whole, so they go to regular "
                     "files only", path);
        return -1;
    }
    if ((replaced.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
        sb_set_error("'%s' is read-only; make it writable to replace its results", path);
        return -1;
    }
    return 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether `name` in `dir` is still the file `fd` is open on. */
static bool still_named(int dir, const char *name, int fd)
{
    struct stat named, opened;
    return fstatat(dir, name, &named, AT_SYMLINK_NOFOLLOW) == 0 && fstat(fd, &opened) == 0 &&
           same_file(&named, &opened);
}

/* Removes `name` from `dir` when it is the temporary file of a run that has
 * ended: a regular file that no process holds locked. Its lock, not a
 * process id, tells: a process id means nothing in another PID namespace. */
static void remove_if_stale(int dir, const char *name)
{
    struct stat status;
    if (fstatat(dir, name, &status, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(status.st_mode))
        return;
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    /* Locked here, it is removed before the run that made it a moment ago
     * can lock it: that run then sees its name gone and draws another. */
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 && still_named(dir, name, fd))
        unlinkat(dir, name, 0);
    close(fd);
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
        if (strncmp(entry->d_name, base, base_length) == 0 &&
            strncmp(entry->d_name + base_length, partial_infix, sizeof partial_infix - 1) == 0)
            remove_if_stale(dirfd(dir), entry->d_name);
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

/* Writes SUFFIX_LENGTH random letters and digits at `suffix`. */
static int draw_suffix(char *suffix)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char random[SUFFIX_LENGTH];
    if (getrandom(random, sizeof random, 0) != (ssize_t)sizeof random)
        return -1;
    for (size_t i = 0; i < SUFFIX_LENGTH; i++)
        suffix[i] = letters[random[i] % (sizeof letters - 1)];
    return 0;
}

/* Gives the new temporary file `fd` the owner, group and permissions of
 * the file it replaces, as far as this process may: a user who is not root
 * keeps the file, and gives it a group of theirs only. */
static int take_replaced_status(int fd)
{
    if (fchown(fd, replaced.st_uid, replaced.st_gid) != 0 && fchown(fd, (uid_t)-1, replaced.st_gid) != 0) {
        /* Neither is permitted: the file stays this user's, in their group. */
    }
    return fchmod(fd, replaced.st_mode & 0777);
}

/* Creates partial under a name no other run has, locked: 0, or an errno. */
static int create_locked(char *suffix)
{
    for (int draw = 0; draw < MOST_DRAWS; draw++) {
        if (draw_suffix(suffix) != 0)
            return errno ? errno : EIO;
        int fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0)
            return errno;
        if (flock(fd, LOCK_EX) != 0 || (replaces && take_replaced_status(fd) != 0)) {
            int error = errno;
            close(fd);
            unlink(partial);
            return error;
        }
        if (still_named(AT_FDCWD, partial, fd)) {
            partial_fd = fd;
            return 0;
        }
        close(fd); /* removed as stale by another run before it was locked */
    }
    return EEXIST;
}

static int create_partial(void)
{
    size_t size = sizeof option_name + strlen(target) + sizeof partial_infix + SUFFIX_LENGTH;
    partial_option = malloc(size);
    interrupted_name = name_interrupted(target);
    if (!partial_option || !interrupted_name) {
        sb_set_error("out of memory");
        return -1;
    }
    int length = snprintf(partial_option, size, "%s%s%s", option_name, target, partial_infix);
    partial_option[length + SUFFIX_LENGTH] = '\0';
    partial = partial_option + sizeof option_name - 1;
    int error = create_locked(partial_option + length);
    if (error != 0) {
        sb_set_error("cannot write results beside '%s': %s", user_path, strerror(error));
        return -1;
    }
    partial_exists = 1;
    return 0;
}

int sb_result_file_redirect(char **option)
{
    user_path = *option + sizeof option_name - 1;
    results_name = user_path;
    if (find_target(user_path) != 0)
        return -1;
    remove_stale_partials();
    if (create_partial() != 0)
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
    results_name = interrupted ? interrupted_name : user_path;
    if (write_error == 0 && fsync(partial_fd) != 0)
        write_error = errno;
    if (write_error == 0 && rename(partial, destination) != 0)
        write_error = errno;
    if (write_error != 0) {
        sb_result_file_discard();
        sb_set_error("could not write the results to '%s': %s; '%s' is left as it was", results_name,
                     strerror(write_error), user_path);
        return -1;
    }
    partial_exists = 0;
    close(partial_fd);
    partial_fd = -1;
    write_error = sync_folder();
    if (write_error != 0) {
        sb_set_error("wrote '%s', but could not sync its folder: %s", results_name, strerror(write_error));
        return -1;
    }
    return 0;
}

const char *sb_result_file_name(void)
{
    return results_name;
}

void sb_result_file_discard(void)
{
    if (partial_exists) {
        partial_exists = 0;
        unlink(partial);
    }
}
