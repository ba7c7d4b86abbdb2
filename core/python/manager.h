/*
 * manager: the notes' multiprocessing.Manager().list(). A server process
 * holds a list of integers and answers requests to read or change it over a
 * Unix socket, one request at a time, so every operation is atomic; other
 * processes use the list through a client connection, as the notes use the
 * list proxy (li[i] = 1, li.append(1)). Every operation is a round trip to
 * the server: the slow side of claim C8, against core/python/shared_list.h.
 *
 *     sb_manager *manager = sb_manager_start(0, placement, 1);
 *     // in this process, or any forked from it from here on:
 *     sb_manager_client *li = sb_manager_connect(manager);
 *     sb_manager_append(li, 1);                    // li.append(1)
 *     sb_manager_disconnect(li);
 *     // in the process that started it, once the clients are done:
 *     sb_manager_stop(manager);
 *
 * The server listens on an abstract Unix socket address (no file to clean
 * up), picked by the kernel, and accepts connections only from its own user.
 * A client is one connection: one thread at a time may use it.
 */
#ifndef SLICEBENCH_PYTHON_MANAGER_H
#define SLICEBENCH_PYTHON_MANAGER_H

#include "base/placement.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sb_manager sb_manager;
typedef struct sb_manager_client sb_manager_client;

/* Forks the server, holding a list of `length` zeros, bound to worker
 * `worker` of `placement` (NULL: not bound). The server ends when the
 * calling process stops it, or is killed when the calling thread ends
 * (base/child.h). NULL, with sb_last_error(), when it cannot be
 * started; no process is then left. */
sb_manager *sb_manager_start(size_t length, const sb_placement *placement, unsigned worker);

/* Ends the server, waits for it and frees `manager`; clients still
 * connected get errors from then on. Only the process that started it may.
 * 0 when the server exited cleanly; -1, with sb_last_error() saying how it
 * ended, otherwise. NULL is a no-op. */
int sb_manager_stop(sb_manager *manager);

/* Connects the calling process to the server. NULL, with sb_last_error(),
 * when it cannot (the server has ended, say). */
sb_manager_client *sb_manager_connect(const sb_manager *manager);

/* Closes the connection and frees `client`. NULL is a no-op. */
void sb_manager_disconnect(sb_manager_client *client);

/* Each of these is one request and its reply. 0, or -1 with sb_last_error()
 * when the index is out of range, the server is out of memory, or the
 * server has ended. */
int sb_manager_get(sb_manager_client *client, size_t index, int64_t *value); /* li[index] */
int sb_manager_set(sb_manager_client *client, size_t index, int64_t value);  /* li[index] = value */
int sb_manager_append(sb_manager_client *client, int64_t value);             /* li.append(value) */
int sb_manager_length(sb_manager_client *client, size_t *length);            /* len(li) */
int sb_manager_clear(sb_manager_client *client);                            /* del li[:] */

#endif
