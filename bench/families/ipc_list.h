/*
 * ipc_list: one operation on a list that processes share, the notes'
 * Manager().list() (core/python/manager.h, a server process that holds the
 * list, reached over a socket) or their Array (core/python/shared_list.h,
 * the list in shared memory), as the ipc family times each and the paired
 * family sets one against the other (claim C8). A list is used from the
 * calling thread alone, uncontended, as the manager's list is from its one
 * client.
 */
#ifndef SLICEBENCH_FAMILIES_IPC_LIST_H
#define SLICEBENCH_FAMILIES_IPC_LIST_H

#include "base/placement.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum sb_ipc_list_op {
    SB_IPC_LIST_SET,    /* li[i] = v, i going round the list */
    SB_IPC_LIST_APPEND, /* li.append(v), in rounds that start with a clear, timed with them */
    SB_IPC_LIST_OP_COUNT
} sb_ipc_list_op;

const char *sb_ipc_list_op_name(sb_ipc_list_op op);

typedef struct sb_ipc_list_backend {
    const char *name;
    bool has_server; /* a process of its own, on worker 1 */
    /* A list of the notes' five zeros, with room for a round of appends,
     * any process it needs on worker 1 of `placement`; NULL, with
     * sb_last_error(). */
    void *(*open)(const sb_placement *placement);
    /* Frees the list and stops its server. -1, with sb_last_error(), when
     * the server did not end cleanly. */
    int (*close)(void *list);
    int (*set)(void *list, size_t index, int64_t value);
    int (*append)(void *list, int64_t value);
    int (*clear)(void *list);
} sb_ipc_list_backend;

extern const sb_ipc_list_backend sb_ipc_list_manager;
extern const sb_ipc_list_backend sb_ipc_list_shared;

/* `count` operations `op` on `list` of `backend`. -1, with sb_last_error(),
 * when one failed. */
int sb_ipc_list_run(const sb_ipc_list_backend *backend, void *list, sb_ipc_list_op op, uint64_t count);

#endif
