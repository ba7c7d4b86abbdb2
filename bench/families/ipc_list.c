#include "families/ipc_list.h"

#include "base/error.h"
#include "python/manager.h"
#include "python/shared_list.h"

#include <stdio.h>
#include <stdlib.h>

enum {
    /* The notes' lists: Array("i", 5), five workers. */
    LIST_LENGTH = 5,
    /* Appends run in rounds that start with a clear, so that a long run
     * does not grow the list without bound; the clear is timed, one per
     * round. */
    APPENDS_PER_CLEAR = 4096,
};

const char *sb_ipc_list_op_name(sb_ipc_list_op op)
{
    static const char *const names[SB_IPC_LIST_OP_COUNT] = {[SB_IPC_LIST_SET] = "set",
                                                            [SB_IPC_LIST_APPEND] = "append"};
    return (unsigned)op < SB_IPC_LIST_OP_COUNT ? names[op] : "unknown";
}

typedef struct manager_list {
    sb_manager *manager;
    sb_manager_client *client;
} manager_list;

static void *manager_open(const sb_placement *placement)
{
    manager_list *list = malloc(sizeof *list);
    if (!list) {
        sb_set_error("out of memory");
        return NULL;
    }
    list->manager = sb_manager_start(LIST_LENGTH, placement, 1);
    list->client = list->manager ? sb_manager_connect(list->manager) : NULL;
    if (list->client)
        return list;
    if (list->manager) {
        char reason[256];
        snprintf(reason, sizeof reason, "%s", sb_last_error());
        sb_manager_stop(list->manager);
        sb_set_error("%s", reason);
    }
    free(list);
    return NULL;
}

static int manager_close(void *opaque)
{
    manager_list *list = opaque;
    sb_manager_disconnect(list->client);
    int rc = sb_manager_stop(list->manager);
    free(list);
    return rc;
}

static int manager_set(void *list, size_t index, int64_t value)
{
    return sb_manager_set(((manager_list *)list)->client, index, value);
}

static int manager_append(void *list, int64_t value)
{
    return sb_manager_append(((manager_list *)list)->client, value);
}

static int manager_clear(void *list)
{
    return sb_manager_clear(((manager_list *)list)->client);
}

static void *shared_open(const sb_placement *placement)
{
    (void)placement;
    return sb_shared_list_create(LIST_LENGTH, APPENDS_PER_CLEAR);
}

static int shared_close(void *list)
{
    sb_shared_list_free(list);
    return 0;
}

static int shared_set(void *list, size_t index, int64_t value)
{
    return sb_shared_list_set(list, index, value);
}

static int shared_append(void *list, int64_t value)
{
    return sb_shared_list_append(list, value);
}

static int shared_clear(void *list)
{
    sb_shared_list_clear(list);
    return 0;
}

const sb_ipc_list_backend sb_ipc_list_manager = {"manager",     true,       manager_open,  manager_close,
                                                 manager_set,   manager_append, manager_clear};
const sb_ipc_list_backend sb_ipc_list_shared = {"shared_list", false,      shared_open,  shared_close,
                                                shared_set,    shared_append, shared_clear};

int sb_ipc_list_run(const sb_ipc_list_backend *backend, void *list, sb_ipc_list_op op, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        if (op == SB_IPC_LIST_SET) {
            if (backend->set(list, i % LIST_LENGTH, (int64_t)i) != 0)
                return -1;
        } else if ((i % APPENDS_PER_CLEAR == 0 && backend->clear(list) != 0) || backend->append(list, (int64_t)i) != 0) {
            return -1;
        }
    }
    return 0;
}
