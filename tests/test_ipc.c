/* ipc (claim C8): every channel transport delivers every byte intact and in
 * order, whatever the message size and however it is split; a peer that
 * ends, cleanly or not, is reported and never waited for forever, and costs
 * no SIGPIPE; no child outlives a channel or a manager. The manager's list
 * and the shared list hold exactly what client processes put there, as in
 * the notes' Array and Manager().list() examples. */
#include "ipc/channel.h"
#include "base/error.h"
#include "python/manager.h"
#include "python/shared_list.h"

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "child_checks.h"
#include "topology_fixture.h"

enum { MIB = 1024 * 1024, SMALL_MESSAGES = 1000, CLIENTS = 5, APPENDS_PER_CLIENT = 200 };
/* Far more than any transport holds unread. */
enum { MAX_UNREAD_MIB = 256 };

/* Sizes around the rings' and pipes' 64 KiB, and 1 MiB, which no transport
 * takes in one transfer. */
static const size_t message_sizes[] = {1, 8, 512, 4093, 65535, 65536, 65537, MIB};
enum { MESSAGE_SIZES = sizeof message_sizes / sizeof message_sizes[0] };

static void assert_error_contains(const char *part)
{
    if (!strstr(sb_last_error(), part))
        fail_msg("error \"%s\" does not contain \"%s\"", sb_last_error(), part);
}

/* Byte i of a message: depends on i's position, so a lost, repeated or
 * reordered stretch shows, and on `seed`, so two messages differ. */
static unsigned char pattern(size_t i, unsigned seed)
{
    uint32_t x = (uint32_t)i * 2654435761u + seed * 40503u;
    return (unsigned char)(x >> 24 ^ x >> 8);
}

static void fill(unsigned char *bytes, size_t size, unsigned seed)
{
    for (size_t i = 0; i < size; i++)
        bytes[i] = pattern(i, seed);
}

static bool intact(const unsigned char *bytes, size_t size, unsigned seed)
{
    for (size_t i = 0; i < size; i++)
        if (bytes[i] != pattern(i, seed))
            return false;
    return true;
}

/* The child's half of the delivery check: each message the parent sends,
 * checked, then one of the same size back; then SMALL_MESSAGES counters
 * taken in one receive, and sent back in one send. Any damage makes it
 * return -1, so the parent's close fails. */
static int check_and_answer(sb_channel *channel, void *context)
{
    (void)context;
    unsigned char *buffer = malloc(MIB);
    int rc = buffer ? 0 : -1;
    for (size_t m = 0; rc == 0 && m < MESSAGE_SIZES; m++) {
        size_t size = message_sizes[m];
        if (sb_channel_receive(channel, buffer, size) != 0 || !intact(buffer, size, (unsigned)m))
            rc = -1;
        fill(buffer, size, (unsigned)m + 100);
        if (rc == 0 && sb_channel_send(channel, buffer, size) != 0)
            rc = -1;
    }
    uint64_t counters[SMALL_MESSAGES];
    if (rc == 0 && sb_channel_receive(channel, counters, sizeof counters) != 0)
        rc = -1;
    for (uint64_t i = 0; rc == 0 && i < SMALL_MESSAGES; i++)
        if (counters[i] != i)
            rc = -1;
    if (rc == 0 && sb_channel_send(channel, counters, sizeof counters) != 0)
        rc = -1;
    free(buffer);
    return rc;
}

static void every_transport_delivers_every_byte_in_order(void **state)
{
    (void)state;
    unsigned char *buffer = malloc(MIB);
    assert_non_null(buffer);
    for (int t = 0; t < SB_CHANNEL_TRANSPORT_COUNT; t++) {
        sb_channel_transport transport = (sb_channel_transport)t;
        sb_channel *channel = sb_channel_open(transport, NULL, 0, check_and_answer, NULL);
        if (!channel)
            fail_msg("%s: %s", sb_channel_transport_name(transport), sb_last_error());
        for (size_t m = 0; m < MESSAGE_SIZES; m++) {
            size_t size = message_sizes[m];
            fill(buffer, size, (unsigned)m);
            if (sb_channel_send(channel, buffer, size) != 0 || sb_channel_receive(channel, buffer, size) != 0)
                fail_msg("%s, %zu bytes: %s", sb_channel_transport_name(transport), size, sb_last_error());
            if (!intact(buffer, size, (unsigned)m + 100))
                fail_msg("%s: the %zu-byte reply came back damaged", sb_channel_transport_name(transport), size);
        }
        /* Message boundaries are the sides' business: a thousand sends make
         * one receive, and one send a thousand receives. */
        for (uint64_t i = 0; i < SMALL_MESSAGES; i++)
            assert_int_equal(sb_channel_send(channel, &i, sizeof i), 0);
        for (uint64_t i = 0; i < SMALL_MESSAGES; i++) {
            uint64_t counter;
            assert_int_equal(sb_channel_receive(channel, &counter, sizeof counter), 0);
            assert_int_equal(counter, i);
        }
        if (sb_channel_close(channel) != 0)
            fail_msg("%s: the child found damage: %s", sb_channel_transport_name(transport), sb_last_error());
        assert_no_child_is_left();
    }
    free(buffer);
}

static int return_at_once(sb_channel *channel, void *context)
{
    (void)channel;
    (void)context;
    return 0;
}

static int expect_hang_up(sb_channel *channel, void *context)
{
    (void)context;
    char byte;
    return sb_channel_receive(channel, &byte, 1) == SB_CHANNEL_HUNG_UP ? 0 : -1;
}

static void a_clean_end_between_messages_is_a_hang_up_on_either_side(void **state)
{
    (void)state;
    for (int t = 0; t < SB_CHANNEL_TRANSPORT_COUNT; t++) {
        sb_channel_transport transport = (sb_channel_transport)t;
        char byte;
        sb_channel *channel = sb_channel_open(transport, NULL, 0, return_at_once, NULL);
        assert_non_null(channel);
        assert_int_equal(sb_channel_receive(channel, &byte, 1), SB_CHANNEL_HUNG_UP);
        assert_int_equal(sb_channel_close(channel), 0);
        assert_no_child_is_left();

        /* The child exits 0 only if its receive saw the parent hang up. */
        channel = sb_channel_open(transport, NULL, 0, expect_hang_up, NULL);
        assert_non_null(channel);
        if (sb_channel_close(channel) != 0)
            fail_msg("%s: %s", sb_channel_transport_name(transport), sb_last_error());
        assert_no_child_is_left();
    }
}

static int die_half_way(sb_channel *channel, void *context)
{
    (void)context;
    unsigned char half[500];
    fill(half, sizeof half, 0);
    sb_channel_send(channel, half, sizeof half);
    raise(SIGKILL);
    return 0;
}

static int die_at_once(sb_channel *channel, void *context)
{
    (void)channel;
    (void)context;
    raise(SIGKILL);
    return 0;
}

static void a_dead_child_is_an_error_naming_how_it_died(void **state)
{
    (void)state;
    for (int t = 0; t < SB_CHANNEL_TRANSPORT_COUNT; t++) {
        sb_channel_transport transport = (sb_channel_transport)t;
        unsigned char message[1000];
        sb_channel *channel = sb_channel_open(transport, NULL, 0, die_half_way, NULL);
        assert_non_null(channel);
        assert_int_equal(sb_channel_receive(channel, message, sizeof message), -1);
        assert_error_contains("500 bytes into a 1000-byte message");
        assert_error_contains("killed by signal 9");
        assert_int_equal(sb_channel_close(channel), -1);
        assert_error_contains("killed by signal 9");
        assert_no_child_is_left();

        channel = sb_channel_open(transport, NULL, 0, die_at_once, NULL);
        assert_non_null(channel);
        assert_int_equal(sb_channel_receive(channel, message, sizeof message), -1);
        assert_error_contains("killed by signal 9");
        assert_int_equal(sb_channel_close(channel), -1);
        assert_no_child_is_left();
    }
}

static void a_send_to_a_child_that_is_gone_fails_without_sigpipe(void **state)
{
    (void)state;
    unsigned char *buffer = calloc(1, MIB);
    assert_non_null(buffer);
    for (int t = 0; t < SB_CHANNEL_TRANSPORT_COUNT; t++) {
        sb_channel_transport transport = (sb_channel_transport)t;
        /* Sending until the transport is full outlasts the child (TCP over
         * loopback can hold megabytes); SIGPIPE, left at its default here,
         * would kill the test. */
        sb_channel *channel = sb_channel_open(transport, NULL, 0, return_at_once, NULL);
        assert_non_null(channel);
        int sent = 0;
        for (int m = 0; sent == 0 && m < MAX_UNREAD_MIB; m++)
            sent = sb_channel_send(channel, buffer, MIB);
        if (sent != -1)
            fail_msg("%s: %d MiB went to a child that is gone", sb_channel_transport_name(transport), MAX_UNREAD_MIB);
        assert_error_contains("cannot send: the child ended");
        /* And again, now that it is known to be gone. */
        assert_int_equal(sb_channel_send(channel, buffer, 1), -1);
        assert_int_equal(sb_channel_close(channel), 0);
        assert_no_child_is_left();
    }
    free(buffer);
}

static int fail_at_once(sb_channel *channel, void *context)
{
    (void)channel;
    (void)context;
    return -1;
}

static void a_failing_child_is_reaped_and_reported(void **state)
{
    (void)state;
    sb_channel *channel = sb_channel_open(SB_CHANNEL_PIPE, NULL, 0, fail_at_once, NULL);
    assert_non_null(channel);
    assert_int_equal(sb_channel_close(channel), -1);
    assert_error_contains("exited with status 1");
    assert_no_child_is_left();
}

static int send_own_cpu(sb_channel *channel, void *context)
{
    (void)context;
    int cpu = sched_getcpu();
    return sb_channel_send(channel, &cpu, sizeof cpu);
}

static void the_child_runs_on_its_placed_pu(void **state)
{
    (void)state;
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_COMPACT, 2);
    assert_non_null(placement);
    for (unsigned worker = 0; worker < 2; worker++) {
        int cpu;
        sb_channel *channel = sb_channel_open(SB_CHANNEL_UNIX, placement, worker, send_own_cpu, NULL);
        assert_non_null(channel);
        assert_int_equal(sb_channel_receive(channel, &cpu, sizeof cpu), 0);
        assert_int_equal(cpu, sb_placement_pu(placement, worker));
        assert_int_equal(sb_channel_close(channel), 0);
    }
    sb_placement_free(placement);
    assert_no_child_is_left();
}

/* What an orphaned child's receive returned, in memory the test shares. */
static int record_receive(sb_channel *channel, void *context)
{
    char byte;
    *(volatile int *)context = sb_channel_receive(channel, &byte, 1);
    return 0;
}

static void a_child_whose_parent_dies_does_not_wait_forever(void **state)
{
    (void)state;
    /* The orphans come to this process instead of init, to be waited for. */
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    volatile int *outcome = mmap(NULL, sizeof *outcome, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(outcome != MAP_FAILED);
    for (int t = 0; t < SB_CHANNEL_TRANSPORT_COUNT; t++) {
        *outcome = 99;
        pid_t parent = fork();
        assert_true(parent >= 0);
        if (parent == 0)
            _exit(sb_channel_open((sb_channel_transport)t, NULL, 0, record_receive, (void *)outcome) ? 0 : 1);
        int status;
        assert_int_equal(waitpid(parent, &status, 0), parent);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        /* The orphan dies with its parent (base/child.h), unless it saw the
         * hang-up first, as the parent's ends closed. */
        assert_true(waitpid(-1, &status, 0) > 0);
        assert_true((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
                    (WIFEXITED(status) && WEXITSTATUS(status) == 0 && *outcome == SB_CHANNEL_HUNG_UP));
        assert_no_child_is_left();
    }
    munmap((void *)outcome, sizeof *outcome);
    prctl(PR_SET_CHILD_SUBREAPER, 0);
}

static void bad_arguments_are_refused(void **state)
{
    (void)state;
    assert_null(sb_channel_open(SB_CHANNEL_TRANSPORT_COUNT, NULL, 0, return_at_once, NULL));
    assert_error_contains("known transport");
    assert_null(sb_channel_open(SB_CHANNEL_PIPE, NULL, 0, NULL, NULL));
    sb_placement *placement = sb_placement_plan(topology, SB_PLACE_NONE, 2);
    assert_null(sb_channel_open(SB_CHANNEL_PIPE, placement, 2, return_at_once, NULL));
    assert_error_contains("no worker 2");
    assert_null(sb_manager_start(0, placement, 2));
    sb_placement_free(placement);
    assert_no_child_is_left();

    assert_int_equal(sb_channel_send(NULL, "x", 1), -1);
    assert_int_equal(sb_channel_receive(NULL, NULL, 0), -1);
    assert_int_equal(sb_channel_close(NULL), 0);
    sb_channel *channel = sb_channel_open(SB_CHANNEL_UNIX, NULL, 0, expect_hang_up, NULL);
    assert_non_null(channel);
    assert_int_equal(sb_channel_send(channel, NULL, 1), -1);
    assert_int_equal(sb_channel_send(channel, NULL, 0), 0);
    assert_int_equal(sb_channel_close(channel), 0);

    assert_string_equal(sb_channel_transport_name(SB_CHANNEL_SHM_FUTEX), "shm_futex");
    assert_string_equal(sb_channel_transport_name(SB_CHANNEL_TRANSPORT_COUNT), "unknown");
    assert_null(sb_shared_list_create(6, 5));
    assert_null(sb_shared_list_create(0, 0));
    assert_int_equal(sb_manager_set(NULL, 0, 1), -1);
    assert_null(sb_manager_connect(NULL));
    assert_int_equal(sb_manager_stop(NULL), 0);
}

/* ---- the notes' examples, and what concurrent clients leave ----------- */

/* Forks `clients` processes, each running client(i, context) and exiting 0
 * when it returns 0, and waits for them all to succeed. */
static void run_clients(unsigned clients, int (*client)(unsigned i, void *context), void *context)
{
    for (unsigned i = 0; i < clients; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            _exit(client(i, context) == 0 ? 0 : 1);
    }
    for (unsigned i = 0; i < clients; i++) {
        int status;
        assert_true(wait(&status) > 0);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
}

/* A kind of list shared by processes, so that the same checks run on both. */
typedef struct list_kind {
    void *(*create)(size_t length, size_t capacity); /* in the test process */
    void (*destroy)(void *list);                     /* likewise, once the clients are done */
    void *(*open)(void *list);                       /* in each process that uses it */
    void (*close)(void *handle);
    int (*get)(void *handle, size_t index, int64_t *value);
    int (*set)(void *handle, size_t index, int64_t value);
    int (*append)(void *handle, int64_t value);
    size_t (*length)(void *handle);
    int (*clear)(void *handle);
} list_kind;

/* What a client process is handed. */
typedef struct shared_list_of {
    const list_kind *kind;
    void *list;
} shared_list_of;

static void *manager_create(size_t length, size_t capacity)
{
    (void)capacity; /* a manager's list grows */
    return sb_manager_start(length, NULL, 0);
}

static void manager_destroy(void *list)
{
    if (sb_manager_stop(list) != 0)
        fail_msg("the manager did not stop cleanly: %s", sb_last_error());
}

static void *manager_open(void *list)
{
    return sb_manager_connect(list);
}

static void manager_close(void *handle)
{
    sb_manager_disconnect(handle);
}

static int manager_get(void *handle, size_t index, int64_t *value)
{
    return sb_manager_get(handle, index, value);
}

static int manager_set(void *handle, size_t index, int64_t value)
{
    return sb_manager_set(handle, index, value);
}

static int manager_append(void *handle, int64_t value)
{
    return sb_manager_append(handle, value);
}

static size_t manager_length(void *handle)
{
    size_t length = SIZE_MAX;
    sb_manager_length(handle, &length);
    return length;
}

static int manager_clear(void *handle)
{
    return sb_manager_clear(handle);
}

static const list_kind manager_kind = {manager_create, manager_destroy, manager_open,   manager_close, manager_get,
                                       manager_set,    manager_append,  manager_length, manager_clear};

static void *shared_create(size_t length, size_t capacity)
{
    return sb_shared_list_create(length, capacity);
}

static void shared_destroy(void *list)
{
    sb_shared_list_free(list);
}

/* Every process that has the mapping uses the list itself. */
static void *shared_open(void *list)
{
    return list;
}

static void shared_close(void *handle)
{
    (void)handle;
}

static int shared_get(void *handle, size_t index, int64_t *value)
{
    return sb_shared_list_get(handle, index, value);
}

static int shared_set(void *handle, size_t index, int64_t value)
{
    return sb_shared_list_set(handle, index, value);
}

static int shared_append(void *handle, int64_t value)
{
    return sb_shared_list_append(handle, value);
}

static size_t shared_length(void *handle)
{
    return sb_shared_list_length(handle);
}

static int shared_clear(void *handle)
{
    sb_shared_list_clear(handle);
    return 0;
}

static const list_kind shared_kind = {shared_create, shared_destroy, shared_open,   shared_close, shared_get,
                                      shared_set,    shared_append,  shared_length, shared_clear};

static int set_own_item_to_one(unsigned i, void *context)
{
    const shared_list_of *shared = context;
    void *li = shared->kind->open(shared->list);
    int rc = li ? shared->kind->set(li, i, 1) : -1;
    shared->kind->close(li);
    return rc;
}

static int append_one(unsigned i, void *context)
{
    (void)i;
    const shared_list_of *shared = context;
    void *li = shared->kind->open(shared->list);
    int rc = li ? shared->kind->append(li, 1) : -1;
    shared->kind->close(li);
    return rc;
}

/* Client i appends i * 1000 + k for k = 0, 1, ... */
static int append_own_series(unsigned i, void *context)
{
    const shared_list_of *shared = context;
    void *li = shared->kind->open(shared->list);
    int rc = li ? 0 : -1;
    for (int64_t k = 0; rc == 0 && k < APPENDS_PER_CLIENT; k++)
        rc = shared->kind->append(li, (int64_t)i * 1000 + k);
    shared->kind->close(li);
    return rc;
}

static void assert_all_ones(const list_kind *kind, void *li, size_t length)
{
    assert_int_equal(kind->length(li), length);
    for (size_t i = 0; i < length; i++) {
        int64_t value;
        assert_int_equal(kind->get(li, i, &value), 0);
        assert_int_equal(value, 1);
    }
}

/* Every client's series is there once, each in the order it was appended. */
static void assert_every_series_whole(const list_kind *kind, void *li)
{
    assert_int_equal(kind->length(li), CLIENTS * APPENDS_PER_CLIENT);
    int64_t next[CLIENTS] = {0};
    for (size_t i = 0; i < CLIENTS * APPENDS_PER_CLIENT; i++) {
        int64_t value;
        assert_int_equal(kind->get(li, i, &value), 0);
        int64_t client = value / 1000;
        assert_true(client >= 0 && client < CLIENTS);
        assert_int_equal(value % 1000, next[client]++);
    }
}

static void check_list_holds_what_processes_put_there(const list_kind *kind)
{
    /* The notes' li[i] = 1, each worker its own item, from Array("i", 5)'s
     * five zeros. */
    shared_list_of shared = {kind, kind->create(CLIENTS, CLIENTS)};
    assert_non_null(shared.list);
    run_clients(CLIENTS, set_own_item_to_one, &shared);
    void *li = kind->open(shared.list);
    assert_non_null(li);
    assert_all_ones(kind, li, CLIENTS);
    kind->close(li);
    kind->destroy(shared.list);

    /* The notes' li.append(1), from an empty list; then many appends at
     * once, past the manager's first allocation. */
    shared.list = kind->create(0, CLIENTS * APPENDS_PER_CLIENT);
    assert_non_null(shared.list);
    run_clients(CLIENTS, append_one, &shared);
    li = kind->open(shared.list);
    assert_non_null(li);
    assert_all_ones(kind, li, CLIENTS);
    assert_int_equal(kind->clear(li), 0);
    run_clients(CLIENTS, append_own_series, &shared);
    assert_every_series_whole(kind, li);
    kind->close(li);
    kind->destroy(shared.list);
    assert_no_child_is_left();
}

static void manager_list_holds_what_clients_set_and_appended(void **state)
{
    (void)state;
    check_list_holds_what_processes_put_there(&manager_kind);
}

static void shared_list_holds_what_processes_set_and_appended(void **state)
{
    (void)state;
    check_list_holds_what_processes_put_there(&shared_kind);
}

static void indexes_out_of_range_and_a_full_list_are_errors(void **state)
{
    (void)state;
    int64_t value;
    sb_manager *manager = sb_manager_start(5, NULL, 0);
    assert_non_null(manager);
    sb_manager_client *client = sb_manager_connect(manager);
    assert_non_null(client);
    assert_int_equal(sb_manager_get(client, 5, &value), -1);
    assert_error_contains("index 5 is out of range for a list of 5");
    assert_int_equal(sb_manager_set(client, 7, 1), -1);
    assert_error_contains("index 7 is out of range for a list of 5");
    assert_int_equal(sb_manager_set(client, 4, -3), 0);
    assert_int_equal(sb_manager_get(client, 4, &value), 0);
    assert_int_equal(value, -3);
    sb_manager_disconnect(client);
    assert_int_equal(sb_manager_stop(manager), 0);

    sb_shared_list *list = sb_shared_list_create(5, 6);
    assert_non_null(list);
    assert_int_equal(sb_shared_list_get(list, 5, &value), -1);
    assert_error_contains("index 5 is out of range for a list of 5");
    assert_int_equal(sb_shared_list_set(list, 7, 1), -1);
    assert_error_contains("index 7 is out of range for a list of 5");
    assert_int_equal(sb_shared_list_append(list, 1), 0);
    assert_int_equal(sb_shared_list_append(list, 1), -1);
    assert_error_contains("full: it holds at most 6 items");
    sb_shared_list_free(list);
    assert_no_child_is_left();
}

/* The pid of this process's only child, from /proc; 0 when /proc does not say. */
static pid_t only_child(void)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    FILE *file = fopen(path, "r");
    int pid = 0;
    if (file) {
        if (fscanf(file, "%d", &pid) != 1)
            pid = 0;
        fclose(file);
    }
    return (pid_t)pid;
}

static int stop_from_elsewhere(unsigned i, void *context)
{
    (void)i;
    return sb_manager_stop(context) == -1 && strstr(sb_last_error(), "only the process that started") ? 0 : -1;
}

static void a_dead_or_stopped_manager_is_an_error_for_its_clients(void **state)
{
    (void)state;
    sb_manager *manager = sb_manager_start(1, NULL, 0);
    assert_non_null(manager);
    pid_t server = only_child();
    if (server == 0)
        skip();
    run_clients(1, stop_from_elsewhere, manager);
    sb_manager_client *client = sb_manager_connect(manager);
    assert_non_null(client);
    assert_int_equal(kill(server, SIGKILL), 0);
    assert_int_equal(sb_manager_append(client, 1), -1);
    assert_error_contains("the manager's server has ended");
    assert_int_equal(sb_manager_stop(manager), -1);
    assert_error_contains("killed by signal 9");
    sb_manager_disconnect(client);
    assert_no_child_is_left();

    manager = sb_manager_start(1, NULL, 0);
    assert_non_null(manager);
    client = sb_manager_connect(manager);
    assert_non_null(client);
    assert_int_equal(sb_manager_stop(manager), 0);
    assert_int_equal(sb_manager_set(client, 0, 1), -1);
    assert_error_contains("the manager's server has ended");
    sb_manager_disconnect(client);
    assert_no_child_is_left();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_transport_delivers_every_byte_in_order),
        cmocka_unit_test(a_clean_end_between_messages_is_a_hang_up_on_either_side),
        cmocka_unit_test(a_dead_child_is_an_error_naming_how_it_died),
        cmocka_unit_test(a_send_to_a_child_that_is_gone_fails_without_sigpipe),
        cmocka_unit_test(a_failing_child_is_reaped_and_reported),
        cmocka_unit_test(the_child_runs_on_its_placed_pu),
        cmocka_unit_test(a_child_whose_parent_dies_does_not_wait_forever),
        cmocka_unit_test(bad_arguments_are_refused),
        cmocka_unit_test(manager_list_holds_what_clients_set_and_appended),
        cmocka_unit_test(shared_list_holds_what_processes_set_and_appended),
        cmocka_unit_test(indexes_out_of_range_and_a_full_list_are_errors),
        cmocka_unit_test(a_dead_or_stopped_manager_is_an_error_for_its_clients),
    };
    return cmocka_run_group_tests(tests, open_topology, close_topology);
}
