/* The client side of the manager: one request and its reply per operation. */
#include "python/manager_protocol.h"

#include "base/error.h"
#include "base/socket_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sb_manager_client {
    int socket;
};

sb_manager_client *sb_manager_connect(const sb_manager *manager)
{
    if (!manager) {
        sb_set_error("connecting needs a manager");
        return NULL;
    }
    sb_manager_client *client = malloc(sizeof *client);
    if (!client) {
        sb_set_error("out of memory");
        return NULL;
    }
    client->socket = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (client->socket < 0 ||
        connect(client->socket, (const struct sockaddr *)&manager->address, manager->address_length) != 0) {
        sb_set_error("cannot connect to the manager's server: %s", strerror(errno));
        if (client->socket >= 0)
            close(client->socket);
        free(client);
        return NULL;
    }
    return client;
}

void sb_manager_disconnect(sb_manager_client *client)
{
    if (!client)
        return;
    close(client->socket);
    free(client);
}

/* Sends one request and waits for its reply; stores the reply's value in
 * *result unless it is NULL. */
static int call(sb_manager_client *client, sb_manager_op op, size_t index, int64_t value, int64_t *result)
{
    if (!client) {
        sb_set_error("a list operation needs a manager client");
        return -1;
    }
    sb_manager_request request = {.op = op, .index = index, .value = value};
    sb_manager_reply reply;
    int got = -1;
    if (sb_socket_send_all(client->socket, &request, sizeof request) != 0 ||
        (got = sb_socket_receive_all(client->socket, &reply, sizeof reply)) != 0) {
        if (got == SB_SOCKET_CLOSED || errno == EPIPE || errno == ECONNRESET)
            sb_set_error("the manager's server has ended");
        else
            sb_set_error("cannot reach the manager's server: %s", strerror(errno));
        return -1;
    }
    switch (reply.status) {
    case SB_MANAGER_OK:
        if (result)
            *result = reply.value;
        return 0;
    case SB_MANAGER_OUT_OF_RANGE:
        sb_set_error("index %zu is out of range for a list of %lld", index, (long long)reply.value);
        return -1;
    case SB_MANAGER_OUT_OF_MEMORY:
        sb_set_error("the manager's server is out of memory");
        return -1;
    default:
        sb_set_error("the manager's server did not understand request %u", (unsigned)op);
        return -1;
    }
}

int sb_manager_get(sb_manager_client *client, size_t index, int64_t *value)
{
    return call(client, SB_MANAGER_GET, index, 0, value);
}

int sb_manager_set(sb_manager_client *client, size_t index, int64_t value)
{
    return call(client, SB_MANAGER_SET, index, value, NULL);
}

int sb_manager_append(sb_manager_client *client, int64_t value)
{
    return call(client, SB_MANAGER_APPEND, 0, value, NULL);
}

int sb_manager_length(sb_manager_client *client, size_t *length)
{
    int64_t value;
    if (call(client, SB_MANAGER_LENGTH, 0, 0, &value) != 0)
        return -1;
    *length = (size_t)value;
    return 0;
}

int sb_manager_clear(sb_manager_client *client)
{
    return call(client, SB_MANAGER_CLEAR, 0, 0, NULL);
}
