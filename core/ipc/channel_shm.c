/*
 * The shared-memory transports: a ring of bytes per direction in one
 * MAP_SHARED mapping that the fork hands to the child, each ring with a
 * count of bytes ever written (changed by its writer only) and of bytes ever
 * taken (by its reader only). Copying into the ring and publishing the new
 * count is the whole of a transfer; the kernel is entered only to wait.
 *
 * How a side waits for data or room is what tells the two apart:
 *   shm_spin   polls the count, with the processor's pause hint at first,
 *              then yielding its PU at each poll so that a peer sharing the
 *              PU still runs. Nobody ever sleeps, so nobody needs waking.
 *   shm_futex  sleeps on a futex word the other side bumps after each
 *              transfer; the other side makes the wake-up system call only
 *              when the sleeper has flagged that it sleeps.
 *
 * The kernel does not end these waits when the peer dies, so a waiting side
 * checks now and then (sb_channel_peer_gone) that its peer is still there.
 */
#include "ipc/channel_transport.h"

#include "base/cpu_relax.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/futex.h"

#include <errno.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
    /* What a pipe holds by default, so that a large message takes as many
     * hand-overs through a ring as through a pipe. A power of two, so that
     * positions are the counts modulo the size. */
    RING_BYTES = 64 * 1024,
    /* A spinning side pauses this many polls (a few microseconds: a peer on
     * another PU answers a small message within them), then yields. */
    PAUSED_POLLS = 2048,
    /* ...and looks for its peer's death every so many yields (well under a
     * millisecond apart). */
    YIELDS_PER_PEER_CHECK = 1024,
};

/* How long a sleeping side sleeps before looking for its peer's death. */
enum { SLEEP_BEFORE_PEER_CHECK_NS = 10 * 1000 * 1000 };

/* One direction. The writer's fields and the reader's sit in separate
 * cache lines, so that neither side's updates evict the other's. */
typedef struct ring {
    alignas(64) _Atomic uint64_t written;
    _Atomic uint32_t written_event; /* futex word: bumped after `written` grows */
    _Atomic uint32_t reader_sleeping;
    alignas(64) _Atomic uint64_t taken;
    _Atomic uint32_t taken_event; /* futex word: bumped after `taken` grows */
    _Atomic uint32_t writer_sleeping;
    alignas(64) unsigned char bytes[RING_BYTES];
} ring;

typedef struct shared_state {
    ring rings[2];               /* rings[side]: what `side` writes */
    _Atomic uint32_t hung_up[2]; /* hung_up[side]: `side` has closed its end */
} shared_state;

typedef struct shm_ends {
    shared_state *shared;
    sb_channel *owner;
    bool spin;
    sb_channel_side side; /* the parent's until keep_side says otherwise */
} shm_ends;

/* How many of `wanted` bytes one transfer moves when `ready` bytes (of room
 * or of data) are there. A spinning side takes at most a quarter of the
 * ring: its peer starts copying that quarter the moment it is published,
 * while this side copies the next. A sleeping peer would be woken for each
 * quarter, and a wake-up (microseconds, more across PUs) costs more than the
 * copy it lets overlap, so the futex rings move all they can. */
static size_t transfer_size(const shm_ends *ends, size_t wanted, uint64_t ready)
{
    size_t most = ends->spin ? RING_BYTES / 4 : RING_BYTES;
    if (ready < most)
        most = (size_t)ready;
    return wanted < most ? wanted : most;
}

static sb_channel_side peer_of(sb_channel_side side)
{
    return side == SB_CHANNEL_PARENT ? SB_CHANNEL_CHILD : SB_CHANNEL_PARENT;
}

/* The futexes live in memory shared between processes. */
static bool futex_wait_timed_out(_Atomic uint32_t *word, uint32_t expected)
{
    return sb_futex_wait(word, expected, sb_clock_ns() + SLEEP_BEFORE_PEER_CHECK_NS, SB_FUTEX_SHARED) ==
           SB_FUTEX_TIMED_OUT;
}

static bool has_data(ring *r)
{
    return atomic_load_explicit(&r->written, memory_order_acquire) !=
           atomic_load_explicit(&r->taken, memory_order_relaxed);
}

static bool has_room(ring *r)
{
    return atomic_load_explicit(&r->written, memory_order_relaxed) -
               atomic_load_explicit(&r->taken, memory_order_acquire) <
           RING_BYTES;
}

/* Waits until ready(r), or the peer has hung up or died. Returns ready(r):
 * what the peer wrote before it went is still there to read. */
static bool wait_for(shm_ends *ends, ring *r, bool (*ready)(ring *), _Atomic uint32_t *event,
                     _Atomic uint32_t *sleeping)
{
    const _Atomic uint32_t *peer_hung_up = &ends->shared->hung_up[peer_of(ends->side)];
    for (uint64_t polls = 0;; polls++) {
        if (ready(r))
            return true;
        if (atomic_load(peer_hung_up))
            return ready(r);
        bool look_for_death;
        if (ends->spin) {
            if (polls < PAUSED_POLLS) {
                sb_cpu_relax();
                continue;
            }
            sched_yield();
            look_for_death = (polls - PAUSED_POLLS) % YIELDS_PER_PEER_CHECK == YIELDS_PER_PEER_CHECK - 1;
        } else {
            /* Flag the sleep before reading the event: a side that bumps the
             * event after this read then sees the flag and wakes us, and
             * one that bumped it before has made ready() true or the event
             * differ from `seen`, so the sleep does not start. */
            atomic_store(sleeping, 1);
            uint32_t seen = atomic_load(event);
            look_for_death = !ready(r) && !atomic_load(peer_hung_up) && futex_wait_timed_out(event, seen);
            atomic_store(sleeping, 0);
        }
        if (look_for_death && sb_channel_peer_gone(ends->owner))
            return ready(r);
    }
}

/* After a transfer: wakes the other side if it sleeps waiting for one. */
static void announce(const shm_ends *ends, _Atomic uint32_t *event, _Atomic uint32_t *sleeping)
{
    if (ends->spin)
        return;
    atomic_fetch_add(event, 1);
    if (atomic_load(sleeping))
        sb_futex_wake(event, 1, SB_FUTEX_SHARED);
}

static ssize_t shm_send_some(void *opaque, const void *data, size_t size)
{
    shm_ends *ends = opaque;
    ring *r = &ends->shared->rings[ends->side];
    if (atomic_load(&ends->shared->hung_up[peer_of(ends->side)]))
        return 0; /* nobody is left to read it */
    if (!wait_for(ends, r, has_room, &r->taken_event, &r->writer_sleeping))
        return 0;
    uint64_t written = atomic_load_explicit(&r->written, memory_order_relaxed);
    uint64_t room = RING_BYTES - (written - atomic_load_explicit(&r->taken, memory_order_acquire));
    size_t n = transfer_size(ends, size, room);
    size_t at = written % RING_BYTES, first = n < RING_BYTES - at ? n : RING_BYTES - at;
    memcpy(r->bytes + at, data, first);
    memcpy(r->bytes, (const unsigned char *)data + first, n - first);
    atomic_store_explicit(&r->written, written + n, memory_order_release);
    announce(ends, &r->written_event, &r->reader_sleeping);
    return (ssize_t)n;
}

static ssize_t shm_receive_some(void *opaque, void *data, size_t size)
{
    shm_ends *ends = opaque;
    ring *r = &ends->shared->rings[peer_of(ends->side)];
    if (!wait_for(ends, r, has_data, &r->written_event, &r->reader_sleeping))
        return 0;
    uint64_t taken = atomic_load_explicit(&r->taken, memory_order_relaxed);
    uint64_t available = atomic_load_explicit(&r->written, memory_order_acquire) - taken;
    size_t n = transfer_size(ends, size, available);
    size_t at = taken % RING_BYTES, first = n < RING_BYTES - at ? n : RING_BYTES - at;
    memcpy(data, r->bytes + at, first);
    memcpy((unsigned char *)data + first, r->bytes, n - first);
    atomic_store_explicit(&r->taken, taken + n, memory_order_release);
    announce(ends, &r->taken_event, &r->writer_sleeping);
    return (ssize_t)n;
}

static void *shm_create(sb_channel *owner, bool spin)
{
    shm_ends *ends = malloc(sizeof *ends);
    if (!ends) {
        sb_set_error("out of memory");
        return NULL;
    }
    void *shared = mmap(NULL, sizeof(shared_state), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        sb_set_error("cannot map %zu bytes of shared memory for a channel: %s", sizeof(shared_state),
                     strerror(errno));
        free(ends);
        return NULL;
    }
    *ends = (shm_ends){.shared = shared, .owner = owner, .spin = spin, .side = SB_CHANNEL_PARENT};
    return ends;
}

static void *shm_spin_create(sb_channel *owner)
{
    return shm_create(owner, true);
}

static void *shm_futex_create(sb_channel *owner)
{
    return shm_create(owner, false);
}

static void shm_keep_side(void *opaque, sb_channel_side side)
{
    shm_ends *ends = opaque;
    ends->side = side;
}

static void shm_close(void *opaque)
{
    shm_ends *ends = opaque;
    shared_state *shared = ends->shared;
    atomic_store(&shared->hung_up[ends->side], 1);
    /* The peer may sleep on any of the four words; wake it whichever. */
    for (int side = 0; !ends->spin && side < 2; side++) {
        ring *r = &shared->rings[side];
        atomic_fetch_add(&r->written_event, 1);
        atomic_fetch_add(&r->taken_event, 1);
        sb_futex_wake(&r->written_event, SB_FUTEX_WAKE_ALL, SB_FUTEX_SHARED);
        sb_futex_wake(&r->taken_event, SB_FUTEX_WAKE_ALL, SB_FUTEX_SHARED);
    }
    munmap(shared, sizeof *shared);
    free(ends);
}

const sb_channel_transport_ops sb_channel_shm_spin = {
    .name = "shm_spin",
    .create = shm_spin_create,
    .keep_side = shm_keep_side,
    .send_some = shm_send_some,
    .receive_some = shm_receive_some,
    .close = shm_close,
};

const sb_channel_transport_ops sb_channel_shm_futex = {
    .name = "shm_futex",
    .create = shm_futex_create,
    .keep_side = shm_keep_side,
    .send_some = shm_send_some,
    .receive_some = shm_receive_some,
    .close = shm_close,
};
