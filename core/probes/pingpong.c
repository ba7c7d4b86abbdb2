#include "probes/pingpong.h"

#include "base/child.h"
#include "base/error.h"
#include "base/futex.h"
#include "base/worker_exit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { CALLER_WORKER = 0, PARTNER_WORKER = 1 };

/* The futex word's value before anyone's first turn. No party sends it
 * first (the partner's first number is 0), so the caller's first wait lasts
 * until the partner is ready. */
#define NOTHING_SENT UINT32_MAX

/* Memory both parties share, whether the partner is a thread or a process. */
typedef struct shared_state {
    _Atomic uint32_t word; /* futex channel: the number handed over last */
    atomic_bool stop;      /* set before the caller's last turn: the partner ends on it */
    /* The partner's own account, written before its first turn (the error)
     * and when it ends; read by the caller once it has waited for it. */
    char partner_error[256]; /* why the partner could not go on; "" while it can */
    uint64_t partner_turns;
    uint64_t partner_out_of_order;
    int partner_cpu;
} shared_state;

/* One party's end of the channel. */
typedef struct channel_end {
    sb_pingpong_channel channel;
    _Atomic uint32_t *word;
    sb_futex_scope futex_scope; /* private between threads, shared between processes */
    uint32_t last_sent;
    int read_fd, write_fd; /* pipe channel; -1 once closed */
} channel_end;

struct sb_pingpong {
    sb_pingpong_partner partner;
    const sb_placement *placement;
    sb_saved_binding *caller_binding;
    shared_state *shared;
    channel_end caller_end, partner_end;
    pthread_t thread;
    pid_t pid;
    bool partner_started;
    bool broken;          /* a caller's turn failed: the partner may be gone */
    uint32_t next_number; /* the caller sends odd numbers, the partner answers each plus one */
    uint64_t caller_turns;
    uint64_t caller_out_of_order;
};

static const char *const channel_names[SB_PINGPONG_CHANNEL_COUNT] = {
    [SB_PINGPONG_FUTEX] = "futex",
    [SB_PINGPONG_PIPE] = "pipe",
};

static const char *const partner_names[SB_PINGPONG_PARTNER_COUNT] = {
    [SB_PINGPONG_THREAD] = "thread",
    [SB_PINGPONG_PROCESS] = "process",
};

const char *sb_pingpong_channel_name(sb_pingpong_channel channel)
{
    return channel < SB_PINGPONG_CHANNEL_COUNT ? channel_names[channel] : "invalid";
}

const char *sb_pingpong_partner_name(sb_pingpong_partner partner)
{
    return partner < SB_PINGPONG_PARTNER_COUNT ? partner_names[partner] : "invalid";
}

/* Hands the turn over with `number`. */
static int send_turn(channel_end *end, uint32_t number)
{
    end->last_sent = number;
    if (end->channel == SB_PINGPONG_FUTEX) {
        /* Release: whoever sees the number sees everything written before it. */
        atomic_store_explicit(end->word, number, memory_order_release);
        sb_futex_wake(end->word, 1, end->futex_scope);
        return 0;
    }
    ssize_t written;
    while ((written = write(end->write_fd, &number, sizeof number)) < 0 && errno == EINTR)
        ;
    if (written != (ssize_t)sizeof number) {
        sb_set_error("cannot write to the pipe: %s", written < 0 ? strerror(errno) : "short write");
        return -1;
    }
    return 0;
}

/* Sleeps until the other party hands the turn over; stores its number. */
static int receive_turn(channel_end *end, uint32_t *number)
{
    if (end->channel == SB_PINGPONG_FUTEX) {
        uint32_t seen;
        /* The kernel sleeps only while the word still holds our own number,
         * so a hand-off between the load and the wait is never missed. */
        while ((seen = atomic_load_explicit(end->word, memory_order_acquire)) == end->last_sent)
            sb_futex_wait(end->word, end->last_sent, UINT64_MAX, end->futex_scope);
        *number = seen;
        return 0;
    }
    ssize_t got;
    while ((got = read(end->read_fd, number, sizeof *number)) < 0 && errno == EINTR)
        ;
    if (got == (ssize_t)sizeof *number)
        return 0;
    /* Writes of a few bytes to a pipe are atomic, so a short read means the
     * writer is gone. */
    sb_set_error("cannot read the pipe: %s", got < 0 ? strerror(errno) : "the other party closed it");
    return -1;
}

static void close_end(channel_end *end)
{
    if (end->read_fd >= 0)
        close(end->read_fd);
    if (end->write_fd >= 0)
        close(end->write_fd);
    end->read_fd = end->write_fd = -1;
}

static void record_partner_error(shared_state *shared, const char *what)
{
    snprintf(shared->partner_error, sizeof shared->partner_error, "%s: %s", what, sb_last_error());
}

/* The partner's side: bind, hand over the first turn (number 0), then answer
 * every number with the next one until told to stop. */
static void serve(sb_pingpong *pingpong)
{
    shared_state *shared = pingpong->shared;
    channel_end *end = &pingpong->partner_end;
    int bound = pingpong->partner == SB_PINGPONG_THREAD
                    ? sb_placement_bind_thread(pingpong->placement, PARTNER_WORKER)
                    : sb_placement_bind_process(pingpong->placement, PARTNER_WORKER);
    if (bound != 0)
        record_partner_error(shared, "the partner cannot bind");
    if (send_turn(end, 0) != 0) {
        record_partner_error(shared, "the partner's first turn failed");
        return;
    }
    if (bound != 0)
        return;
    uint64_t turns = 0, out_of_order = 0;
    uint32_t expected = 1;
    for (;;) {
        uint32_t number;
        if (receive_turn(end, &number) != 0) {
            record_partner_error(shared, "the partner's turn failed");
            break;
        }
        if (atomic_load(&shared->stop))
            break;
        turns++;
        out_of_order += number != expected;
        expected = number + 2;
        if (send_turn(end, number + 1) != 0) {
            record_partner_error(shared, "the partner's turn failed");
            break;
        }
    }
    shared->partner_turns = turns;
    shared->partner_out_of_order = out_of_order;
    shared->partner_cpu = sched_getcpu();
}

static void *partner_thread(void *arg)
{
    sb_pingpong *pingpong = arg;
    serve(pingpong);
    /* Its pipe ends closed, a caller still reading sees the end of file
     * rather than waiting forever. */
    close_end(&pingpong->partner_end);
    return NULL;
}

static int start_partner(sb_pingpong *pingpong)
{
    if (pingpong->partner == SB_PINGPONG_THREAD) {
        int rc = pthread_create(&pingpong->thread, NULL, partner_thread, pingpong);
        if (rc != 0) {
            sb_set_error("cannot start the partner thread: %s", strerror(rc));
            return -1;
        }
        pingpong->partner_started = true;
        return 0;
    }
    pingpong->pid = sb_child_fork();
    if (pingpong->pid < 0) {
        sb_set_error("cannot fork the partner process: %s", strerror(errno));
        return -1;
    }
    if (pingpong->pid == 0) {
        close_end(&pingpong->caller_end);
        serve(pingpong);
        _exit(pingpong->shared->partner_error[0] ? 1 : 0);
    }
    pingpong->partner_started = true;
    close_end(&pingpong->partner_end);
    return 0;
}

/* Waits for the partner to end: joins the thread or reaps the process. */
static int wait_for_partner(sb_pingpong *pingpong)
{
    if (!pingpong->partner_started)
        return 0;
    pingpong->partner_started = false;
    if (pingpong->partner == SB_PINGPONG_THREAD) {
        pthread_join(pingpong->thread, NULL);
        return 0;
    }
    int status;
    while (waitpid(pingpong->pid, &status, 0) < 0)
        if (errno != EINTR) {
            sb_set_error("cannot wait for the partner process: %s", strerror(errno));
            return -1;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    sb_worker_exit_error(pingpong->placement, PARTNER_WORKER, pingpong->pid, status);
    return -1;
}

/* Ends the partner, telling it to stop when it may still be listening, and
 * waits for it. -1, with the partner's own reason where it gave one, when it
 * failed. */
static int end_partner(sb_pingpong *pingpong, bool tell_it_to_stop)
{
    if (tell_it_to_stop && pingpong->partner_started) {
        atomic_store(&pingpong->shared->stop, true);
        /* Should the partner be gone, waiting for it says why. */
        send_turn(&pingpong->caller_end, pingpong->next_number);
    }
    /* The end of file wakes a partner still reading. */
    close_end(&pingpong->caller_end);
    int rc = wait_for_partner(pingpong);
    if (pingpong->shared->partner_error[0]) {
        sb_set_error("%s", pingpong->shared->partner_error);
        rc = -1;
    }
    return rc;
}

/* Frees what start set up; the partner must have ended. */
static int release(sb_pingpong *pingpong)
{
    int rc = 0;
    if (pingpong->caller_binding && sb_placement_restore_thread_binding(pingpong->caller_binding) != 0)
        rc = -1;
    close_end(&pingpong->caller_end);
    close_end(&pingpong->partner_end);
    if (pingpong->shared)
        munmap(pingpong->shared, sizeof *pingpong->shared);
    free(pingpong);
    return rc;
}

static int open_pipes(sb_pingpong *pingpong)
{
    int to_partner[2], to_caller[2];
    if (pipe2(to_partner, O_CLOEXEC) != 0)
        goto fail;
    if (pipe2(to_caller, O_CLOEXEC) != 0) {
        close(to_partner[0]);
        close(to_partner[1]);
        goto fail;
    }
    pingpong->caller_end.read_fd = to_caller[0];
    pingpong->caller_end.write_fd = to_partner[1];
    pingpong->partner_end.read_fd = to_partner[0];
    pingpong->partner_end.write_fd = to_caller[1];
    return 0;
fail:
    sb_set_error("cannot open the pipes: %s", strerror(errno));
    return -1;
}

/* Sets up everything but the partner. */
static int prepare(sb_pingpong *pingpong, sb_pingpong_channel channel)
{
    pingpong->shared = mmap(NULL, sizeof *pingpong->shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (pingpong->shared == MAP_FAILED) {
        pingpong->shared = NULL;
        sb_set_error("cannot map the shared state: %s", strerror(errno));
        return -1;
    }
    atomic_init(&pingpong->shared->word, NOTHING_SENT);
    channel_end end = {
        .channel = channel,
        .word = &pingpong->shared->word,
        .futex_scope = pingpong->partner == SB_PINGPONG_THREAD ? SB_FUTEX_PRIVATE : SB_FUTEX_SHARED,
        .last_sent = NOTHING_SENT,
        .read_fd = -1,
        .write_fd = -1,
    };
    pingpong->caller_end = pingpong->partner_end = end;
    pingpong->next_number = 1;
    if (channel == SB_PINGPONG_PIPE && open_pipes(pingpong) != 0)
        return -1;
    pingpong->caller_binding = sb_placement_save_thread_binding(pingpong->placement);
    if (!pingpong->caller_binding || sb_placement_bind_thread(pingpong->placement, CALLER_WORKER) != 0)
        return -1;
    return 0;
}

sb_pingpong *sb_pingpong_start(sb_pingpong_channel channel, sb_pingpong_partner partner,
                               const sb_placement *placement)
{
    if (channel >= SB_PINGPONG_CHANNEL_COUNT || partner >= SB_PINGPONG_PARTNER_COUNT) {
        sb_set_error("invalid ping-pong channel %d or partner %d", (int)channel, (int)partner);
        return NULL;
    }
    if (sb_placement_workers(placement) != 2) {
        sb_set_error("a ping-pong needs a placement of 2 workers, not %u", sb_placement_workers(placement));
        return NULL;
    }
    sb_pingpong *pingpong = calloc(1, sizeof *pingpong);
    if (!pingpong) {
        sb_set_error("out of memory");
        return NULL;
    }
    pingpong->partner = partner;
    pingpong->placement = placement;
    uint32_t ready;
    if (prepare(pingpong, channel) == 0 && start_partner(pingpong) == 0 &&
        receive_turn(&pingpong->caller_end, &ready) == 0 && !pingpong->shared->partner_error[0])
        return pingpong;
    /* The partner, if it started, has ended or ends at the end of file. */
    if (pingpong->partner_started)
        end_partner(pingpong, false);
    release(pingpong);
    return NULL;
}

int sb_pingpong_rounds(sb_pingpong *pingpong, uint64_t rounds)
{
    if (pingpong->broken) {
        sb_set_error("the ping-pong has already failed");
        return -1;
    }
    channel_end *end = &pingpong->caller_end;
    for (uint64_t r = 0; r < rounds; r++) {
        uint32_t sent = pingpong->next_number, answer;
        if (send_turn(end, sent) != 0 || receive_turn(end, &answer) != 0) {
            pingpong->broken = true;
            return -1;
        }
        pingpong->caller_turns++;
        pingpong->caller_out_of_order += answer != sent + 1;
        pingpong->next_number = sent + 2;
    }
    return 0;
}

int sb_pingpong_finish(sb_pingpong *pingpong, sb_pingpong_tally *tally)
{
    int caller_cpu = sched_getcpu();
    int rc = end_partner(pingpong, !pingpong->broken);
    if (tally)
        *tally = (sb_pingpong_tally){
            .caller_turns = pingpong->caller_turns,
            .partner_turns = pingpong->shared->partner_turns,
            .out_of_order = pingpong->caller_out_of_order + pingpong->shared->partner_out_of_order,
            .caller_cpu = caller_cpu,
            .partner_cpu = pingpong->shared->partner_cpu,
        };
    if (release(pingpong) != 0)
        rc = -1;
    return rc;
}
