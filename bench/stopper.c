/* The signal handling of stopper.h. A handler may do little safely, so the
 * one here counts and, to stop, wakes a thread through a pipe: the thread
 * kills the run's processes. The program is the subreaper of its
 * descendants, so a process orphaned when its parent is killed (a model's
 * child's child) becomes its child, and is killed in turn; and a seccomp
 * filter first stops every thread from starting processes, as a model would
 * start the next task's as soon as the last is killed. */
#include "stopper.h"

#include "base/error.h"
#include "base/interrupt.h"
#include "gbench.h"
#include "result_file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "stopper.c: add this machine's AUDIT_ARCH_"
#endif

enum { MOST_CHILDREN_AT_ONCE = 4096, QUIET_SCANS = 2, QUIET_SCAN_GAP_NS = 10 * 1000 * 1000 };

/* The signals that would end the program, each of which stops a run (SIGINT
 * at the second); and the real-time ones, SIGRTMIN to SIGRTMAX. Those a
 * thread raises by its own doing (a fault: SIGSEGV, SIGBUS, SIGILL, SIGFPE,
 * SIGABRT, SIGTRAP, SIGSYS; a write past the file size limit: SIGXFSZ) keep
 * their default, as a handler could not let the thread go on; the run's
 * processes die with the program all the same (base/child.h). */
static const int stopping[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGPIPE, SIGALRM, SIGTERM,  SIGUSR1,
                               SIGUSR2, SIGPROF, SIGVTALRM, SIGXCPU, SIGIO,  SIGSTKFLT, SIGPWR};
/* Taken even when the program starts with them ignored, as a shell without
 * job control starts a command in the background: SIGINT and SIGQUIT are
 * then ignored, yet `kill -INT` is meant to stop it. Any other signal is
 * taken only where it would end the program: one ignored at the start
 * (nohup's SIGHUP), or handled already (a profiler's SIGPROF), stays so. */
static const int always_taken[] = {SIGINT, SIGQUIT, SIGTERM};

static pid_t program;  /* forked children inherit the handler, and are told apart by their pid */
static int wake[2];    /* the handler writes the signal's number to wake[1] */
static volatile sig_atomic_t interrupts;
static volatile sig_atomic_t stop_asked; /* set before the handler wakes the thread to stop */
static pthread_mutex_t ending = PTHREAD_MUTEX_INITIALIZER;
static bool finished;  /* the run has ended; under `ending` */

/* In a forked child, which has the handler until it ends: a SIGINT (a
 * terminal's Ctrl-C reaches every process of its group) is left to the
 * program, which lets the child's task finish or kills it; any other ends
 * the child as it would have without the handler. */
static void on_signal_in_child(int signal_number)
{
    if (signal_number == SIGINT)
        return;
    /* Raised while its handler runs, the signal waits until it returns,
     * then takes its default action. */
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static void on_signal(int signal_number)
{
    int saved_errno = errno;
    if (getpid() != program) {
        on_signal_in_child(signal_number);
    } else if (signal_number == SIGINT && interrupts++ == 0) {
        sb_gbench_interrupt();
        sb_interrupt_request();
    } else {
        stop_asked = 1;
        unsigned char number = (unsigned char)signal_number;
        /* Non-blocking: a full pipe already holds a wake-up. */
        ssize_t written = write(wake[1], &number, 1);
        (void)written;
    }
    errno = saved_errno;
}

/* The parent of process `pid` (its /proc name), or -1 when it is gone. */
static pid_t parent_of(const char *pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t length = read(fd, line, sizeof line - 1);
    close(fd);
    if (length <= 0)
        return -1;
    line[length] = '\0';
    /* "pid (command) state ppid ...", and the command may hold ')'. */
    const char *command_end = strrchr(line, ')');
    int parent;
    return command_end && sscanf(command_end, ") %*c %d", &parent) == 1 ? parent : -1;
}

/* Stores the pids of this process's children, at most `most`; returns how
 * many. */
static size_t list_children(pid_t *children, size_t most)
{
    DIR *proc = opendir("/proc");
    if (!proc)
        return 0;
    size_t count = 0;
    for (struct dirent *entry; count < most && (entry = readdir(proc));)
        if (isdigit((unsigned char)entry->d_name[0]) && parent_of(entry->d_name) == program)
            children[count++] = (pid_t)atoi(entry->d_name);
    closedir(proc);
    return count;
}

/* Kills `child` through a pidfd, after checking that the pidfd is of this
 * process's child, so that a pid reused since it was listed is left alone. */
static void kill_child(pid_t child)
{
    int fd = pidfd_open(child, 0);
    if (fd < 0)
        return;
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int)child);
    if (parent_of(pid) == program)
        pidfd_send_signal(fd, SIGKILL, NULL, 0);
    close(fd);
}

/* Makes fork, vfork and clone fail with EAGAIN on every thread from now on:
 * the program is ending, and starts neither processes nor threads. Without
 * seccomp a process started while the children are killed may outlive the
 * program. */
static void forbid_new_processes(void)
{
    static const long starting[] = {
        __NR_clone, __NR_clone3,
#ifdef __NR_fork
        __NR_fork, __NR_vfork,
#endif
    };
    enum { STARTING = sizeof starting / sizeof starting[0] };
    /* Not this machine's system calls: allowed; one of `starting`: jump to
     * the last statement, which refuses it. */
    struct sock_filter filter[STARTING + 6] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    };
    for (unsigned i = 0; i < STARTING; i++)
        filter[4 + i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)starting[i], STARTING - i, 0);
    filter[4 + STARTING] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    filter[5 + STARTING] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAGAIN);
    struct sock_fprog program_filter = {.len = STARTING + 6, .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &program_filter);
}

/* Kills and reaps this process's children until none is left, a few scans
 * apart, in case a fork was under way when new ones were forbidden. */
static void kill_children(void)
{
    static pid_t children[MOST_CHILDREN_AT_ONCE];
    for (int quiet = 0; quiet < QUIET_SCANS;) {
        size_t count = list_children(children, MOST_CHILDREN_AT_ONCE);
        if (count == 0) {
            quiet++;
            nanosleep(&(struct timespec){0, QUIET_SCAN_GAP_NS}, NULL);
            continue;
        }
        quiet = 0;
        for (size_t i = 0; i < count; i++)
            kill_child(children[i]);
        /* A model's thread may reap one first: this one then gets ECHILD. */
        for (size_t i = 0; i < count; i++)
            while (waitpid(children[i], NULL, 0) < 0 && errno == EINTR)
                ;
    }
}

/* "SIGTERM", "a second SIGINT", "SIGRTMIN+2". */
static const char *signal_name(int number, char *text, size_t size)
{
    const char *abbreviation = sigabbrev_np(number);
    if (number == SIGINT)
        snprintf(text, size, "a second SIGINT");
    else if (abbreviation)
        snprintf(text, size, "SIG%s", abbreviation);
    else
        snprintf(text, size, "SIGRTMIN+%d", number - SIGRTMIN);
    return text;
}

static void *stop_when_woken(void *unused)
{
    (void)unused;
    unsigned char number;
    ssize_t got;
    while ((got = read(wake[0], &number, 1)) < 0 && errno == EINTR)
        ;
    pthread_mutex_lock(&ending);
    if (got != 1 || finished) {  /* the program ends on its own */
        pthread_mutex_unlock(&ending);
        return NULL;
    }
    /* `ending` stays locked: the program ends here. */
    sb_gbench_interrupt();
    sb_interrupt_request();
    forbid_new_processes();
    char name[32];
    fprintf(stderr, "slicebench: stopped by %s; the run's processes are killed and no results are written\n",
            signal_name(number, name, sizeof name));
    kill_children();
    sb_result_file_discard();
    if (ftrylockfile(stdout) == 0) {
        fflush_unlocked(stdout);
        funlockfile(stdout);
    }
    _exit(128 + number);
}

/* Starts the stopper thread with every signal blocked, so that the handler
 * runs on another thread and never interrupts it. */
static int start_thread(void)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pthread_t thread;
    int error = pthread_create(&thread, NULL, stop_when_woken, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (error != 0) {
        sb_set_error("cannot start the thread that stops a run: %s", strerror(error));
        return -1;
    }
    pthread_detach(thread);
    return 0;
}

static void stopping_signals(sigset_t *signals)
{
    sigemptyset(signals);
    for (size_t i = 0; i < sizeof stopping / sizeof *stopping; i++)
        sigaddset(signals, stopping[i]);
    for (int number = SIGRTMIN; number <= SIGRTMAX; number++)
        sigaddset(signals, number);
}

static bool always(int number)
{
    for (size_t i = 0; i < sizeof always_taken / sizeof *always_taken; i++)
        if (always_taken[i] == number)
            return true;
    return false;
}

static bool left_at_default(int number)
{
    struct sigaction current;
    return sigaction(number, NULL, &current) == 0 && !(current.sa_flags & SA_SIGINFO) &&
           current.sa_handler == SIG_DFL;
}

int sb_stopper_start(void)
{
    program = getpid();
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0 || pipe2(wake, O_CLOEXEC) != 0 ||
        fcntl(wake[1], F_SETFL, O_NONBLOCK) != 0) {
        sb_set_error("cannot set up the stopping of a run: %s", strerror(errno));
        return -1;
    }
    if (start_thread() != 0)
        return -1;
    /* On the thread's alternate signal stack where it has one: the hub's
     * coroutines run on stacks too small for a signal frame. */
    struct sigaction action = {.sa_handler = on_signal, .sa_flags = SA_RESTART | SA_ONSTACK};
    sigset_t signals;
    stopping_signals(&signals);
    action.sa_mask = signals;
    for (int number = 1; number < NSIG; number++)
        if (sigismember(&signals, number) == 1 && (always(number) || left_at_default(number)))
            sigaction(number, &action, NULL);
    return 0;
}

void sb_stopper_finish(void)
{
    /* The report's last lines go out while a signal still stops the run, so
     * that a reader gone before them (SIGPIPE) stops it as one gone earlier
     * would. */
    fflush(stdout);
    pthread_mutex_lock(&ending);
    bool stopped = stop_asked;
    finished = !stopped;
    pthread_mutex_unlock(&ending);
    /* A stop asked for before the end, which the thread may not have woken
     * to yet, wins: the thread ends the program. */
    while (stopped)
        pause();
}
