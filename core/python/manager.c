/* Starting and stopping the manager's server process. */
#include "python/manager_protocol.h"

#include "base/child.h"
#include "base/error.h"
#include "base/worker_exit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* The list starts with room for at least this many items, so that the first
 * appends do not each move it. */
enum { INITIAL_CAPACITY = 512 };

/* A listening socket at an abstract address the kernel picks (binding with
 * no name asks for one), and that address. -1, with sb_last_error(). */
static int listen_anywhere(sb_manager *manager)
{
    struct sockaddr_un unnamed = {.sun_family = AF_UNIX};
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    manager->address_length = sizeof manager->address;
    if (listener >= 0 && bind(listener, (struct sockaddr *)&unnamed, sizeof unnamed.sun_family) == 0 &&
        getsockname(listener, (struct sockaddr *)&manager->address, &manager->address_length) == 0 &&
        listen(listener, SOMAXCONN) == 0)
        return listener;
    sb_set_error("cannot listen on a Unix socket for the manager: %s", strerror(errno));
    if (listener >= 0)
        close(listener);
    return -1;
}

sb_manager *sb_manager_start(size_t length, const sb_placement *placement, unsigned worker)
{
    if (placement && worker >= sb_placement_workers(placement)) {
        sb_set_error("the placement plans %u workers: there is no worker %u for the manager",
                     sb_placement_workers(placement), worker);
        return NULL;
    }
    size_t capacity = length > INITIAL_CAPACITY ? length : INITIAL_CAPACITY;
    if (capacity > SIZE_MAX / sizeof(int64_t)) {
        sb_set_error("a list of %zu items does not fit in memory", length);
        return NULL;
    }
    sb_manager *manager = malloc(sizeof *manager);
    if (!manager) {
        sb_set_error("out of memory");
        return NULL;
    }
    *manager = (sb_manager){.owner = getpid(), .placement = placement, .worker = worker};
    /* Mapped here, so that a list too big for memory fails the start rather
     * than the server, which gets the items by the fork. */
    int64_t *items = mmap(NULL, capacity * sizeof *items, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (items == MAP_FAILED) {
        sb_set_error("cannot map a list of %zu items: %s", length, strerror(errno));
        free(manager);
        return NULL;
    }
    int control[2];
    int listener = listen_anywhere(manager);
    if (listener < 0)
        goto no_listener;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, control) != 0) {
        sb_set_error("cannot create the manager's control socket: %s", strerror(errno));
        goto no_server;
    }
    pid_t pid = sb_child_fork();
    if (pid < 0) {
        sb_set_error("cannot fork the manager's server: %s", strerror(errno));
        close(control[0]);
        close(control[1]);
        goto no_server;
    }
    if (pid == 0) {
        close(control[0]);
        if (placement && sb_placement_bind_process(placement, worker) != 0)
            _exit(SB_WORKER_EXIT_BIND_FAILED);
        _exit(sb_manager_serve(listener, control[1], items, length, capacity));
    }
    close(control[1]);
    close(listener);
    munmap(items, capacity * sizeof *items);
    manager->server = pid;
    manager->control = control[0];
    return manager;

no_server:
    close(listener);
no_listener:
    munmap(items, capacity * sizeof *items);
    free(manager);
    return NULL;
}

int sb_manager_stop(sb_manager *manager)
{
    if (!manager)
        return 0;
    if (getpid() != manager->owner) {
        sb_set_error("only the process that started the manager (pid %d) may stop it", (int)manager->owner);
        return -1;
    }
    /* Unlike close(), shutdown() reaches the server even when a process
     * forked meanwhile holds a copy of this end. */
    shutdown(manager->control, SHUT_RDWR);
    close(manager->control);
    int status, rc = 0;
    pid_t got;
    while ((got = waitpid(manager->server, &status, 0)) < 0 && errno == EINTR)
        ;
    if (got < 0) {
        sb_set_error("cannot wait for the manager's server (pid %d): %s", (int)manager->server, strerror(errno));
        rc = -1;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        sb_worker_exit_error(manager->placement, manager->worker, manager->server, status);
        char how[256];
        snprintf(how, sizeof how, "%s", sb_last_error());
        sb_set_error("the manager's server did not end cleanly: %s", how);
        rc = -1;
    }
    free(manager);
    return rc;
}
