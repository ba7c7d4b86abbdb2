#include "workloads/http_get.h"

#include "base/error.h"
#include "base/task_hooks.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

enum { TARGET_MAX = 512 };

static const char loopback_prefix[] = "http://127.0.0.1:";

/* Splits "http://127.0.0.1:<port>/<path>" into the port and "/<path>". */
static int parse_url(const char *url, uint16_t *port, const char **target)
{
    if (strncmp(url, loopback_prefix, sizeof loopback_prefix - 1) != 0) {
        sb_set_error("GET %s: only http://127.0.0.1:<port>/<path> URLs are served here", url);
        return -1;
    }
    const char *at = url + sizeof loopback_prefix - 1;
    unsigned long number = 0;
    const char *digits = at;
    for (; *at >= '0' && *at <= '9' && number <= 65535; at++)
        number = number * 10 + (unsigned long)(*at - '0');
    size_t target_length = strlen(at);
    bool printable = true;
    for (const char *c = at; *c; c++)
        printable = printable && *c > ' ' && *c < 0x7f;
    if (at == digits || number == 0 || number > 65535 || *at != '/' || !printable || target_length > TARGET_MAX) {
        sb_set_error("GET %s: expected http://127.0.0.1:<port>/<path>, a port from 1 to 65535 and a path of at "
                     "most %d printable characters",
                     url, TARGET_MAX);
        return -1;
    }
    *port = (uint16_t)number;
    *target = at;
    return 0;
}

/* Waits through the task hooks until `fd` is ready for `events`. */
static int wait_for(int fd, short events, const char *url)
{
    if (sb_task_wait_fd(fd, events) < 0) {
        sb_set_error("GET %s: waiting on the socket: %s", url, strerror(errno));
        return -1;
    }
    return 0;
}

static int connect_to(int fd, uint16_t port, const char *url)
{
    struct sockaddr_in address = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int error = 0;
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        error = errno;
        if (error == EINPROGRESS) {
            socklen_t length = sizeof error;
            if (wait_for(fd, POLLOUT, url) != 0)
                return -1;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
                error = errno;
        }
    }
    if (error != 0) {
        sb_set_error("GET %s: cannot connect: %s", url, strerror(error));
        return -1;
    }
    return 0;
}

static int send_all(int fd, const char *data, size_t length, const char *url)
{
    for (size_t sent = 0; sent < length;) {
        ssize_t n = send(fd, data + sent, length - sent, MSG_NOSIGNAL);
        if (n >= 0) {
            sent += (size_t)n;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (wait_for(fd, POLLOUT, url) != 0)
                return -1;
        } else if (errno != EINTR) {
            sb_set_error("GET %s: cannot send the request: %s", url, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* Once the head is in: the status and the length the whole answer will
 * have, or -1. */
static int parse_head(sb_http_response *response, size_t head_length, size_t *total, const char *url)
{
    const char *head = response->head;
    uint64_t body_length;
    if (strncmp(head, "HTTP/1.", 7) != 0 || head[8] != ' ' || sscanf(head + 9, "%3d", &response->status) != 1) {
        sb_set_error("GET %s: the answer does not start with an HTTP/1 status line", url);
        return -1;
    }
    if (sb_http_header_u64(response, "Content-Length", &body_length) != 0) {
        sb_set_error("GET %s: the answer has no Content-Length", url);
        return -1;
    }
    if (body_length > SB_HTTP_RESPONSE_MAX - head_length) {
        sb_set_error("GET %s: the answer is larger than %d bytes", url, SB_HTTP_RESPONSE_MAX);
        return -1;
    }
    *total = head_length + (size_t)body_length;
    return 0;
}

/* Reads the answer into response->head, then moves its body to
 * response->body. */
static int receive(int fd, sb_http_response *response, const char *url)
{
    char *buffer = response->head;
    size_t length = 0, total = 0, head_length = 0;
    while (total == 0 || length < total) {
        if (length == SB_HTTP_RESPONSE_MAX) {
            sb_set_error("GET %s: the answer is larger than %d bytes", url, SB_HTTP_RESPONSE_MAX);
            return -1;
        }
        ssize_t got = recv(fd, buffer + length, (total ? total : SB_HTTP_RESPONSE_MAX) - length, 0);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (wait_for(fd, POLLIN, url) != 0)
                return -1;
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            sb_set_error("GET %s: the connection ended after %zu bytes of the answer%s%s", url, length,
                         got < 0 ? ": " : "", got < 0 ? strerror(errno) : "");
            return -1;
        }
        length += (size_t)got;
        buffer[length] = '\0';
        const char *blank_line = total ? NULL : strstr(buffer, "\r\n\r\n");
        if (blank_line) {
            /* The head alone, while its headers are read. */
            head_length = (size_t)(blank_line - buffer) + 4;
            char first_of_body = buffer[head_length];
            buffer[head_length] = '\0';
            if (parse_head(response, head_length, &total, url) != 0)
                return -1;
            buffer[head_length] = first_of_body;
        }
    }
    response->body_length = total - head_length;
    memcpy(response->body, buffer + head_length, response->body_length);
    response->body[response->body_length] = '\0';
    buffer[head_length] = '\0';
    return 0;
}

int sb_http_get(const char *url, sb_http_response *response)
{
    uint16_t port;
    const char *target;
    if (parse_url(url, &port, &target) != 0)
        return -1;
    char request[TARGET_MAX + 96];
    int request_length = snprintf(request, sizeof request,
                                  "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n", target, port);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        sb_set_error("GET %s: cannot open a socket: %s", url, strerror(errno));
        return -1;
    }
    int rc = connect_to(fd, port, url) == 0 && send_all(fd, request, (size_t)request_length, url) == 0 &&
                     receive(fd, response, url) == 0
                 ? 0
                 : -1;
    close(fd);
    return rc;
}

int sb_http_header_u64(const sb_http_response *response, const char *name, uint64_t *value)
{
    size_t name_length = strlen(name);
    /* Each header starts a line; the status line comes first. */
    for (const char *line = strstr(response->head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, name, name_length) != 0 || line[2 + name_length] != ':')
            continue;
        char *end;
        const char *number = line + 3 + name_length;
        while (*number == ' ')
            number++;
        errno = 0;
        unsigned long long parsed = strtoull(number, &end, 10);
        if (end == number || errno != 0 || *number == '-' || (*end != '\r' && *end != ' ')) {
            sb_set_error("the %s header is not a number", name);
            return -1;
        }
        *value = parsed;
        return 0;
    }
    sb_set_error("the answer has no %s header", name);
    return -1;
}
