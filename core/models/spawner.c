#include "models/spawner.h"

#include "base/error.h"

#include <stdio.h>

/* Keeps the first failure's reason: later ones are usually its echoes. */
static void remember_failure(char *first, size_t size)
{
    if (!first[0])
        snprintf(first, size, "%s", sb_last_error());
}

int sb_spawner_run(const sb_spawner_ops *ops, void *context, unsigned tasks, unsigned workers)
{
    char failure[256] = "";
    unsigned in_flight = 0;

    for (unsigned task = 0; task < tasks; task++) {
        unsigned worker = task; /* the first `workers` tasks fill the seats in order */
        if (task >= workers) {
            int waited = ops->wait_any(context, &worker);
            in_flight--;
            if (waited != 0) {
                remember_failure(failure, sizeof failure);
                break;
            }
        }
        if (ops->start(context, worker, task) != 0) {
            remember_failure(failure, sizeof failure);
            break;
        }
        in_flight++;
    }
    for (; in_flight > 0; in_flight--) {
        unsigned worker;
        if (ops->wait_any(context, &worker) != 0)
            remember_failure(failure, sizeof failure);
    }
    if (failure[0]) {
        sb_set_error("%s", failure);
        return -1;
    }
    return 0;
}
