/*
 * http_get: requests.get(url) for the embedded latency server: one HTTP/1.1
 * GET over a fresh loopback connection, read to the end of its body.
 *
 * Every wait (for the connection, for room to send, for the answer) goes
 * through sb_task_wait_fd(), so a GIL is released around it and a coroutine
 * hub parks the caller, as CPython and gevent do around a socket's waits.
 *
 * Only http://127.0.0.1:<port>/<path> URLs: the suite talks to nothing but
 * its own server, and the whole answer must fit SB_HTTP_RESPONSE_MAX bytes.
 */
#ifndef SLICEBENCH_WORKLOADS_HTTP_GET_H
#define SLICEBENCH_WORKLOADS_HTTP_GET_H

#include <stddef.h>
#include <stdint.h>

enum { SB_HTTP_RESPONSE_MAX = 2048 };

typedef struct sb_http_response {
    int status;                           /* 200, 400, ... */
    size_t body_length;
    char head[SB_HTTP_RESPONSE_MAX + 1];  /* status line and headers, NUL-terminated */
    char body[SB_HTTP_RESPONSE_MAX + 1];  /* NUL-terminated */
} sb_http_response;

/* GETs `url` into *response. 0 when a whole answer came back, whatever its
 * status; -1, with sb_last_error() naming the URL, on a bad or non-loopback
 * URL, a refused or broken connection, or an answer that is malformed or too
 * large. */
int sb_http_get(const char *url, sb_http_response *response);

/* The header `name` (any case) of a response as a number. -1, with
 * sb_last_error(), when it is missing or not a number. */
int sb_http_header_u64(const sb_http_response *response, const char *name, uint64_t *value);

#endif
