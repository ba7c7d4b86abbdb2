#include "proc_fixture.h"

#include "base/capacity.h"

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* Capacity keeps the folders' names, not copies: they live here. */
static char root[64], proc[PATH_MAX], cgroup[PATH_MAX];

void proc_fixture_open(void)
{
    snprintf(root, sizeof root, "/tmp/slicebench-proc-XXXXXX");
    assert_non_null(mkdtemp(root));
    assert_true(snprintf(proc, sizeof proc, "%s/proc", root) < (int)sizeof proc);
    assert_true(snprintf(cgroup, sizeof cgroup, "%s/cgroup", root) < (int)sizeof cgroup);
    assert_int_equal(mkdir(proc, 0755), 0);
    assert_int_equal(mkdir(cgroup, 0755), 0);
    sb_capacity_read_from(proc, cgroup);
}

void proc_fixture_put(const char *name, const char *text)
{
    char path[PATH_MAX];
    assert_true(snprintf(path, sizeof path, "%s/%s", root, name) < (int)sizeof path);
    for (char *slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0755);
        *slash = '/';
    }
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    assert_int_equal(fclose(file), 0);
}

static int remove_entry(const char *path, const struct stat *status, int type, struct FTW *walk)
{
    (void)status;
    (void)type;
    (void)walk;
    return remove(path);
}

void proc_fixture_close(void)
{
    sb_capacity_read_from(NULL, NULL);
    assert_int_equal(nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}
