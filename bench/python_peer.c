/* A CPython script as a child process spoken to in lines: see python_peer.h.
 *
 * Its stdin is one end of a socket pair, so that a request to a peer that
 * has died fails with EPIPE (MSG_NOSIGNAL) instead of raising SIGPIPE, which
 * would stop the run; its stdout and stderr are pipes. While a reply is
 * awaited both are read, so that a peer writing much to stderr never blocks
 * on it; the last of what it wrote there is kept for the error message. */
#include "python_peer.h"

#include "base/child.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/socket_io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SB_PYTHON_SCRIPT_DIR
#error "the build names the folder of the Python scripts (SB_PYTHON_SCRIPT_DIR)"
#endif

/* How long a reply may take until told otherwise (sb_python_peer_set_timeout):
 * the interpreter's start and imports included. */
static const double DEFAULT_TIMEOUT_S = 60;
/* How long a peer whose stdin is closed has to end before it is killed. */
static const double STOP_GRACE_S = 5;
/* A reply longer than this is no line of the protocol. */
enum { MOST_REPLY_BYTES = 1 << 20 };
/* The tail of the peer's stderr kept for messages. */
enum { STDERR_TAIL = 600 };

struct sb_python_peer {
    pid_t pid;        /* 0 once reaped */
    int requests;     /* our end of its stdin; -1 once closed */
    int replies;      /* its stdout */
    int errors;       /* its stderr; -1 at its end */
    double timeout_s;
    char name[64];    /* the script's file name, for messages */
    char *pending;    /* what it wrote to stdout past the last reply */
    size_t pending_used, pending_size;
    char stderr_tail[STDERR_TAIL + 1];
    size_t stderr_used;
};

const char *sb_python_peer_script_dir(void)
{
    return SB_PYTHON_SCRIPT_DIR;
}

/* Keeps the last STDERR_TAIL bytes of what the peer wrote to stderr. */
static void keep_stderr(sb_python_peer *peer, const char *bytes, size_t length)
{
    if (length >= STDERR_TAIL) {
        bytes += length - STDERR_TAIL;
        length = STDERR_TAIL;
    }
    size_t keep = peer->stderr_used + length > STDERR_TAIL ? STDERR_TAIL - length : peer->stderr_used;
    memmove(peer->stderr_tail, peer->stderr_tail + peer->stderr_used - keep, keep);
    memcpy(peer->stderr_tail + keep, bytes, length);
    peer->stderr_used = keep + length;
    peer->stderr_tail[peer->stderr_used] = '\0';
}

/* The last line the peer wrote to stderr (a Python traceback's last line
 * says what went wrong), or "" when it wrote none. */
static const char *last_stderr_line(sb_python_peer *peer)
{
    char *tail = peer->stderr_tail;
    size_t end = peer->stderr_used;
    while (end > 0 && (tail[end - 1] == '\n' || tail[end - 1] == '\r'))
        end--;
    tail[end] = '\0';
    char *line = memrchr(tail, '\n', end);
    return line ? line + 1 : tail;
}

/* Reaps the peer, waiting at most `grace_s` before killing it; returns its
 * wait status. */
static int reap(sb_python_peer *peer, double grace_s)
{
    int status = 0;
    if (peer->pid <= 0)
        return status;
    uint64_t deadline = sb_clock_ns() + (uint64_t)(grace_s * 1e9);
    for (;;) {
        pid_t got = waitpid(peer->pid, &status, WNOHANG);
        if (got > 0 || (got < 0 && errno != EINTR))
            break;
        if (sb_clock_ns() >= deadline) {
            kill(peer->pid, SIGKILL);
            while (waitpid(peer->pid, &status, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        nanosleep(&(struct timespec){.tv_nsec = 5 * 1000 * 1000}, NULL);
    }
    peer->pid = 0;
    return status;
}

static void describe_status(int status, char *text, size_t size)
{
    if (WIFEXITED(status))
        snprintf(text, size, "exit status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(text, size, "killed by signal %d", WTERMSIG(status));
    else
        snprintf(text, size, "status %d", status);
}

/* Reads what is there of fd `fd` into the pending reply or the stderr tail:
 * the bytes read, 0 at its end, -1 on an error (errno; EAGAIN when stderr,
 * which is read without blocking, holds nothing). */
static ssize_t read_some(sb_python_peer *peer, int fd)
{
    char bytes[4096];
    ssize_t got;
    while ((got = read(fd, bytes, sizeof bytes)) < 0 && errno == EINTR)
        ;
    if (got <= 0)
        return got;
    if (fd == peer->errors) {
        keep_stderr(peer, bytes, (size_t)got);
        return got;
    }
    if (peer->pending_used + (size_t)got > peer->pending_size) {
        size_t size = peer->pending_size ? peer->pending_size : sizeof bytes;
        while (size < peer->pending_used + (size_t)got)
            size *= 2;
        char *grown = realloc(peer->pending, size);
        if (!grown) {
            errno = ENOMEM;
            return -1;
        }
        peer->pending = grown;
        peer->pending_size = size;
    }
    memcpy(peer->pending + peer->pending_used, bytes, (size_t)got);
    peer->pending_used += (size_t)got;
    return got;
}

/* Keeps what the peer's stderr still holds, without waiting for more: its
 * processes may keep it open after it has ended. */
static void drain_stderr(sb_python_peer *peer)
{
    while (peer->errors >= 0 && read_some(peer, peer->errors) > 0)
        ;
}

/* Ends a peer that can no longer be asked anything, with the reason
 * "<script> <what happened> <what was awaited> (<how it ended>): <the last
 * line of its stderr>": it is reaped (killed first when `kill_first`), and
 * every later request fails. */
static void break_peer(sb_python_peer *peer, const char *happened, const char *awaited, bool kill_first)
{
    if (kill_first && peer->pid > 0)
        kill(peer->pid, SIGKILL);
    int status = reap(peer, kill_first ? 0 : STOP_GRACE_S);
    drain_stderr(peer);
    char how[64];
    describe_status(status, how, sizeof how);
    const char *said = last_stderr_line(peer);
    sb_set_error("%s %s %s (%s)%s%s", peer->name, happened, awaited, how, said[0] ? ": " : "", said);
    if (peer->requests >= 0)
        close(peer->requests);
    peer->requests = -1;
}

/* Takes the first line of what is pending, NUL-terminated and without its
 * newline, into a new string; NULL when no whole line is there. */
static char *take_line(sb_python_peer *peer)
{
    char *newline = peer->pending_used ? memchr(peer->pending, '\n', peer->pending_used) : NULL;
    if (!newline)
        return NULL;
    size_t length = (size_t)(newline - peer->pending);
    char *line = malloc(length + 1);
    if (!line)
        return NULL;
    memcpy(line, peer->pending, length);
    line[length] = '\0';
    peer->pending_used -= length + 1;
    memmove(peer->pending, newline + 1, peer->pending_used);
    return line;
}

/* The next line the peer writes on stdout (malloc'ed), within its time
 * limit; NULL, the peer broken, when it ends, says too much or is late.
 * `awaited` names the line, for the messages. */
static char *next_line(sb_python_peer *peer, const char *awaited)
{
    uint64_t deadline = sb_clock_ns() + (uint64_t)(peer->timeout_s * 1e9);
    for (;;) {
        char *line = take_line(peer);
        if (line)
            return line;
        if (peer->pending_used > MOST_REPLY_BYTES) {
            break_peer(peer, "wrote over a mebibyte without a line's end for", awaited, true);
            return NULL;
        }
        uint64_t now = sb_clock_ns();
        if (now >= deadline) {
            char happened[96];
            snprintf(happened, sizeof happened, "was killed after %.3g s without", peer->timeout_s);
            break_peer(peer, happened, awaited, true);
            return NULL;
        }
        struct pollfd fds[] = {{.fd = peer->replies, .events = POLLIN}, {.fd = peer->errors, .events = POLLIN}};
        uint64_t left_ms = (deadline - now + 999999) / 1000000;
        int ready = poll(fds, peer->errors >= 0 ? 2 : 1, left_ms > 60000 ? 60000 : (int)left_ms);
        if (ready < 0 && errno != EINTR) {
            char happened[96];
            snprintf(happened, sizeof happened, "could not be polled (%s) for", strerror(errno));
            break_peer(peer, happened, awaited, true);
            return NULL;
        }
        if (ready > 0 && fds[1].revents) {
            ssize_t got = read_some(peer, peer->errors);
            if (got == 0 || (got < 0 && errno != EAGAIN)) {
                close(peer->errors);
                peer->errors = -1;
            }
        }
        if (ready > 0 && fds[0].revents) {
            ssize_t got = read_some(peer, peer->replies);
            if (got <= 0) {
                break_peer(peer, got == 0 ? "ended before" : "could not be read for", awaited, false);
                return NULL;
            }
        }
    }
}

/* The child's side of the fork: the pipes as its standard streams, nothing
 * else of the program's, SIGINT ignored (the program decides what a Ctrl-C
 * stops: the peer must not die of it), then the interpreter. Async-signal-
 * safe calls only. */
static void become_peer(int stdin_fd, int stdout_fd, int stderr_fd, char *const argv[])
{
    if (dup2(stdin_fd, STDIN_FILENO) < 0 || dup2(stdout_fd, STDOUT_FILENO) < 0 || dup2(stderr_fd, STDERR_FILENO) < 0)
        _exit(127);
    close_range(3, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGINT, SIG_IGN);
    execv(argv[0], argv);
    static const char failed[] = "the interpreter could not be executed\n";
    ssize_t ignored = write(STDERR_FILENO, failed, sizeof failed - 1);
    (void)ignored;
    _exit(127);
}

/* The command line: python, the script, its arguments, NULL. */
static char **command_line(const char *python, const char *script, const char *const args[])
{
    size_t count = 0;
    while (args && args[count])
        count++;
    char **argv = calloc(count + 3, sizeof *argv);
    if (!argv)
        return NULL;
    argv[0] = (char *)python;
    argv[1] = (char *)script;
    for (size_t i = 0; i < count; i++)
        argv[2 + i] = (char *)args[i];
    return argv;
}

static void close_all(const int *fds, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

/* Forks the peer with its three streams; 0, or -1 with sb_last_error(). */
static int fork_peer(sb_python_peer *peer, char *const argv[])
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 || pipe2(out, O_CLOEXEC) != 0 ||
        pipe2(err, O_CLOEXEC) != 0) {
        sb_set_error("cannot make the pipes to a Python peer: %s", strerror(errno));
        int fds[] = {in[0], in[1], out[0], out[1], err[0], err[1]};
        close_all(fds, sizeof fds / sizeof *fds);
        return -1;
    }
    peer->pid = sb_child_fork();
    if (peer->pid == 0)
        become_peer(in[1], out[1], err[1], argv);
    int error = errno;
    int theirs[] = {in[1], out[1], err[1]};
    close_all(theirs, sizeof theirs / sizeof *theirs);
    if (peer->pid < 0) {
        sb_set_error("cannot fork a Python peer: %s", strerror(error));
        int ours[] = {in[0], out[0], err[0]};
        close_all(ours, sizeof ours / sizeof *ours);
        return -1;
    }
    peer->requests = in[0];
    peer->replies = out[0];
    peer->errors = err[0];
    fcntl(peer->errors, F_SETFL, fcntl(peer->errors, F_GETFL) | O_NONBLOCK);
    return 0;
}

sb_python_peer *sb_python_peer_start(const char *python, const char *script, const char *const args[])
{
    char path[4096];
    int length = strchr(script, '/') ? snprintf(path, sizeof path, "%s", script)
                                     : snprintf(path, sizeof path, "%s/%s", sb_python_peer_script_dir(), script);
    if (length < 0 || (size_t)length >= sizeof path) {
        sb_set_error("the path of Python script '%s' is too long", script);
        return NULL;
    }
    if (access(python, X_OK) != 0) {
        sb_set_error("no Python interpreter at '%s': %s", python, strerror(errno));
        return NULL;
    }
    if (access(path, R_OK) != 0) {
        sb_set_error("no Python script at '%s': %s", path, strerror(errno));
        return NULL;
    }
    sb_python_peer *peer = calloc(1, sizeof *peer);
    char **argv = command_line(python, path, args);
    if (!peer || !argv) {
        free(peer);
        free(argv);
        sb_set_error("out of memory");
        return NULL;
    }
    const char *base = strrchr(path, '/');
    snprintf(peer->name, sizeof peer->name, "%.*s", (int)sizeof peer->name - 1, base ? base + 1 : path);
    peer->timeout_s = DEFAULT_TIMEOUT_S;
    peer->requests = peer->replies = peer->errors = -1;
    int forked = fork_peer(peer, argv);
    free(argv);
    if (forked != 0) {
        free(peer);
        return NULL;
    }
    char *hello = next_line(peer, "saying 'ready'");
    bool ready = hello && strcmp(hello, "ready") == 0;
    if (hello && !ready) {
        char happened[160];
        snprintf(happened, sizeof happened, "said '%.100s' instead of", hello);
        break_peer(peer, happened, "'ready'", true);
    }
    free(hello);
    if (!ready) {
        char reason[1024];
        snprintf(reason, sizeof reason, "%s", sb_last_error());
        sb_python_peer_stop(peer);
        sb_set_error("%s", reason);
        return NULL;
    }
    return peer;
}

void sb_python_peer_set_timeout(sb_python_peer *peer, double seconds)
{
    peer->timeout_s = seconds;
}

char *sb_python_peer_ask(sb_python_peer *peer, const char *request)
{
    if (peer->requests < 0) {
        sb_set_error("%s cannot be asked '%s': it has ended", peer->name, request);
        return NULL;
    }
    size_t length = strlen(request);
    if (memchr(request, '\n', length)) {
        sb_set_error("a request to %s is one line, got '%s'", peer->name, request);
        return NULL;
    }
    char awaited[600];
    if (sb_socket_send_all(peer->requests, request, length) != 0 || sb_socket_send_all(peer->requests, "\n", 1) != 0) {
        snprintf(awaited, sizeof awaited, "'%.500s'", request);
        break_peer(peer, "could not be sent", awaited, false);
        return NULL;
    }
    snprintf(awaited, sizeof awaited, "its reply to '%.500s'", request);
    char *reply = next_line(peer, awaited);
    if (reply && strncmp(reply, "error", 5) == 0 && (reply[5] == ' ' || reply[5] == '\0')) {
        sb_set_error("%s could not do '%s': %s", peer->name, request, reply[5] ? reply + 6 : "(no reason given)");
        free(reply);
        return NULL;
    }
    return reply;
}

void sb_python_peer_stop(sb_python_peer *peer)
{
    if (!peer)
        return;
    /* Its end of input lets it finish; closing its output lets no write of
     * its block it from doing so. */
    int fds[] = {peer->requests, peer->replies, peer->errors};
    close_all(fds, sizeof fds / sizeof *fds);
    reap(peer, STOP_GRACE_S);
    free(peer->pending);
    free(peer);
}
