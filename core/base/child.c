#include "base/child.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

pid_t sb_child_fork(void)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    /* A parent that ended between the fork and the prctl sent no signal:
     * the child has been handed to a reaper, as getppid() tells, and ends
     * as the signal would have ended it. */
    if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent))
        raise(SIGKILL);
    return pid;
}
