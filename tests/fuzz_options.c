/*
 * fuzz_options: libFuzzer feeds the command line's parsing random argv (its
 * input split on NUL bytes): the program's options (sb_options_parse), the
 * families' own among them, and the check of Google Benchmark's flags. Built by clang alone; run by
 * fuzz_test.sh.
 */
#include "options.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MOST_ARGS = 64 };

static sb_topology *topology;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    topology = sb_topology_open();
    return topology ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[MOST_ARGS + 1] = {"slicebench"};
    int argc = 1;
    for (char *arg = text; argc < MOST_ARGS && arg <= text + size; arg += strlen(arg) + 1)
        argv[argc++] = arg;
    argv[argc] = NULL;

    sb_benchmark_flags flags;
    sb_options_check_benchmark_flags(argc, argv, &flags);
    sb_suite suite = {.topology = topology};
    if (sb_options_parse(argc, argv, &suite) == SB_OPTIONS_RUN && suite.machine)
        sb_options_check_machine(suite.machine);
    free(text);
    return 0;
}
