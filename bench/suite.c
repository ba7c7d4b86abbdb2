#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sb_suite_block {
    struct sb_suite_block *next;
    max_align_t data[];
} sb_suite_block;

void *sb_suite_keep(sb_suite *suite, const void *value, size_t size)
{
    sb_suite_block *block = malloc(sizeof *block + size);
    if (!block) {
        fprintf(stderr, "slicebench: out of memory\n");
        exit(1);
    }
    memcpy(block->data, value, size);
    block->next = suite->kept;
    suite->kept = block;
    return block->data;
}

int sb_suite_open_workload(sb_suite *suite, unsigned index, uint64_t size)
{
    if (sb_suite_has(suite->opened_workloads, index))
        return 0;
    if (sb_workload_open(sb_workloads[index], size) != 0)
        return -1;
    suite->opened_workloads |= UINT64_C(1) << index;
    return 0;
}

void sb_suite_release(sb_suite *suite)
{
    for (unsigned w = 0; sb_workloads[w]; w++)
        if (sb_suite_has(suite->opened_workloads, w))
            sb_workload_close(sb_workloads[w]);
    suite->opened_workloads = 0;
    while (suite->kept) {
        sb_suite_block *next = suite->kept->next;
        free(suite->kept);
        suite->kept = next;
    }
}
