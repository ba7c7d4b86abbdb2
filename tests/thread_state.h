/*
 * thread_state: what the kernel says about a thread of this process, so a
 * test can force an interleaving instead of hoping for it: wait until a
 * thread provably sleeps in a given system call (a futex wait, a sleep),
 * count its voluntary context switches, and read or widen CPU affinities.
 * Everything is read from /proc/self/task/<tid>/ and sched_getaffinity.
 */
#ifndef SLICEBENCH_THREAD_STATE_H
#define SLICEBENCH_THREAD_STATE_H

#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

/* The calling thread's kernel id. */
pid_t thread_state_tid(void);

/* Whether thread `tid` is off its CPU, blocked inside system call `nr`
 * (SYS_futex, SYS_clock_nanosleep, ...): /proc/self/task/<tid>/syscall names
 * a system call only for a thread that is not running. False for a thread
 * that has exited. */
bool thread_sleeps_in(pid_t tid, long nr);

/* Polls, yielding the CPU, until thread_sleeps_in(tid, nr). */
void wait_until_thread_sleeps_in(pid_t tid, long nr);

/* Whether /proc/self/task/<tid> exists (the thread has not exited). */
bool thread_exists(pid_t tid);

/* The threads of this process, as /proc/self/task lists them now. */
unsigned threads_of_this_process(void);

/* The threads of this process, once as few as `expected` or after ten
 * seconds: a thread leaves /proc/self/task a moment after pthread_join
 * returns (the kernel wakes the joiner before it has reaped the thread),
 * so a count read at once may still hold the threads just joined. */
unsigned threads_once_down_to(unsigned expected);

/* The thread's voluntary_ctxt_switches: one more for every time it blocked. */
unsigned long thread_voluntary_switches(pid_t tid);

/* Sets the calling thread's affinity to every CPU the kernel lets it use,
 * saving the old one in *saved; returns how many CPUs it may use now. A
 * binding onto one CPU is then visible as a change even where the test was
 * started confined to that CPU (taskset -c 0). */
int widen_affinity(cpu_set_t *saved);

/* Confines the calling thread to one CPU of those it may use, saving the
 * old affinity in *saved; threads it creates then share that CPU. A thread
 * that wakes another on its own CPU makes it runnable before the wake-up
 * call returns; across CPUs the kernel may finish the wake-up later (by an
 * interrupt), while the woken thread still reads as asleep. 0 or -1. */
int pin_to_one_cpu(cpu_set_t *saved);

/* Whether thread or process `tid` (0: the caller) may run on `cpu` alone. */
bool affinity_is_only(pid_t tid, int cpu);

#endif
