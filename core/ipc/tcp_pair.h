/*
 * tcp_pair: two connected TCP sockets over loopback, as socketpair() gives
 * two connected Unix sockets, for measuring what the TCP stack adds to a
 * local exchange. Only 127.0.0.1 is used, on a port the kernel picks.
 */
#ifndef SLICEBENCH_IPC_TCP_PAIR_H
#define SLICEBENCH_IPC_TCP_PAIR_H

/* Connects fds[0] to fds[1], both close-on-exec and with Nagle's algorithm
 * off (each write goes out at once, as a request or reply must). 0, or -1
 * with sb_last_error() and no descriptor left open. */
int sb_tcp_pair(int fds[2]);

#endif
