/*
 * socket_io: a whole buffer over a stream socket, however the kernel splits
 * it and whatever signals interrupt it, with no SIGPIPE when the peer has
 * gone. Nothing but send() and recv(), so a forked child may use them.
 */
#ifndef SLICEBENCH_BASE_SOCKET_IO_H
#define SLICEBENCH_BASE_SOCKET_IO_H

#include <stddef.h>

/* sb_socket_receive_all's return when the peer closed its end first. */
enum { SB_SOCKET_CLOSED = 1 };

/* 0 once all `size` bytes are sent; -1 with errno (EPIPE when the peer has
 * gone). */
int sb_socket_send_all(int socket, const void *data, size_t size);

/* 0 once `size` bytes are in `data`; SB_SOCKET_CLOSED when the peer closed
 * before they all came; -1 with errno. */
int sb_socket_receive_all(int socket, void *data, size_t size);

#endif
