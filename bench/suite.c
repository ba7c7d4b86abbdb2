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

void sb_suite_release(sb_suite *suite)
{
    while (suite->kept) {
        sb_suite_block *next = suite->kept->next;
        free(suite->kept);
        suite->kept = next;
    }
}
