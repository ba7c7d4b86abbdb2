#include "base/socket_io.h"

#include <errno.h>
#include <sys/socket.h>

int sb_socket_send_all(int socket, const void *data, size_t size)
{
    const unsigned char *bytes = data;
    for (size_t sent = 0; sent < size;) {
        ssize_t n = send(socket, bytes + sent, size - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        sent += (size_t)n;
    }
    return 0;
}

int sb_socket_receive_all(int socket, void *data, size_t size)
{
    unsigned char *bytes = data;
    for (size_t received = 0; received < size;) {
        ssize_t n = recv(socket, bytes + received, size - received, 0);
        if (n == 0)
            return SB_SOCKET_CLOSED;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        received += (size_t)n;
    }
    return 0;
}
