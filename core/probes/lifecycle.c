#include "probes/lifecycle.h"

#include "base/child.h"
#include "base/error.h"
#include "coro/coro.h"
#include "coro/stack_pool.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const unit_names[SB_LIFECYCLE_UNIT_COUNT] = {
    [SB_LIFECYCLE_THREAD] = "thread",
    [SB_LIFECYCLE_PROCESS] = "process",
    [SB_LIFECYCLE_COROUTINE] = "coroutine",
    [SB_LIFECYCLE_POOLED_COROUTINE] = "pooled_coroutine",
};

const char *sb_lifecycle_unit_name(sb_lifecycle_unit unit)
{
    return unit < SB_LIFECYCLE_UNIT_COUNT ? unit_names[unit] : "invalid";
}

/* Every unit's body: hands back what it was given, so that the creator can
 * tell it really ran. */
static void *give_back(void *value)
{
    return value;
}

static int run_thread(void)
{
    pthread_t thread;
    int token, rc = pthread_create(&thread, NULL, give_back, &token);
    if (rc != 0) {
        sb_set_error("cannot create a thread: %s", strerror(rc));
        return -1;
    }
    void *result;
    pthread_join(thread, &result);
    if (result != &token) {
        sb_set_error("the thread did not run to its end");
        return -1;
    }
    return 0;
}

static int run_process(void)
{
    pid_t pid = sb_child_fork();
    if (pid < 0) {
        sb_set_error("cannot fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0)
        _exit(0);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            sb_set_error("cannot wait for process %d: %s", (int)pid, strerror(errno));
            return -1;
        }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        sb_set_error("process %d did not exit cleanly (wait status %d)", (int)pid, status);
        return -1;
    }
    return 0;
}

/* Runs `coro` to its end and destroys it. */
static int run_to_end(sb_coro *coro)
{
    int token;
    void *result = sb_coro_switch(coro, &token);
    bool finished = sb_coro_finished(coro);
    sb_coro_destroy(coro);
    if (result != &token || !finished) {
        sb_set_error("the coroutine did not run to its end");
        return -1;
    }
    return 0;
}

static int run_coroutine(void)
{
    sb_coro *coro = sb_coro_create(give_back, SB_CORO_STACK_DEFAULT);
    return coro ? run_to_end(coro) : -1;
}

static int run_pooled_coroutine(void)
{
    sb_coro_stack_pool *pool = sb_coro_stack_pool_of_thread(SB_CORO_STACK_DEFAULT);
    sb_coro_stack stack;
    if (!pool || sb_coro_stack_pool_take(pool, &stack) < 0)
        return -1;
    sb_coro *coro = sb_coro_create_on(give_back, &stack);
    int rc = coro ? run_to_end(coro) : -1;
    sb_coro_stack_pool_give(pool, &stack);
    return rc;
}

int sb_lifecycle_run(sb_lifecycle_unit unit)
{
    switch (unit) {
    case SB_LIFECYCLE_THREAD: return run_thread();
    case SB_LIFECYCLE_PROCESS: return run_process();
    case SB_LIFECYCLE_COROUTINE: return run_coroutine();
    case SB_LIFECYCLE_POOLED_COROUTINE: return run_pooled_coroutine();
    case SB_LIFECYCLE_UNIT_COUNT: break;
    }
    sb_set_error("invalid unit %d", (int)unit);
    return -1;
}
