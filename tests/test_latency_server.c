/* latency_server: answers concurrent GETs, each no sooner than its delay by
 * the server's own clock; answers what it cannot parse with 400 and goes on
 * serving; holds many requests at once and stops cleanly with them open.
 * http_get: refuses anything but the loopback server. Every check is on
 * answers and counters, never on how long something took. */
#include "base/clock.h"
#include "base/error.h"
#include "workloads/http_get.h"
#include "workloads/latency_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "child_checks.h"

/* A connected socket, or -1. Asserts nothing, for forked children. */
static int open_connection(uint16_t port)
{
    struct sockaddr_in address = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static int connect_to(uint16_t port)
{
    int fd = open_connection(port);
    assert_true(fd >= 0);
    return fd;
}

static void send_text(int fd, const char *text, size_t length)
{
    assert_int_equal(send(fd, text, length, MSG_NOSIGNAL), (ssize_t)length);
}

/* Reads until the server closes; a reset after its answer ends it too (the
 * server resets a connection whose request it did not read to the end). */
static size_t read_to_end(int fd, char *out, size_t size)
{
    size_t length = 0;
    ssize_t got;
    while (length < size - 1 && (got = recv(fd, out + length, size - 1 - length, 0)) > 0)
        length += (size_t)got;
    out[length] = '\0';
    return length;
}

enum { CLIENTS = 16 };

typedef struct client {
    uint16_t port;
    unsigned index;
    uint64_t delay_us;
    int rc;
    char error[256];
    sb_http_response response;
} client;

static void *get_once(void *arg)
{
    client *c = arg;
    char url[96];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/delay/%lluus/client-%u", c->port, (unsigned long long)c->delay_us,
             c->index);
    c->rc = sb_http_get(url, &c->response);
    snprintf(c->error, sizeof c->error, "%s", sb_last_error());
    return NULL;
}

static void answers_concurrent_gets_no_sooner_than_their_delays(void **state)
{
    (void)state;
    sb_latency_server *server = sb_latency_server_start();
    assert_non_null(server);
    client clients[CLIENTS];
    pthread_t threads[CLIENTS];
    for (unsigned i = 0; i < CLIENTS; i++) {
        clients[i] = (client){.port = sb_latency_server_port(server), .index = i, .delay_us = 200 * (i % 4)};
        assert_int_equal(pthread_create(&threads[i], NULL, get_once, &clients[i]), 0);
    }
    for (unsigned i = 0; i < CLIENTS; i++) {
        pthread_join(threads[i], NULL);
        const client *c = &clients[i];
        if (c->rc != 0)
            fail_msg("client %u: %s", i, c->error);
        assert_int_equal(c->response.status, 200);
        char tag[32];
        snprintf(tag, sizeof tag, "client-%u", i);
        assert_string_equal(c->response.body, tag);
        uint64_t delay_us, waited_ns;
        assert_int_equal(sb_http_header_u64(&c->response, "X-Delay-Us", &delay_us), 0);
        assert_int_equal(sb_http_header_u64(&c->response, "x-waited-ns", &waited_ns), 0);
        assert_int_equal(delay_us, c->delay_us);
        assert_true(waited_ns >= delay_us * 1000);
    }
    sb_latency_server_stats stats = sb_latency_server_get_stats(server);
    assert_int_equal(stats.answered, CLIENTS);
    assert_int_equal(stats.rejected, 0);
    assert_int_equal(stats.held, 0);
    sb_latency_server_stop(server);
}

static void answers_what_it_cannot_parse_with_400_and_goes_on(void **state)
{
    (void)state;
    static const struct {
        const char *request, *reason;
    } bad[] = {
        {"POST /delay/1us HTTP/1.1\r\n\r\n", "expected GET /delay/<microseconds>us"},
        {"GET /delay/soonus HTTP/1.1\r\n\r\n", "expected GET /delay/<microseconds>us"},
        {"GET /delay/5ms HTTP/1.1\r\n\r\n", "expected GET /delay/<microseconds>us"},
        {"GET /delay/60000001us HTTP/1.1\r\n\r\n", "longer than a minute"},
        {"GET /delay/5us/no spaces HTTP/1.1\r\n\r\n", "expected GET /delay/<microseconds>us"},
        {"GET /delay/5us HTTP/2\r\n\r\n", "expected GET /delay/<microseconds>us"},
        {"GET /delay/5us/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\n\r\n",
         "the tag is longer than 64 characters"},
    };
    sb_latency_server *server = sb_latency_server_start();
    assert_non_null(server);
    uint16_t port = sb_latency_server_port(server);
    char answer[1024];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int fd = connect_to(port);
        send_text(fd, bad[i].request, strlen(bad[i].request));
        read_to_end(fd, answer, sizeof answer);
        close(fd);
        if (strncmp(answer, "HTTP/1.1 400 ", 13) != 0 || !strstr(answer, bad[i].reason))
            fail_msg("'%s' got: %s", bad[i].request, answer);
    }

    /* A request that never ends within the server's buffer. */
    char endless[3000];
    memset(endless, 'A', sizeof endless);
    int fd = connect_to(port);
    send_text(fd, endless, sizeof endless);
    read_to_end(fd, answer, sizeof answer);
    close(fd);
    assert_non_null(strstr(answer, "400 Bad Request"));
    assert_non_null(strstr(answer, "longer than 2048 bytes"));

    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/delay/0us/still-here", port);
    sb_http_response response;
    assert_int_equal(sb_http_get(url, &response), 0);
    assert_int_equal(response.status, 200);
    assert_string_equal(response.body, "still-here");

    sb_latency_server_stats stats = sb_latency_server_get_stats(server);
    assert_int_equal(stats.rejected, sizeof bad / sizeof bad[0] + 1);
    assert_int_equal(stats.answered, 1);
    sb_latency_server_stop(server);
}

enum { HELD = 64 };

static void holds_many_requests_at_once_and_stops_with_them_open(void **state)
{
    (void)state;
    unsigned descriptors_before = open_descriptors();
    sb_latency_server *server = sb_latency_server_start();
    assert_non_null(server);
    int fds[HELD];
    static const char request[] = "GET /delay/60000000us/later HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    for (unsigned i = 0; i < HELD; i++) {
        fds[i] = connect_to(sb_latency_server_port(server));
        send_text(fds[i], request, sizeof request - 1);
    }
    /* The server holds each for a minute, so it has them all at once as soon
     * as it has read them. The limit only turns a hang into a failure. */
    uint64_t give_up = sb_clock_ns() + 60ull * 1000 * 1000 * 1000;
    while (sb_latency_server_get_stats(server).held < HELD && sb_clock_ns() < give_up)
        sb_sleep_ns(1000000);
    assert_int_equal(sb_latency_server_get_stats(server).held, HELD);

    sb_latency_server_stop(server);
    char answer[256];
    for (unsigned i = 0; i < HELD; i++) {
        /* Closed unanswered. */
        assert_int_equal(read_to_end(fds[i], answer, sizeof answer), 0);
        close(fds[i]);
    }
    assert_int_equal(open_descriptors(), descriptors_before);
}

enum { CROWD = 20 };

/* In a child of its own, whose descriptors do not count against the
 * server's: CROWD connections at once, each sending its request before any
 * answer is read. Exits 0 when every one was answered 200. */
static void crowd_the_server(uint16_t port, const char *request, size_t length)
{
    int fds[CROWD];
    for (unsigned i = 0; i < CROWD; i++) {
        fds[i] = open_connection(port);
        if (fds[i] < 0 || send(fds[i], request, length, MSG_NOSIGNAL) != (ssize_t)length)
            _exit(2);
    }
    char answer[512];
    unsigned answered = 0;
    for (unsigned i = 0; i < CROWD; i++) {
        read_to_end(fds[i], answer, sizeof answer);
        answered += strncmp(answer, "HTTP/1.1 200 ", 13) == 0;
        close(fds[i]);
    }
    _exit(answered == CROWD ? 0 : 1);
}

/* The descriptor the next open or accept gets. */
static int lowest_free_descriptor(void)
{
    int probe = open("/dev/null", O_RDONLY | O_CLOEXEC);
    assert_true(probe >= 0);
    close(probe);
    return probe;
}

static void keeps_serving_when_out_of_descriptors(void **state)
{
    (void)state;
    sb_latency_server *server = sb_latency_server_start();
    assert_non_null(server);
    static const char request[] = "GET /delay/0us/crowd HTTP/1.1\r\n\r\n";
    struct rlimit saved, tight;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
    /* Room for two more descriptors: the server runs out while the crowd
     * waits in its backlog, and takes it in as answers free them. */
    tight = (struct rlimit){.rlim_cur = (rlim_t)lowest_free_descriptor() + 2, .rlim_max = saved.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
    pid_t child = fork();
    if (child == 0) {
        setrlimit(RLIMIT_NOFILE, &saved);
        crowd_the_server(sb_latency_server_port(server), request, sizeof request - 1);
    }
    int status = -1;
    if (child > 0)
        waitpid(child, &status, 0);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
    assert_true(child > 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(sb_latency_server_get_stats(server).answered, CROWD);
    sb_latency_server_stop(server);
}

static void http_get_refuses_what_is_not_the_loopback_server(void **state)
{
    (void)state;
    static const char *const not_ours[] = {
        "http://example.com/", "https://127.0.0.1:80/", "http://127.0.0.1:0/x",
        "http://127.0.0.1:65536/x", "http://127.0.0.1:8080", "http://127.0.0.1:8080/a b",
    };
    sb_http_response response;
    for (size_t i = 0; i < sizeof not_ours / sizeof not_ours[0]; i++) {
        assert_int_equal(sb_http_get(not_ours[i], &response), -1);
        assert_non_null(strstr(sb_last_error(), "http://127.0.0.1:<port>/<path>"));
    }

    /* A port bound but not listening refuses connections for as long as it
     * is held. */
    int bound = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    assert_int_equal(bind(bound, (struct sockaddr *)&address, sizeof address), 0);
    assert_int_equal(getsockname(bound, (struct sockaddr *)&address, &length), 0);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/delay/0us", ntohs(address.sin_port));
    assert_int_equal(sb_http_get(url, &response), -1);
    assert_non_null(strstr(sb_last_error(), "cannot connect"));
    close(bound);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_concurrent_gets_no_sooner_than_their_delays),
        cmocka_unit_test(answers_what_it_cannot_parse_with_400_and_goes_on),
        cmocka_unit_test(holds_many_requests_at_once_and_stops_with_them_open),
        cmocka_unit_test(keeps_serving_when_out_of_descriptors),
        cmocka_unit_test(http_get_refuses_what_is_not_the_loopback_server),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
