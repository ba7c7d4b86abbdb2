/* file_read and file_direct: a task reads the first `size` bytes of a
 * scratch file (rounded up to whole 4 KiB blocks) with pread, 64 KiB at a
 * time, and returns their checksum.
 *
 * file_read reads through the page cache, which holds the whole file once
 * it is written: every read is a copy from memory, so on a machine with the
 * memory to spare the task is CPU-bound, whatever "file IO" suggests, and is
 * registered as such. file_direct reads with O_DIRECT, past the page cache,
 * so every read waits for the block device (which may have a cache of its
 * own, such as a virtual disk's host): IO-bound. It refuses a file system in
 * memory (tmpfs, ramfs), which takes O_DIRECT and still reads memory.
 *
 * Each read goes through sb_task_blocking_call(): the gil model lets the
 * GIL go around it, as CPython does around read(); a coroutine hub cannot
 * park a task on a regular file and blocks, as gevent's hub does.
 *
 * The file is made at the first open in $TMPDIR, or /var/tmp (meant to be
 * on disk, where /tmp may be tmpfs), and unlinked at once, so that nothing
 * is left behind even by a program that dies: it goes when the last close
 * closes it. A larger open grows it, where its file system has the room.
 * Word i holds (i + 1) * 0x9E3779B97F4A7C15; the checksum is the sum of
 * word ^ i over the words read, so that a read from the wrong place shows. */
#include "workloads/workload.h"

#include "base/error.h"
#include "base/interrupt.h"
#include "base/task_hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

enum {
    BLOCK = 4096,           /* O_DIRECT's alignment for buffers, offsets and lengths */
    CHUNK = 64 * 1024,      /* bytes per pread */
    PROBE = 4 * 1024 * 1024 /* bytes per task while calibrating */
};

typedef struct scratch_file {
    bool direct;
    pthread_mutex_t lock;
    unsigned opens; /* guarded by lock, as are writer and length */
    int writer;
    uint64_t length;
    /* What tasks read from, without the lock; -1 while closed. */
    _Atomic int reader;
} scratch_file;

static scratch_file cached_file = {.direct = false, .lock = PTHREAD_MUTEX_INITIALIZER, .reader = -1};
static scratch_file direct_file = {.direct = true, .lock = PTHREAD_MUTEX_INITIALIZER, .reader = -1};

static uint64_t whole_blocks(uint64_t size)
{
    return (size + BLOCK - 1) / BLOCK * BLOCK;
}

static uint64_t pattern_word(uint64_t index)
{
    return (index + 1) * 0x9E3779B97F4A7C15u;
}

/* Refuses to grow the file by more than its file system has free: a file
 * that filled it would fail only at its end, and meanwhile fail every other
 * writer there. */
static int check_room(const scratch_file *f, uint64_t length)
{
    struct statfs fs;
    if (fstatfs(f->writer, &fs) != 0) {
        sb_set_error("cannot tell how much room the scratch file has: %s", strerror(errno));
        return -1;
    }
    uint64_t free_bytes = (uint64_t)fs.f_bavail * (uint64_t)fs.f_bsize;
    if (length > f->length && length - f->length > free_bytes) {
        sb_set_error("a scratch file of %.2f GB does not fit: it needs %.2f GB more, and its file system has %.2f GB "
                     "free", (double)length / 1e9, (double)(length - f->length) / 1e9, (double)free_bytes / 1e9);
        return -1;
    }
    return 0;
}

/* Writes the pattern from the file's end up to `length` bytes; a request to
 * stop the run (base/interrupt.h) cuts it short. */
static int grow(scratch_file *f, uint64_t length)
{
    if (check_room(f, length) != 0)
        return -1;
    uint64_t *chunk = malloc(CHUNK);
    if (!chunk) {
        sb_set_error("out of memory for a scratch file");
        return -1;
    }
    int rc = 0;
    while (rc == 0 && f->length < length) {
        if (sb_interrupt_requested()) {
            sb_set_error("writing the scratch file was interrupted");
            rc = -1;
            break;
        }
        size_t bytes = length - f->length < CHUNK ? (size_t)(length - f->length) : CHUNK;
        for (size_t w = 0; w < bytes / 8; w++)
            chunk[w] = pattern_word(f->length / 8 + w);
        ssize_t written = pwrite(f->writer, chunk, bytes, (off_t)f->length);
        if (written <= 0) {
            sb_set_error("cannot write the scratch file: %s", written < 0 ? strerror(errno) : "no room");
            rc = -1;
        } else {
            f->length += (uint64_t)written;
        }
    }
    free(chunk);
    /* Direct reads should find it on the device rather than flush it first. */
    if (rc == 0 && f->direct && fdatasync(f->writer) != 0) {
        sb_set_error("cannot flush the scratch file: %s", strerror(errno));
        rc = -1;
    }
    return rc;
}

static void release(scratch_file *f)
{
    close(atomic_exchange(&f->reader, -1));
    close(f->writer);
    f->length = 0;
}

static int refuse_memory_file_system(int fd, const char *dir)
{
    struct statfs fs;
    if (fstatfs(fd, &fs) != 0) {
        sb_set_error("cannot tell what file system %s is on: %s", dir, strerror(errno));
        return -1;
    }
    if (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC) {
        sb_set_error("%s is in memory (tmpfs or ramfs): direct reads from it would not reach a device; point "
                     "TMPDIR at a directory on disk",
                     dir);
        return -1;
    }
    return 0;
}

static int create(scratch_file *f)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/var/tmp";
    char path[4096];
    if (snprintf(path, sizeof path, "%s/slicebench-scratch-XXXXXX", dir) >= (int)sizeof path) {
        sb_set_error("TMPDIR is too long");
        return -1;
    }
    f->writer = mkostemp(path, O_CLOEXEC);
    if (f->writer < 0) {
        sb_set_error("cannot create a scratch file in %s: %s", dir, strerror(errno));
        return -1;
    }
    int reader = -1;
    if (!f->direct || refuse_memory_file_system(f->writer, dir) == 0) {
        reader = open(path, O_RDONLY | O_CLOEXEC | (f->direct ? O_DIRECT : 0));
        if (reader < 0)
            sb_set_error("cannot open a scratch file in %s%s: %s", dir, f->direct ? " with O_DIRECT" : "",
                         strerror(errno));
    }
    unlink(path);
    if (reader < 0) {
        close(f->writer);
        return -1;
    }
    f->length = 0;
    atomic_store(&f->reader, reader);
    return 0;
}

static int open_file(scratch_file *f, uint64_t size)
{
    pthread_mutex_lock(&f->lock);
    int rc = f->opens > 0 || create(f) == 0 ? grow(f, whole_blocks(size)) : -1;
    if (rc == 0)
        f->opens++;
    else if (f->opens == 0 && atomic_load(&f->reader) >= 0)
        release(f);
    pthread_mutex_unlock(&f->lock);
    return rc;
}

static void close_file(scratch_file *f)
{
    pthread_mutex_lock(&f->lock);
    if (f->opens > 0 && --f->opens == 0)
        release(f);
    pthread_mutex_unlock(&f->lock);
}

typedef struct chunk_read {
    int fd;
    void *buffer;
    size_t length;
    off_t offset;
    ssize_t got;
    int error;
} chunk_read;

static void read_chunk(void *arg)
{
    chunk_read *r = arg;
    while ((r->got = pread(r->fd, r->buffer, r->length, r->offset)) < 0 && errno == EINTR)
        ;
    r->error = errno;
}

static uint64_t read_file(scratch_file *f, uint64_t size)
{
    chunk_read r = {.fd = atomic_load(&f->reader), .buffer = aligned_alloc(BLOCK, CHUNK)};
    if (r.fd < 0 || !r.buffer) {
        free(r.buffer);
        sb_workload_fail(r.fd < 0 ? "the file workload is not open" : "out of memory for a read buffer");
        return 0;
    }
    const uint64_t *words = r.buffer;
    uint64_t checksum = 0, length = whole_blocks(size);
    for (uint64_t done = 0; done < length; done += r.length) {
        r.length = length - done < CHUNK ? (size_t)(length - done) : CHUNK;
        r.offset = (off_t)done;
        sb_task_blocking_call(read_chunk, &r);
        /* A regular file reads short only at its end. */
        if (r.got != (ssize_t)r.length) {
            sb_workload_fail("pread of %zu bytes at %llu: %s", r.length, (unsigned long long)done,
                             r.got < 0 ? strerror(r.error) : "the file is shorter than the task");
            break;
        }
        for (size_t w = 0; w < r.length / 8; w++)
            checksum += words[w] ^ (done / 8 + w);
    }
    free(r.buffer);
    return checksum;
}

static uint64_t size_for_ns(const sb_workload *workload, uint64_t ns)
{
    return whole_blocks(sb_workload_size_by_timing(workload, PROBE, ns));
}

/* One workload per file: run(), open() and close() take no context, so each
 * has its own, bound to its file. */
#define FILE_WORKLOAD(workload_name, file, workload_kind, computing, text)                          \
    static uint64_t workload_name##_run(uint64_t size, uint64_t task)                               \
    {                                                                                               \
        (void)task;                                                                                 \
        return read_file(&file, size);                                                              \
    }                                                                                               \
    static uint64_t workload_name##_size_for_ns(uint64_t ns)                                        \
    {                                                                                               \
        return size_for_ns(&sb_workload_##workload_name, ns);                                       \
    }                                                                                               \
    static int workload_name##_open(uint64_t size)                                                  \
    {                                                                                               \
        return open_file(&file, size);                                                              \
    }                                                                                               \
    static void workload_name##_close(void)                                                         \
    {                                                                                               \
        close_file(&file);                                                                          \
    }                                                                                               \
    const sb_workload sb_workload_##workload_name = {                                               \
        .name = #workload_name,                                                                     \
        .description = text,                                                                        \
        .kind = workload_kind,                                                                      \
        .computing_percent = computing,                                                             \
        .run = workload_name##_run,                                                                 \
        .size_for_ns = workload_name##_size_for_ns,                                                 \
        .open = workload_name##_open,                                                               \
        .close = workload_name##_close,                                                             \
    };

FILE_WORKLOAD(file_read, cached_file, SB_WORKLOAD_CPU, 100,
              "pread a scratch file through the warm page cache: memory copies")
FILE_WORKLOAD(file_direct, direct_file, SB_WORKLOAD_IO, 0,
              "pread a scratch file with O_DIRECT, from the disk under $TMPDIR or /var/tmp")
