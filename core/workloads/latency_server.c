#include "workloads/latency_server.h"

#include "base/clock.h"
#include "base/error.h"
#include "base/timer_heap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

enum {
    REQUEST_MAX = 2048,  /* a request line and headers; longer gets 400 */
    RESPONSE_MAX = 512,  /* the headers and a tag or a reason */
    TAG_MAX = 64,
    EVENTS_PER_WAIT = 64,
};

/* How long accepting pauses when the process runs out of descriptors: a
 * closing connection resumes it sooner, but there may be none to close. */
static const uint64_t ACCEPT_RETRY_NS = 10 * 1000 * 1000;

typedef enum connection_state {
    READING, /* in epoll for input, until the blank line that ends the request */
    HELD,    /* out of epoll, in the timer heap until its deadline */
    WRITING, /* in epoll for output, when the answer did not go out at once */
} connection_state;

typedef struct connection {
    int fd;
    connection_state state;
    bool in_epoll;
    uint64_t received_ns;
    size_t request_length, response_length, sent;
    char request[REQUEST_MAX + 1];
    char response[RESPONSE_MAX];
    /* From a valid request, for its answer. */
    uint64_t delay_us;
    char tag[TAG_MAX + 1];
} connection;

struct sb_latency_server {
    int listener, epoll, timer, stop;
    uint16_t port;
    pthread_t thread;

    /* The serving thread's alone until it is joined. */
    connection **by_fd; /* every open connection, by descriptor */
    size_t by_fd_size;
    sb_timer_heap held;
    uint64_t armed_ns; /* the timer's deadline; UINT64_MAX when disarmed */
    bool accept_paused;
    uint64_t accept_retry_ns; /* when a paused listener is tried again */

    atomic_uint_fast64_t answered, rejected, held_now;
};

static int watch(sb_latency_server *s, connection *c, uint32_t events)
{
    struct epoll_event event = {.events = events, .data.fd = c->fd};
    if (epoll_ctl(s->epoll, c->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &event) != 0)
        return -1;
    c->in_epoll = true;
    return 0;
}

static void unwatch(sb_latency_server *s, connection *c)
{
    if (c->in_epoll)
        epoll_ctl(s->epoll, EPOLL_CTL_DEL, c->fd, NULL);
    c->in_epoll = false;
}

static void set_accepting(sb_latency_server *s, bool accepting)
{
    struct epoll_event event = {.events = accepting ? EPOLLIN : 0, .data.fd = s->listener};
    epoll_ctl(s->epoll, EPOLL_CTL_MOD, s->listener, &event);
    s->accept_paused = !accepting;
}

static void close_connection(sb_latency_server *s, connection *c)
{
    unwatch(s, c);
    s->by_fd[c->fd] = NULL;
    close(c->fd);
    free(c);
    /* A descriptor is free again. */
    if (s->accept_paused)
        set_accepting(s, true);
}

/* Sends what is left of the answer, then closes; waits for room if the
 * socket has none. */
static void send_response(sb_latency_server *s, connection *c)
{
    while (c->sent < c->response_length) {
        ssize_t n = send(c->fd, c->response + c->sent, c->response_length - c->sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            c->state = WRITING;
            if (watch(s, c, EPOLLOUT) != 0)
                break;
            return;
        }
        if (n < 0)
            break; /* the client has gone: nothing to tell it */
        c->sent += (size_t)n;
    }
    close_connection(s, c);
}

static void respond(sb_latency_server *s, connection *c, const char *status, const char *headers, const char *body)
{
    int length = snprintf(c->response, sizeof c->response,
                          "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n%s\r\n%s",
                          status, strlen(body), headers, body);
    c->response_length = length < (int)sizeof c->response ? (size_t)length : sizeof c->response - 1;
    c->sent = 0;
    send_response(s, c);
}

static void reject(sb_latency_server *s, connection *c, const char *reason)
{
    char body[160];
    snprintf(body, sizeof body, "%s\n", reason);
    atomic_fetch_add_explicit(&s->rejected, 1, memory_order_relaxed);
    respond(s, c, "400 Bad Request", "", body);
}

static void answer(sb_latency_server *s, connection *c)
{
    char headers[96];
    snprintf(headers, sizeof headers, "X-Delay-Us: %llu\r\nX-Waited-Ns: %llu\r\n", (unsigned long long)c->delay_us,
             (unsigned long long)(sb_clock_ns() - c->received_ns));
    atomic_fetch_add_explicit(&s->answered, 1, memory_order_relaxed);
    respond(s, c, "200 OK", headers, c->tag);
}

static bool is_tag_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
           c == '_';
}

/* Checks "GET /delay/<N>us[/<tag>] HTTP/1.<d>\r\n" and keeps its delay and
 * tag. NULL when it is good, else why not. */
static const char *parse_request_line(connection *c)
{
    static const char usage[] = "expected GET /delay/<microseconds>us[/<tag>] HTTP/1.1";
    const char *at = c->request;
    if (strncmp(at, "GET /delay/", 11) != 0)
        return usage;
    at += 11;
    uint64_t delay = 0;
    const char *digits = at;
    for (; *at >= '0' && *at <= '9'; at++) {
        delay = delay * 10 + (uint64_t)(*at - '0');
        if (delay > SB_LATENCY_SERVER_MAX_DELAY_US)
            return "the delay is longer than a minute";
    }
    if (at == digits || strncmp(at, "us", 2) != 0)
        return usage;
    at += 2;
    size_t tag_length = 0;
    if (*at == '/')
        for (at++; tag_length < TAG_MAX && is_tag_char(*at); at++)
            c->tag[tag_length++] = *at;
    c->tag[tag_length] = '\0';
    if (strncmp(at, " HTTP/1.", 8) != 0 || at[8] < '0' || at[8] > '9' || strncmp(at + 9, "\r\n", 2) != 0)
        return tag_length == TAG_MAX ? "the tag is longer than 64 characters" : usage;
    c->delay_us = delay;
    return NULL;
}

static void hold(sb_latency_server *s, connection *c)
{
    const char *reason = parse_request_line(c);
    if (reason) {
        reject(s, c, reason);
        return;
    }
    c->received_ns = sb_clock_ns();
    /* Anything the client sends now is ignored; it is answered at its time. */
    unwatch(s, c);
    if (sb_timer_heap_add(&s->held, c->received_ns + c->delay_us * 1000, c) != 0) {
        close_connection(s, c);
        return;
    }
    c->state = HELD;
    atomic_fetch_add_explicit(&s->held_now, 1, memory_order_relaxed);
}

static void read_request(sb_latency_server *s, connection *c)
{
    for (;;) {
        if (c->request_length == REQUEST_MAX) {
            reject(s, c, "the request is longer than 2048 bytes");
            return;
        }
        ssize_t got = recv(c->fd, c->request + c->request_length, REQUEST_MAX - c->request_length, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (got <= 0) {
            close_connection(s, c);
            return;
        }
        c->request_length += (size_t)got;
        c->request[c->request_length] = '\0';
        if (memmem(c->request, c->request_length, "\r\n\r\n", 4)) {
            hold(s, c);
            return;
        }
    }
}

static int remember(sb_latency_server *s, connection *c)
{
    if ((size_t)c->fd >= s->by_fd_size) {
        size_t size = s->by_fd_size ? s->by_fd_size : 64;
        while (size <= (size_t)c->fd)
            size *= 2;
        connection **by_fd = realloc(s->by_fd, size * sizeof *by_fd);
        if (!by_fd)
            return -1;
        memset(by_fd + s->by_fd_size, 0, (size - s->by_fd_size) * sizeof *by_fd);
        s->by_fd = by_fd;
        s->by_fd_size = size;
    }
    s->by_fd[c->fd] = c;
    return 0;
}

static void accept_connections(sb_latency_server *s)
{
    for (;;) {
        int fd = accept4(s->listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            /* Out of descriptors or memory: the listener would stay ready
             * and spin the loop, so stop listening until a connection
             * closes. The backlog keeps the waiting clients. */
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                set_accepting(s, false);
                s->accept_retry_ns = sb_clock_ns() + ACCEPT_RETRY_NS;
            }
            return;
        }
        connection *c = malloc(sizeof *c);
        if (c)
            *c = (connection){.fd = fd, .state = READING};
        if (!c || remember(s, c) != 0) {
            free(c);
            close(fd);
        } else if (watch(s, c, EPOLLIN) != 0) {
            close_connection(s, c);
        }
    }
}

/* Answers every held request whose time has come, listens again if a pause
 * is over, and sets the timer for whichever comes next. */
static void answer_due(sb_latency_server *s)
{
    connection *c;
    uint64_t now = sb_clock_ns();
    while ((c = sb_timer_heap_take_due(&s->held, now))) {
        atomic_fetch_sub_explicit(&s->held_now, 1, memory_order_relaxed);
        answer(s, c);
    }
    if (s->accept_paused && now >= s->accept_retry_ns)
        set_accepting(s, true);
    uint64_t next = sb_timer_heap_earliest(&s->held);
    if (s->accept_paused && s->accept_retry_ns < next)
        next = s->accept_retry_ns;
    if (next == s->armed_ns)
        return;
    /* All zeros disarms it. */
    struct itimerspec when = {.it_value = next == UINT64_MAX ? (struct timespec){0} : sb_clock_timespec(next)};
    if (timerfd_settime(s->timer, TFD_TIMER_ABSTIME, &when, NULL) == 0)
        s->armed_ns = next;
}

static void *serve(void *arg)
{
    sb_latency_server *s = arg;
    struct epoll_event events[EVENTS_PER_WAIT];
    for (;;) {
        int count = epoll_wait(s->epoll, events, EVENTS_PER_WAIT, -1);
        if (count < 0 && errno != EINTR)
            return NULL;
        for (int i = 0; i < count; i++) {
            int fd = events[i].data.fd;
            if (fd == s->stop)
                return NULL;
            if (fd == s->listener) {
                accept_connections(s);
            } else if (fd != s->timer && (size_t)fd < s->by_fd_size && s->by_fd[fd]) {
                connection *c = s->by_fd[fd];
                if (c->state == READING)
                    read_request(s, c);
                else if (c->state == WRITING)
                    send_response(s, c);
            }
        }
        answer_due(s);
    }
}

static void close_server(sb_latency_server *s)
{
    for (size_t fd = 0; fd < s->by_fd_size; fd++)
        if (s->by_fd[fd]) {
            close((int)fd);
            free(s->by_fd[fd]);
        }
    free(s->by_fd);
    sb_timer_heap_clear(&s->held);
    int fds[] = {s->listener, s->epoll, s->timer, s->stop};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(s);
}

static int add_to_epoll(sb_latency_server *s, int fd, uint32_t events)
{
    struct epoll_event event = {.events = events, .data.fd = fd};
    return epoll_ctl(s->epoll, EPOLL_CTL_ADD, fd, &event);
}

static int open_sockets(sb_latency_server *s)
{
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    s->listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    s->epoll = epoll_create1(EPOLL_CLOEXEC);
    s->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    s->stop = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s->listener < 0 || s->epoll < 0 || s->timer < 0 || s->stop < 0 ||
        bind(s->listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(s->listener, SOMAXCONN) != 0 ||
        getsockname(s->listener, (struct sockaddr *)&address, &length) != 0)
        return -1;
    s->port = ntohs(address.sin_port);
    /* The timer is edge-triggered: an expiry wakes the loop once, and
     * nothing need read it to quieten it. */
    if (add_to_epoll(s, s->listener, EPOLLIN) != 0 || add_to_epoll(s, s->timer, EPOLLIN | EPOLLET) != 0 ||
        add_to_epoll(s, s->stop, EPOLLIN) != 0)
        return -1;
    return 0;
}

sb_latency_server *sb_latency_server_start(void)
{
    sb_latency_server *s = calloc(1, sizeof *s);
    if (!s) {
        sb_set_error("out of memory for a latency server");
        return NULL;
    }
    s->listener = s->epoll = s->timer = s->stop = -1;
    s->armed_ns = UINT64_MAX;
    if (open_sockets(s) != 0) {
        sb_set_error("cannot set up the latency server's sockets: %s", strerror(errno));
        close_server(s);
        return NULL;
    }
    int rc = pthread_create(&s->thread, NULL, serve, s);
    if (rc != 0) {
        sb_set_error("cannot start the latency server's thread: %s", strerror(rc));
        close_server(s);
        return NULL;
    }
    return s;
}

uint16_t sb_latency_server_port(const sb_latency_server *server)
{
    return server->port;
}

sb_latency_server_stats sb_latency_server_get_stats(const sb_latency_server *server)
{
    return (sb_latency_server_stats){
        .answered = atomic_load_explicit(&server->answered, memory_order_relaxed),
        .rejected = atomic_load_explicit(&server->rejected, memory_order_relaxed),
        .held = atomic_load_explicit(&server->held_now, memory_order_relaxed),
    };
}

void sb_latency_server_stop(sb_latency_server *server)
{
    if (!server)
        return;
    uint64_t one = 1;
    /* An eventfd counter cannot overflow from one write, so this succeeds. */
    while (write(server->stop, &one, sizeof one) < 0 && errno == EINTR)
        ;
    pthread_join(server->thread, NULL);
    close_server(server);
}
