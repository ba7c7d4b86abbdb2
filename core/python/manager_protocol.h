/*
 * manager_protocol: what the manager's starter (python/manager.c), its server
 * (python/manager_server.c) and its clients (python/manager_client.c) share: where the
 * server listens, and the fixed-size request and reply that cross a client's
 * connection. All of them run on the same machine, so the structs cross as
 * they are.
 */
#ifndef SLICEBENCH_PYTHON_MANAGER_PROTOCOL_H
#define SLICEBENCH_PYTHON_MANAGER_PROTOCOL_H

#include "python/manager.h"

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

struct sb_manager {
    struct sockaddr_un address; /* abstract: sun_path starts with a NUL byte */
    socklen_t address_length;
    pid_t owner;  /* the process that started it */
    pid_t server;
    int control;  /* the owner's end of a socket pair: the server ends when it hangs up */
    const sb_placement *placement;
    unsigned worker;
};

typedef enum sb_manager_op {
    SB_MANAGER_GET,
    SB_MANAGER_SET,
    SB_MANAGER_APPEND,
    SB_MANAGER_LENGTH,
    SB_MANAGER_CLEAR,
} sb_manager_op;

typedef struct sb_manager_request {
    uint32_t op;     /* an sb_manager_op */
    uint32_t unused; /* 0: no padding goes out uninitialised */
    uint64_t index;
    int64_t value;
} sb_manager_request;

typedef enum sb_manager_status {
    SB_MANAGER_OK,
    SB_MANAGER_OUT_OF_RANGE,  /* value: the list's length */
    SB_MANAGER_OUT_OF_MEMORY,
    SB_MANAGER_BAD_REQUEST,
} sb_manager_status;

typedef struct sb_manager_reply {
    uint32_t status; /* an sb_manager_status */
    uint32_t unused;
    int64_t value;   /* get: the item; length: the length */
} sb_manager_reply;

/* The server's whole life: holds `items` (`length` of them, in an anonymous
 * mapping of room for `capacity`), serves clients connecting to `listener`
 * until `control` hangs up. Returns its exit status. Being a forked child,
 * it makes system calls only: no malloc, no stdio. */
int sb_manager_serve(int listener, int control, int64_t *items, size_t length, size_t capacity);

#endif
