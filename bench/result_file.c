#include "result_file.h"

#include "base/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char option[] = "--benchmark_out=";
static char *final_path;
static char *partial_option; /* "--benchmark_out=PATH.partial-PID", owned here */

int sb_result_file_redirect(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], option, sizeof option - 1) != 0)
            continue;
        free(final_path);
        free(partial_option);
        final_path = strdup(argv[i] + sizeof option - 1);
        size_t size = strlen(argv[i]) + 32;
        partial_option = malloc(size);
        if (!final_path || !partial_option) {
            sb_set_error("out of memory");
            return -1;
        }
        snprintf(partial_option, size, "%s.partial-%ld", argv[i], (long)getpid());
        argv[i] = partial_option;
    }
    return 0;
}

static const char *partial_path(void)
{
    return partial_option + sizeof option - 1;
}

int sb_result_file_commit(void)
{
    if (!final_path)
        return 0;
    if (rename(partial_path(), final_path) != 0) {
        sb_set_error("cannot move %s to %s: %s", partial_path(), final_path, strerror(errno));
        return -1;
    }
    return 0;
}

void sb_result_file_discard(void)
{
    if (final_path)
        unlink(partial_path());
}
