#include "base/worker_exit.h"

#include "base/error.h"

#include <string.h>
#include <sys/wait.h>

void sb_worker_exit_error(const sb_placement *placement, unsigned worker, pid_t pid, int status)
{
    if (WIFSIGNALED(status))
        sb_set_error("worker %u (pid %d) was killed by signal %d (%s)", worker, (int)pid, WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
    else if (placement && WIFEXITED(status) && WEXITSTATUS(status) == SB_WORKER_EXIT_BIND_FAILED)
        sb_set_error("worker %u (pid %d) could not bind to PU %d (run with placement none to let the OS decide)",
                     worker, (int)pid, sb_placement_pu(placement, worker));
    else
        sb_set_error("worker %u (pid %d) exited with status %d", worker, (int)pid, WEXITSTATUS(status));
}
