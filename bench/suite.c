#include "suite.h"

#include <pthread.h>
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

/* A size found: that of workload `index`'s tasks of `ns`. */
typedef struct sb_suite_size {
    struct sb_suite_size *next;
    unsigned index;
    uint64_t ns, size;
} sb_suite_size;

/* Guards the sizes and the opens, should benchmarks run on several threads. */
static pthread_mutex_t sizing = PTHREAD_MUTEX_INITIALIZER;

/* Keeps workload `index` open for tasks of at least `size`: a larger open
 * grows what the workload readied, and then lets the smaller one go. */
static void open_for(sb_suite *suite, unsigned index, uint64_t size)
{
    uint64_t *opened = &suite->opened_size[index];
    if (*opened >= size || sb_workload_open(sb_workloads[index], size) != 0)
        return;
    if (*opened > 0)
        sb_workload_close(sb_workloads[index]);
    *opened = size;
}

uint64_t sb_suite_workload_size(sb_suite *suite, unsigned index, uint64_t ns)
{
    pthread_mutex_lock(&sizing);
    sb_suite_size *found = suite->sizes;
    while (found && (found->index != index || found->ns != ns))
        found = found->next;
    if (!found) {
        sb_suite_size size = {suite->sizes, index, ns, sb_workloads[index]->size_for_ns(ns)};
        found = suite->sizes = sb_suite_keep(suite, &size, sizeof size);
    }
    open_for(suite, index, found->size);
    pthread_mutex_unlock(&sizing);
    return found->size;
}

void sb_suite_release(sb_suite *suite)
{
    for (unsigned w = 0; sb_workloads[w]; w++)
        if (suite->opened_size[w] > 0)
            sb_workload_close(sb_workloads[w]);
    memset(suite->opened_size, 0, sizeof suite->opened_size);
    suite->sizes = NULL;
    while (suite->kept) {
        sb_suite_block *next = suite->kept->next;
        free(suite->kept);
        suite->kept = next;
    }
}
