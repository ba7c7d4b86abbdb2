#include "child_checks.h"

#include <dirent.h>
#include <errno.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

void assert_no_child_is_left(void)
{
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

unsigned open_descriptors(void)
{
    DIR *fds = opendir("/proc/self/fd");
    assert_non_null(fds);
    unsigned count = 0;
    for (struct dirent *entry; (entry = readdir(fds));)
        count += entry->d_name[0] != '.';
    closedir(fds);
    return count;
}
