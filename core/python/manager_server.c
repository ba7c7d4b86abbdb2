/*
 * The manager's server: one process with one thread, answering one request
 * at a time, so that each request finds the list as the one before left it.
 * It polls its control socket (the owner hanging up ends it), its listening
 * socket and every connected client.
 */
#include "python/manager_protocol.h"

#include "base/socket_io.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

enum { CONTROL, LISTENER, FIRST_CLIENT }; /* the order of the polled descriptors */
enum { EXIT_FAILED = 1 };

typedef struct server {
    int64_t *items;
    size_t length, capacity;
    struct pollfd *watched; /* [CONTROL], [LISTENER], then a client each */
    size_t watching, room;
} server;

/* Makes room for `wanted` elements of `size` bytes in the anonymous mapping
 * *base, which has room for *room (none when *base is NULL). With mremap
 * rather than realloc: a forked child may not call malloc. */
static bool grow(void **base, size_t *room, size_t wanted, size_t size)
{
    if (wanted <= *room)
        return true;
    size_t new_room = wanted > 2 * *room ? wanted : 2 * *room;
    if (new_room > SIZE_MAX / size)
        return false;
    void *moved = *base ? mremap(*base, *room * size, new_room * size, MREMAP_MAYMOVE)
                        : mmap(NULL, new_room * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (moved == MAP_FAILED)
        return false;
    *base = moved;
    *room = new_room;
    return true;
}

static sb_manager_reply answer(server *s, const sb_manager_request *request)
{
    sb_manager_reply reply = {.status = SB_MANAGER_OK};
    switch (request->op) {
    case SB_MANAGER_GET:
    case SB_MANAGER_SET:
        if (request->index >= s->length) {
            reply.status = SB_MANAGER_OUT_OF_RANGE;
            reply.value = (int64_t)s->length;
        } else if (request->op == SB_MANAGER_GET) {
            reply.value = s->items[request->index];
        } else {
            s->items[request->index] = request->value;
        }
        break;
    case SB_MANAGER_APPEND: {
        void *items = s->items;
        if (grow(&items, &s->capacity, s->length + 1, sizeof *s->items)) {
            s->items = items;
            s->items[s->length++] = request->value;
        } else {
            reply.status = SB_MANAGER_OUT_OF_MEMORY;
        }
        break;
    }
    case SB_MANAGER_LENGTH:
        reply.value = (int64_t)s->length;
        break;
    case SB_MANAGER_CLEAR:
        s->length = 0;
        break;
    default:
        reply.status = SB_MANAGER_BAD_REQUEST;
    }
    return reply;
}

/* Answers one request from `client`. false when the client has gone and is
 * to be dropped. */
static bool serve_client(server *s, int client)
{
    sb_manager_request request;
    if (sb_socket_receive_all(client, &request, sizeof request) != 0)
        return false;
    sb_manager_reply reply = answer(s, &request);
    return sb_socket_send_all(client, &reply, sizeof reply) == 0;
}

/* Takes a waiting connection if it comes from this server's user and there
 * is room to watch it. */
static void accept_client(server *s)
{
    int client = accept4(s->watched[LISTENER].fd, NULL, NULL, SOCK_CLOEXEC);
    if (client < 0)
        return;
    struct ucred peer;
    socklen_t length = sizeof peer;
    void *watched = s->watched;
    if (getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || peer.uid != geteuid() ||
        !grow(&watched, &s->room, s->watching + 1, sizeof *s->watched)) {
        close(client);
        return;
    }
    s->watched = watched;
    s->watched[s->watching++] = (struct pollfd){.fd = client, .events = POLLIN};
}

int sb_manager_serve(int listener, int control, int64_t *items, size_t length, size_t capacity)
{
    server s = {.items = items, .length = length, .capacity = capacity};
    void *watched = NULL;
    if (!grow(&watched, &s.room, FIRST_CLIENT, sizeof *s.watched))
        return EXIT_FAILED;
    s.watched = watched;
    s.watched[CONTROL] = (struct pollfd){.fd = control, .events = POLLIN};
    s.watched[LISTENER] = (struct pollfd){.fd = listener, .events = POLLIN};
    s.watching = FIRST_CLIENT;
    for (;;) {
        if (poll(s.watched, s.watching, -1) < 0) {
            if (errno == EINTR)
                continue;
            return EXIT_FAILED;
        }
        /* The owner never writes to the control socket: whatever shows
         * there is its hang-up. */
        if (s.watched[CONTROL].revents)
            return 0;
        /* From the last client down, so that the last one moving into a
         * dropped one's place has been served already. */
        for (size_t i = s.watching; i-- > FIRST_CLIENT;) {
            if (s.watched[i].revents && !serve_client(&s, s.watched[i].fd)) {
                close(s.watched[i].fd);
                s.watched[i] = s.watched[--s.watching];
            }
        }
        if (s.watched[LISTENER].revents)
            accept_client(&s);
    }
}
