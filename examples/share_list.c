/*
 * The notes' two ways for processes to share a list (one section, two
 * snippets): an Array in shared memory, which each worker writes itself, and
 * a Manager().list(), held by a server process to which each worker sends
 * requests over a socket.
 *
 *     v = Array("i", 5)                   v = Manager().list()
 *     for i in range(5):                  for i in range(5):
 *         Thread(target=f1, args=(i, v))      Thread(target=f1, args=(i, v))
 *     # f1: sleep(1); li[arg] = 1         # f1: sleep(1); li.append(1)
 *     #     print(list(li))               #     print(li)
 *
 * The notes start threads, which share every list anyway; Array and Manager
 * exist for processes, so the workers here are forked processes (claim C8).
 * Each prints the list as it sees it right after its own write, in whatever
 * order they get there; once they have all exited, the parent prints
 *
 *     final: [1, 1, 1, 1, 1]
 *
 * Usage: share_list array|manager [SLEEP_MS] (the workers' sleep, 0 to
 * 60000; 1000 as in the notes unless given).
 */
#include "base/clock.h"
#include "base/error.h"
#include "python/manager.h"
#include "python/shared_list.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { WORKERS = 5, MAX_SLEEP_MS = 60000 };

/* Reads item i of a list, whichever kind. */
typedef int (*get_item)(void *list, size_t index, int64_t *value);

static int get_shared(void *list, size_t index, int64_t *value)
{
    return sb_shared_list_get(list, index, value);
}

static int get_managed(void *list, size_t index, int64_t *value)
{
    return sb_manager_get(list, index, value);
}

/* Prints "<label>: [1, 0, ...]". */
static int print_list(const char *label, get_item get, void *list, size_t length)
{
    printf("%s: [", label);
    for (size_t i = 0; i < length; i++) {
        int64_t value;
        if (get(list, i, &value) != 0)
            return -1;
        printf("%s%lld", i ? ", " : "", (long long)value);
    }
    printf("]\n");
    /* stdout holds the line until here: out it goes in one write, so that
     * the workers' lines do not mix. */
    return fflush(stdout) == 0 ? 0 : -1;
}

/* li[i] = 1; print(list(li)) */
static int array_worker(unsigned i, sb_shared_list *li)
{
    char label[32];
    snprintf(label, sizeof label, "worker %u", i);
    if (sb_shared_list_set(li, i, 1) != 0)
        return -1;
    return print_list(label, get_shared, li, sb_shared_list_length(li));
}

/* li.append(1); print(li) */
static int manager_worker(unsigned i, const sb_manager *manager)
{
    char label[32];
    snprintf(label, sizeof label, "worker %u", i);
    sb_manager_client *li = sb_manager_connect(manager);
    size_t length;
    int rc = li && sb_manager_append(li, 1) == 0 && sb_manager_length(li, &length) == 0
                 ? print_list(label, get_managed, li, length)
                 : -1;
    sb_manager_disconnect(li);
    return rc;
}

static bool parse_arguments(int argc, char **argv, bool *use_manager, uint64_t *sleep_ms)
{
    if (argc < 2 || argc > 3 || (strcmp(argv[1], "array") != 0 && strcmp(argv[1], "manager") != 0))
        return false;
    *use_manager = strcmp(argv[1], "manager") == 0;
    *sleep_ms = 1000;
    if (argc == 3) {
        char *end;
        unsigned long ms = strtoul(argv[2], &end, 10);
        if (end == argv[2] || *end || argv[2][0] == '-' || ms > MAX_SLEEP_MS)
            return false;
        *sleep_ms = ms;
    }
    return true;
}

int main(int argc, char **argv)
{
    bool use_manager;
    uint64_t sleep_ms;
    if (!parse_arguments(argc, argv, &use_manager, &sleep_ms)) {
        fprintf(stderr, "usage: share_list array|manager [SLEEP_MS, 0 to %d]\n", MAX_SLEEP_MS);
        return 2;
    }
    /* Array("i", 5): five zeros. Manager().list(): empty. */
    sb_shared_list *array = use_manager ? NULL : sb_shared_list_create(WORKERS, WORKERS);
    sb_manager *manager = use_manager ? sb_manager_start(0, NULL, 0) : NULL;
    if (!array && !manager) {
        fprintf(stderr, "share_list: %s\n", sb_last_error());
        return 1;
    }
    unsigned started = 0;
    for (; started < WORKERS; started++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("share_list: fork");
            break;
        }
        if (pid == 0) {
            sb_sleep_ns(sleep_ms * 1000000u);
            if ((use_manager ? manager_worker(started, manager) : array_worker(started, array)) == 0)
                _exit(0);
            fprintf(stderr, "share_list: worker %u: %s\n", started, sb_last_error());
            _exit(1);
        }
    }
    bool ok = started == WORKERS;
    for (unsigned w = 0; w < started; w++) {
        int status;
        ok = wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && ok;
    }
    if (ok && array)
        ok = print_list("final", get_shared, array, sb_shared_list_length(array)) == 0;
    if (ok && manager) {
        sb_manager_client *li = sb_manager_connect(manager);
        size_t length;
        ok = li && sb_manager_length(li, &length) == 0 && print_list("final", get_managed, li, length) == 0;
        sb_manager_disconnect(li);
    }
    if (!ok)
        fprintf(stderr, "share_list: the list could not be shared by all %d workers\n", WORKERS);
    sb_shared_list_free(array);
    if (sb_manager_stop(manager) != 0) {
        fprintf(stderr, "share_list: %s\n", sb_last_error());
        ok = false;
    }
    return ok ? 0 : 1;
}
