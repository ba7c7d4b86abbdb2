/*
 * lifecycle: the whole life of one thread, process or coroutine that does
 * nothing (created, run to its end, reclaimed): the fixed price of each unit
 * of concurrency, before it does any work (claim C7).
 *
 *   thread     pthread_create, then pthread_join
 *   process    fork; the child calls _exit(0); waitpid
 *   coroutine  sb_coro_create with the default stack, mapped afresh, one
 *              switch that runs it to its end (and so one back),
 *              sb_coro_destroy
 *   pooled_coroutine
 *              the same on a default stack from the thread's pool
 *              (coro/stack_pool.h), given back after: as a runtime creates
 *              them, with the stack's pages already there
 */
#ifndef SLICEBENCH_PROBES_LIFECYCLE_H
#define SLICEBENCH_PROBES_LIFECYCLE_H

typedef enum sb_lifecycle_unit {
    SB_LIFECYCLE_THREAD,
    SB_LIFECYCLE_PROCESS,
    SB_LIFECYCLE_COROUTINE,
    SB_LIFECYCLE_POOLED_COROUTINE,
    SB_LIFECYCLE_UNIT_COUNT
} sb_lifecycle_unit;

const char *sb_lifecycle_unit_name(sb_lifecycle_unit unit);

/* Creates one `unit`, lets it run to its end and reclaims it; a process is
 * waited for by its pid, so no other child's exit is taken. -1, with
 * sb_last_error(), when it cannot be created or did not end as it should. */
int sb_lifecycle_run(sb_lifecycle_unit unit);

#endif
