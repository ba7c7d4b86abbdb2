#include "probes/timeslice.h"

#include "base/child.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/task_hooks.h"
#include "base/usage.h"
#include "base/worker_exit.h"
#include "probes/wakeup_probe.h"
#include "workloads/workload.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* What a spinner tells the round once it has tried to bind to its PU. */
enum { PLACED = 'p', BIND_FAILED = 'f' };

/* Each spinner writes only its own slot, and a slot fills a cache line of its
 * own, so counting costs a store to a line no other core wants. */
typedef struct spinner_slot {
    alignas(64) _Atomic uint64_t steps;
    uint64_t kernel_result; /* kept so the kernel's work cannot be dropped */
    uint64_t spin_ns;
    long voluntary_switches, involuntary_switches;
} spinner_slot;

/* Mapped MAP_SHARED, so spinner processes see the stop and the parent sees
 * their slots. */
typedef struct shared_state {
    atomic_bool stop;
    spinner_slot slots[];
} shared_state;

struct round_run;

typedef struct spinner {
    struct round_run *run;
    unsigned index;
    pthread_t thread;  /* SB_SPINNER_THREADS */
    pid_t pid;         /* SB_SPINNER_PROCESSES */
    char failure[256]; /* a spinner thread's reason for not binding */
    uint64_t steps_at_open; /* its count when the window opened */
    uint64_t steps_at_mark; /* its count when the last round was counted */
} spinner;

typedef struct round_run {
    const sb_timeslice_round *round;
    shared_state *shared;
    size_t shared_size;
    /* Spinners announce on `announce` whether they are placed, then wait
     * for end of file on `release`: closing its write end frees them all at
     * once. -1 once closed. */
    int announce[2], release[2];
    spinner *spinners;
    unsigned started, announced, bind_failures;
    char failure[256]; /* the first spinner's failure, or else the round's */
} round_run;

const char *sb_spinner_kind_name(sb_spinner_kind kind)
{
    return kind == SB_SPINNER_THREADS ? "thread" : kind == SB_SPINNER_PROCESSES ? "process" : "invalid";
}

/* Keeps the first failure's reason: later ones are usually its echoes. */
static void remember_failure(char *first, size_t size)
{
    if (!first[0])
        snprintf(first, size, "%s", sb_last_error());
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void announce(const round_run *run, char placed)
{
    while (write(run->announce[1], &placed, 1) < 0 && errno == EINTR)
        ;
}

static void wait_for_release(const round_run *run)
{
    char byte;
    while (read(run->release[0], &byte, 1) < 0 && errno == EINTR)
        ;
}

/* Runs the CPU kernel in slices until the round stops, publishing the steps
 * done after each slice. The first slice runs whatever happens, so every
 * spinner that was released shows for it. */
static void spin(shared_state *shared, unsigned index)
{
    spinner_slot *slot = &shared->slots[index];
    sb_usage before = sb_usage_thread();
    uint64_t start = sb_clock_ns(), steps = 0, x = index;
    do {
        x = sb_workload_cpu_int.run(SB_TASK_CHECKPOINT_STEPS, x);
        steps += SB_TASK_CHECKPOINT_STEPS;
        atomic_store_explicit(&slot->steps, steps, memory_order_relaxed);
    } while (!atomic_load_explicit(&shared->stop, memory_order_relaxed));
    slot->spin_ns = sb_clock_ns() - start;
    sb_usage used = sb_usage_between(before, sb_usage_thread());
    slot->kernel_result = x;
    slot->voluntary_switches = used.voluntary_switches;
    slot->involuntary_switches = used.involuntary_switches;
}

static void *spinner_thread(void *arg)
{
    spinner *s = arg;
    round_run *run = s->run;
    if (sb_placement_bind_thread(run->round->placement, s->index) != 0) {
        snprintf(s->failure, sizeof s->failure, "%s", sb_last_error());
        announce(run, BIND_FAILED);
        return NULL;
    }
    announce(run, PLACED);
    wait_for_release(run);
    spin(run->shared, s->index);
    return NULL;
}

static int start_thread(spinner *s)
{
    int rc = pthread_create(&s->thread, NULL, spinner_thread, s);
    if (rc != 0) {
        sb_set_error("cannot start spinner thread %u: %s", s->index, strerror(rc));
        return -1;
    }
    return 0;
}

static _Noreturn void spinner_process(round_run *run, unsigned index)
{
    /* Only the parent may hold the release's write end, or closing it would
     * free no one; the announcement's write end is closed once used, so the
     * parent sees end of file when every spinner has announced or died. */
    close(run->release[1]);
    bool placed = sb_placement_bind_process(run->round->placement, index) == 0;
    announce(run, placed ? PLACED : BIND_FAILED);
    close(run->announce[1]);
    if (!placed)
        _exit(SB_WORKER_EXIT_BIND_FAILED);
    wait_for_release(run);
    spin(run->shared, index);
    _exit(0);
}

static int start_process(spinner *s)
{
    s->pid = sb_child_fork();
    if (s->pid < 0) {
        sb_set_error("cannot fork spinner process %u: %s", s->index, strerror(errno));
        return -1;
    }
    if (s->pid == 0)
        spinner_process(s->run, s->index);
    return 0;
}

/* Joins or waits for spinner `s`, which has been released. */
static int reap(round_run *run, spinner *s)
{
    if (run->round->kind == SB_SPINNER_THREADS) {
        pthread_join(s->thread, NULL);
        if (s->failure[0]) {
            sb_set_error("%s", s->failure);
            return -1;
        }
        return 0;
    }
    int status;
    while (waitpid(s->pid, &status, 0) < 0)
        if (errno != EINTR) {
            sb_set_error("cannot wait for spinner process %u: %s", s->index, strerror(errno));
            return -1;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    sb_worker_exit_error(run->round->placement, s->index, s->pid, status);
    return -1;
}

/* Reads the announcements of the spinners started, until all have come or,
 * for processes, every write end is closed (a spinner died unannounced). */
static void collect_announcements(round_run *run)
{
    if (run->round->kind == SB_SPINNER_PROCESSES)
        close_fd(&run->announce[1]);
    while (run->announced < run->started) {
        char bytes[512];
        size_t want = run->started - run->announced;
        ssize_t got = read(run->announce[0], bytes, want < sizeof bytes ? want : sizeof bytes);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return;
        for (ssize_t i = 0; i < got; i++)
            run->bind_failures += bytes[i] != PLACED;
        run->announced += (unsigned)got;
    }
}

/* Stops and reaps every spinner started, whatever state it is in. */
static void finish(round_run *run)
{
    atomic_store_explicit(&run->shared->stop, true, memory_order_relaxed);
    /* A spinner thread blocked writing its announcement would never reach
     * the release: read them all first. */
    collect_announcements(run);
    close_fd(&run->release[1]);
    for (unsigned i = 0; i < run->started; i++)
        if (reap(run, &run->spinners[i]) != 0)
            remember_failure(run->failure, sizeof run->failure);
}

/* Starts every spinner and waits until all are placed and parked. */
static int start_spinners(round_run *run)
{
    int (*start)(spinner *) = run->round->kind == SB_SPINNER_THREADS ? start_thread : start_process;
    for (unsigned i = 0; i < run->round->spinners; i++) {
        run->spinners[i] = (spinner){.run = run, .index = i};
        if (start(&run->spinners[i]) != 0)
            return -1;
        run->started++;
    }
    collect_announcements(run);
    if (run->announced < run->started) {
        sb_set_error("%u of %u spinner processes ended before they were placed", run->started - run->announced,
                     run->started);
        return -1;
    }
    if (run->bind_failures > 0) {
        /* The reason comes from the spinner itself, once it is reaped. */
        sb_set_error("%u of %u spinners could not bind to their PUs", run->bind_failures, run->started);
        return -1;
    }
    return 0;
}

static uint64_t steps_of(const round_run *run, unsigned index)
{
    return atomic_load_explicit(&run->shared->slots[index].steps, memory_order_relaxed);
}

/* Waits, looking again every probe period, until every spinner has had the
 * CPU (published a step), but no longer than `deadline_ns`. */
static void await_first_turns(const round_run *run, uint64_t deadline_ns)
{
    /* A spinner's count never goes back to 0, so one pass suffices. */
    for (unsigned waiting = 0; waiting < run->round->spinners;) {
        if (steps_of(run, waiting) > 0)
            waiting++;
        else if (sb_clock_ns() < deadline_ns)
            sb_sleep_ns(run->round->probe_period_ns);
        else
            return;
    }
}

/* `span` after `start`, or the end of time where the sum would overflow. */
static uint64_t deadline_after(uint64_t start, uint64_t span)
{
    return span >= UINT64_MAX - start ? UINT64_MAX : start + span;
}

/* Counts scheduler rounds from the spinners' own progress: `next` is the
 * first spinner not yet seen to advance since the last round was counted,
 * and no spinner's count goes back, so each look resumes from there. */
typedef struct round_counter {
    unsigned next, rounds;
} round_counter;

static void mark_round(round_run *run)
{
    for (unsigned i = 0; i < run->round->spinners; i++)
        run->spinners[i].steps_at_mark = steps_of(run, i);
}

static void look_at_progress(round_run *run, round_counter *counter)
{
    unsigned spinners = run->round->spinners;
    while (counter->next < spinners && steps_of(run, counter->next) > run->spinners[counter->next].steps_at_mark)
        counter->next++;
    if (counter->next == spinners) {
        counter->rounds++;
        counter->next = 0;
        mark_round(run);
    }
}

/* Lets the window pass: until the probe has had its wake-ups and the
 * spinners their rounds, looking every probe period, or until the cap.
 * Returns the rounds seen. */
static unsigned let_window_pass(round_run *run, const sb_wakeup_probe *probe, uint64_t open)
{
    const sb_timeslice_round *round = run->round;
    uint64_t cap = deadline_after(open, round->max_window_ns);
    round_counter counter = {0};
    mark_round(run);
    for (;;) {
        look_at_progress(run, &counter);
        uint64_t now = sb_clock_ns();
        if (now >= cap || (counter.rounds >= round->rounds && sb_wakeup_probe_samples(probe) >= round->probe_wakeups))
            return counter.rounds;
        uint64_t next_look = deadline_after(now, round->probe_period_ns);
        sb_sleep_until_ns(next_look < cap ? next_look : cap);
    }
}

/* Releases the spinners, opens the window once all have had a turn, lets
 * it pass and counts each spinner's steps in it. */
static int measure(round_run *run, sb_timeslice_result *result)
{
    const sb_timeslice_round *round = run->round;
    uint64_t released = sb_clock_ns();
    close_fd(&run->release[1]);
    await_first_turns(run, deadline_after(released, round->max_window_ns));
    result->first_turns_s = (double)(sb_clock_ns() - released) / 1e9;

    size_t room = round->max_window_ns / round->probe_period_ns + 1;
    sb_wakeup_probe *probe =
        sb_wakeup_probe_start(round->placement, 0, round->probe_period_ns, room, round->probe_priority);
    if (!probe)
        return -1;
    result->probe_setting = sb_wakeup_probe_setting(probe);
    for (unsigned i = 0; i < round->spinners; i++)
        run->spinners[i].steps_at_open = steps_of(run, i);
    uint64_t open = sb_clock_ns();
    result->rounds = let_window_pass(run, probe, open);
    uint64_t close = sb_clock_ns();
    for (unsigned i = 0; i < round->spinners; i++)
        result->spinners[i].window_steps = steps_of(run, i) - run->spinners[i].steps_at_open;
    atomic_store_explicit(&run->shared->stop, true, memory_order_relaxed);
    result->window_s = (double)(close - open) / 1e9;
    sb_wakeup_probe_stop(probe, &result->probe_lateness_ns, &result->probe_samples);
    result->probe_shortfall =
        result->probe_samples < round->probe_wakeups ? round->probe_wakeups - result->probe_samples : 0;
    return 0;
}

static int check_round(const sb_timeslice_round *round)
{
    if (round->kind >= SB_SPINNER_KIND_COUNT || round->spinners == 0 || !round->placement ||
        round->probe_wakeups == 0 || round->max_window_ns == 0 || round->probe_period_ns == 0 ||
        round->probe_priority >= SB_PROBE_PRIORITY_COUNT) {
        sb_set_error("a round needs a spinner kind, at least 1 spinner, a placement, wake-ups to wait for, a longest "
                     "window, a probe period and a probe priority");
        return -1;
    }
    return 0;
}

/* Maps the shared state and opens the pipes; -1 with everything undone. */
static int prepare(round_run *run)
{
    unsigned spinners = run->round->spinners;
    run->shared_size = sizeof(shared_state) + (size_t)spinners * sizeof(spinner_slot);
    run->shared = mmap(NULL, run->shared_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (run->shared == MAP_FAILED) {
        sb_set_error("cannot map %zu bytes for %u spinners: %s", run->shared_size, spinners, strerror(errno));
        return -1;
    }
    run->spinners = calloc(spinners, sizeof *run->spinners);
    if (!run->spinners) {
        sb_set_error("out of memory");
    } else if (pipe2(run->announce, O_CLOEXEC) != 0 || pipe2(run->release, O_CLOEXEC) != 0) {
        sb_set_error("cannot open the spinners' pipes: %s", strerror(errno));
    } else {
        return 0;
    }
    close_fd(&run->announce[0]);
    close_fd(&run->announce[1]);
    free(run->spinners);
    munmap(run->shared, run->shared_size);
    return -1;
}

int sb_timeslice_run(const sb_timeslice_round *round, sb_timeslice_result *result)
{
    if (check_round(round) != 0)
        return -1;
    round_run run = {.round = round, .announce = {-1, -1}, .release = {-1, -1}};
    if (prepare(&run) != 0)
        return -1;
    /* A spinner's own account of its failure (why it could not bind, how it
     * died) says more than the round's, so the round's is kept aside. */
    char round_failure[256] = "";
    *result = (sb_timeslice_result){.spinners = calloc(round->spinners, sizeof *result->spinners)};
    if (!result->spinners) {
        sb_set_error("out of memory");
        remember_failure(round_failure, sizeof round_failure);
    } else if (start_spinners(&run) != 0 || measure(&run, result) != 0) {
        remember_failure(round_failure, sizeof round_failure);
    }
    finish(&run);
    if (!run.failure[0])
        snprintf(run.failure, sizeof run.failure, "%s", round_failure);

    for (unsigned i = 0; !run.failure[0] && i < round->spinners; i++) {
        const spinner_slot *slot = &run.shared->slots[i];
        sb_spinner_result *r = &result->spinners[i];
        r->steps = atomic_load_explicit(&slot->steps, memory_order_relaxed);
        r->spin_s = (double)slot->spin_ns / 1e9;
        r->voluntary_switches = slot->voluntary_switches;
        r->involuntary_switches = slot->involuntary_switches;
    }
    for (int end = 0; end < 2; end++) {
        close_fd(&run.announce[end]);
        close_fd(&run.release[end]);
    }
    free(run.spinners);
    munmap(run.shared, run.shared_size);
    if (run.failure[0]) {
        sb_timeslice_result_free(result);
        sb_set_error("%s", run.failure);
        return -1;
    }
    return 0;
}

void sb_timeslice_result_free(sb_timeslice_result *result)
{
    free(result->spinners);
    free(result->probe_lateness_ns);
    *result = (sb_timeslice_result){0};
}
