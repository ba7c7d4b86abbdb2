/*
 * latency_server: an HTTP/1.1 server on 127.0.0.1 that answers each GET after
 * the delay its path asks for. It stands in for the sites of the notes'
 * crawler, so that IO-bound work waits on a real socket, on this machine, for
 * a known time.
 *
 *     GET /delay/<microseconds>us[/<tag>] HTTP/1.1
 *
 * is answered no sooner than <microseconds> after the request arrived, with
 * 200, the tag as the body, and two headers: X-Delay-Us (the delay asked
 * for) and X-Waited-Ns (how long the server held the request, on its own
 * clock: never less than the delay). Anything else gets 400 and the reason.
 * Delays go up to SB_LATENCY_SERVER_MAX_DELAY_US, so every request is
 * answered in bounded time.
 *
 * Every answer closes its connection ("Connection: close"), as a plain
 * requests.get() opens a connection per call: a task pays the connect too.
 * The server closes first, so the client's ports are never stuck in
 * TIME_WAIT however many requests a run makes.
 *
 * One thread serves every connection: an epoll loop over the listening
 * socket and the connections, and a heap of deadlines behind one timerfd. A
 * held request costs a heap entry, not a thread, so thousands wait at once;
 * the listen backlog is the kernel's largest (SOMAXCONN).
 *
 * Forked children reach the server by its port, as anyone does. Its thread
 * lives only in the process that started it, which must keep it running
 * while they ask. Children inherit copies of its descriptors: the server
 * takes each connection out of epoll before closing it (a copy would keep a
 * closed descriptor registered), and clients read an answer by its length,
 * not to end-of-file (a copy delays the FIN).
 */
#ifndef SLICEBENCH_WORKLOADS_LATENCY_SERVER_H
#define SLICEBENCH_WORKLOADS_LATENCY_SERVER_H

#include <stdint.h>

typedef struct sb_latency_server sb_latency_server;

/* A minute: as long as the longest task slicebench times. */
enum { SB_LATENCY_SERVER_MAX_DELAY_US = 60 * 1000 * 1000 };

/* Listens on 127.0.0.1 at a port the kernel picks and starts serving. NULL,
 * with sb_last_error(), when a socket or the thread cannot be had. */
sb_latency_server *sb_latency_server_start(void);

uint16_t sb_latency_server_port(const sb_latency_server *server);

typedef struct sb_latency_server_stats {
    uint64_t answered; /* 200s sent */
    uint64_t rejected; /* 400s sent */
    uint64_t held;     /* requests waiting for their delay right now */
} sb_latency_server_stats;

/* Readable from any thread while the server runs. */
sb_latency_server_stats sb_latency_server_get_stats(const sb_latency_server *server);

/* Stops serving: joins the thread, then closes every connection (their
 * clients see end-of-file, unanswered) and every descriptor of the server,
 * and frees it. NULL is ignored. */
void sb_latency_server_stop(sb_latency_server *server);

#endif
