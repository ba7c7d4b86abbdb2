#include "ipc/tcp_pair.h"

#include "base/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static bool same_address(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
    return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
}

/* Accepts on `listener` until the connection comes from `client`: any
 * local process may connect to the port while it listens, and gets dropped. */
static int accept_from(int listener, int client)
{
    struct sockaddr_in expected;
    socklen_t length = sizeof expected;
    if (getsockname(client, (struct sockaddr *)&expected, &length) != 0)
        return -1;
    for (;;) {
        struct sockaddr_in peer;
        length = sizeof peer;
        int server = accept4(listener, (struct sockaddr *)&peer, &length, SOCK_CLOEXEC);
        if (server < 0 && errno == EINTR)
            continue;
        if (server < 0 || same_address(&peer, &expected))
            return server;
        close(server);
    }
}

static int no_delay(int fd)
{
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
}

int sb_tcp_pair(int fds[2])
{
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int server = -1;
    if (listener >= 0 && client >= 0 && bind(listener, (struct sockaddr *)&address, sizeof address) == 0 &&
        listen(listener, 1) == 0 && getsockname(listener, (struct sockaddr *)&address, &length) == 0 &&
        connect(client, (struct sockaddr *)&address, sizeof address) == 0)
        server = accept_from(listener, client);
    if (server < 0 || no_delay(client) != 0 || no_delay(server) != 0) {
        sb_set_error("cannot connect two TCP sockets over 127.0.0.1: %s", strerror(errno));
        if (server >= 0)
            close(server);
        if (client >= 0)
            close(client);
        if (listener >= 0)
            close(listener);
        return -1;
    }
    close(listener);
    fds[0] = client;
    fds[1] = server;
    return 0;
}
