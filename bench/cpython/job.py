"""One job of the notes' Python constructs, run by this interpreter: `tasks`
tasks of a workload with at most `workers` under way (constructs.py says how
each construct runs them, workloads.py what a task does).

Run alone, it sizes the workload's tasks for the duration, runs one job and
prints how long it took:

    /usr/bin/python3 bench/cpython/job.py --construct threading --workload cpu_int \\
        --workers 2 --tasks 8 --task-us 1000

(http needs --url, the address of a server that answers GET <url><n> after
the task duration with n as the body, such as slicebench's latency server:
http://127.0.0.1:PORT/delay/1000us/).

With --peer it serves the slicebench program (bench/python_peer.h): it says
"ready", then answers each request line with one line, or "error <why>":

    about version|executable|start_method|gil   the interpreter's
    check <workload> <construct>                  "ok" when this interpreter can run them
    calibrate <workload> <task_ns>                the size of a task of that duration
    open <workload> <size> [<url>]                "ok": ready for tasks of that size
    job <construct> <workload> <size> <workers> <tasks>   "done" once the job has run

The program times each job around its request. Add --gevent for the runner
of the gevent construct, which gevent.monkey patches before anything else
is imported; the other runners never import gevent.
"""

import sys

sys.dont_write_bytecode = True  # nothing is written into the source tree


def wants_gevent(argv):
    """Whether this process runs gevent's jobs: --gevent (the peer), or --construct gevent (alone)."""
    pairs = zip(argv, argv[1:])
    return "--gevent" in argv or "--construct=gevent" in argv or ("--construct", "gevent") in pairs


if wants_gevent(sys.argv[1:]):
    from gevent import monkey

    monkey.patch_all()
    __import__("gevent.pool")  # here, before any timed job

import argparse  # noqa: E402 (after gevent's patching, which must come first)
import ctypes  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import constructs  # noqa: E402
from workloads import WORKLOADS  # noqa: E402


def gil_state():
    """Whether this interpreter runs with the GIL: "enabled" or "disabled"."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return "enabled" if is_enabled is None or is_enabled() else "disabled"


def number(word, what):
    if not word.isdigit() or int(word) == 0:
        raise ValueError(f"{what} must be a whole number above 0, got '{word}'")
    return int(word)


class Runner:
    """Answers the program's requests; `patched` when gevent has patched this process."""

    def __init__(self, patched):
        self.patched = patched

    def answer(self, words):
        """The reply to a request's words; raises on a bad one."""
        verbs = {"about": (self.about, 1, 1), "check": (self.check, 2, 2), "calibrate": (self.calibrate, 2, 2),
                 "open": (self.open, 2, 3), "job": (self.job, 5, 5)}
        if not words or words[0] not in verbs:
            raise ValueError(f"expected one of {', '.join(verbs)}, got '{' '.join(words)}'")
        answer, least, most = verbs[words[0]]
        if not least <= len(words) - 1 <= most:
            raise ValueError(f"'{words[0]}' takes {least} to {most} arguments, got {len(words) - 1}")
        return answer(*words[1:])

    def about(self, key):
        facts = {
            "version": lambda: sys.version.split()[0],
            "executable": lambda: sys.executable,
            "start_method": lambda: constructs.START_METHOD,
            "gil": gil_state,
        }
        if key not in facts:
            raise ValueError(f"about takes one of {', '.join(facts)}, got '{key}'")
        return facts[key]()

    def check(self, workload, construct):
        """ "ok" when this interpreter has what `construct` needs to run `workload`."""
        if construct not in constructs.IMPLEMENTATIONS:
            raise ValueError(f"no construct '{construct}'")
        if workload not in WORKLOADS:
            raise ValueError(f"no workload '{workload}'")
        needed = list(WORKLOADS[workload].modules(construct in constructs.ASYNCHRONOUS))
        needed += ["gevent"] if construct in constructs.NEEDS_GEVENT else []
        for module in needed:
            if importlib.util.find_spec(module) is None:
                raise RuntimeError(f"{module} is not installed for {sys.executable}")
        if construct.startswith(constructs.FREE_THREADED_PREFIX) and gil_state() != "disabled":
            raise RuntimeError(f"{sys.executable} runs with the GIL")
        return "ok"

    def calibrate(self, workload, task_ns):
        if workload not in WORKLOADS:
            raise ValueError(f"no workload '{workload}'")
        return str(WORKLOADS[workload].calibrate(number(task_ns, "task_ns")))

    def open(self, workload, size, url=None):
        if workload not in WORKLOADS:
            raise ValueError(f"no workload '{workload}'")
        WORKLOADS[workload].open(number(size, "size"), url)
        return "ok"

    def job(self, construct, workload, size, workers, tasks):
        self.check(workload, construct)
        if (construct in constructs.NEEDS_GEVENT) != self.patched:
            raise RuntimeError("gevent runs alone in a runner started with --gevent, and only there: "
                               "its patching would change every other construct")
        if construct in constructs.FORKS and threading.active_count() > 1:
            raise RuntimeError(f"{threading.active_count() - 1} thread(s) still alive: the job would fork them")
        job = constructs.Job(workload, number(size, "size"), number(tasks, "tasks"), number(workers, "workers"))
        constructs.IMPLEMENTATIONS[construct](job)
        return "done"


def die_with(parent):
    """Makes a process forked by a job die when `parent` (the runner) ends,
    as the runner dies with the program (base/child.h): a pool's workers
    would otherwise outlive a runner that was killed."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1

    def in_child():
        if prctl(pr_set_pdeathsig, signal.SIGKILL) != 0 or os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

    return in_child


def one_line(why):
    return " ".join(f"{type(why).__name__}: {why}".split())


def serve(requests, replies, runner):
    """Answers each line of `requests` on `replies`, as bench/python_peer.h speaks."""
    print("ready", file=replies, flush=True)
    for line in requests:
        try:
            reply = runner.answer(line.split())
        except Exception as why:  # every failure is a reply, never the runner's end
            reply = "error " + one_line(why)
        print(reply, file=replies, flush=True)


def serve_program(patched):
    """Serves the program on stdin and stdout. Anything else printed goes to
    stderr, which the program keeps for its error messages."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    os.register_at_fork(after_in_child=die_with(os.getpid()))
    serve(sys.stdin, replies, Runner(patched))


def run_alone(argv):
    names = constructs.table()
    parser = argparse.ArgumentParser(description="Runs one job of a Python construct and prints its time.")
    parser.add_argument("--construct", required=True, choices=names)
    parser.add_argument("--workload", required=True, choices=WORKLOADS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--task-us", type=int, default=1000)
    parser.add_argument("--url", help="http's server, answering GET <url><n> after the task duration")
    options = parser.parse_args(argv)
    runner = Runner(patched=wants_gevent(argv))
    try:
        size = runner.calibrate(options.workload, str(options.task_us * 1000))
        runner.open(options.workload, size, options.url)
        start = time.perf_counter_ns()
        runner.job(options.construct, options.workload, size, str(options.workers), str(options.tasks))
        elapsed_ns = time.perf_counter_ns() - start
    except Exception as why:
        print(f"job.py: {one_line(why)}", file=sys.stderr)
        return 1
    print(f"{options.construct} {options.workload}: {options.tasks} tasks of {options.task_us} us on "
          f"{options.workers} workers in {elapsed_ns / 1e6:.3f} ms ({options.tasks * 1e9 / elapsed_ns:.0f} tasks/s)")
    return 0


def main(argv):
    if argv in (["--peer"], ["--peer", "--gevent"]):
        serve_program(patched="--gevent" in argv)
        return 0
    return run_alone(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
