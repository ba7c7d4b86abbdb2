"""The convoy probe in CPython: how late an IO thread gets back to work after
a short sleep while k pure-Python CPU-bound threads run beside it.

The same round as core/probes/gil_convoy.c: the k threads start, and the IO
thread (the main thread) begins once each of them has run; it sleeps with
time.sleep() and records, each time, how much longer than asked the call
took by time.perf_counter_ns(), until it has max_wakeups wake-ups or
time_cap has passed since its first sleep; then the threads stop and are
joined. What each wake-up waits for is the GIL: time.sleep() releases it and
takes it back, and a thread running Python code gives it up only when asked.

Run alone, it prints the lateness of a 500 us sleep beside k = 0, 1, 2 and 4
threads:

    /usr/bin/python3 bench/cpython/convoy.py

With --peer it serves the slicebench program (bench/python_peer.h): it says
"ready", then answers each request line, or replies "error <why>":

    round <k> <sleep_ns> <max_wakeups> <time_cap_ns>
        each wake-up's lateness in nanoseconds, in order, separated by spaces
    switch_interval
        sys.getswitchinterval() in whole microseconds
"""

import sys
import threading
import time

# The round run alone; the program sends its own (bench/families/convoy.c).
SLEEP_NS = 500_000
MAX_WAKEUPS = 1000
TIME_CAP_NS = 700_000_000
# More CPU-bound threads than this are taken for a mistake, as
# core/probes/gil_convoy.h takes them.
MAX_CPU_THREADS = 1024


def spin(running, stop):
    """A CPU-bound thread: Python bytecode until told to stop."""
    x = 0
    for _ in range(1000):
        x += 1
    running.release()
    while not stop.is_set():
        x += 1


def run_round(cpu_threads, sleep_ns, max_wakeups, time_cap_ns):
    """One round; returns each wake-up's lateness in nanoseconds."""
    running = threading.Semaphore(0)
    stop = threading.Event()
    threads = [threading.Thread(target=spin, args=(running, stop)) for _ in range(cpu_threads)]
    try:
        for thread in threads:
            thread.start()
        for _ in threads:
            running.acquire()
        lateness_ns = []
        end = time.perf_counter_ns() + time_cap_ns
        sleep_s = sleep_ns / 1e9
        while True:
            asleep = time.perf_counter_ns()
            time.sleep(sleep_s)
            now = time.perf_counter_ns()
            lateness_ns.append(now - asleep - sleep_ns)
            if len(lateness_ns) >= max_wakeups or now >= end:
                return lateness_ns
    finally:
        stop.set()
        for thread in threads:
            if thread.ident is not None:
                thread.join()


def parse_round(line):
    """(k, sleep_ns, max_wakeups, time_cap_ns) of a request line, or ValueError."""
    words = line.split()
    if len(words) != 5 or words[0] != "round" or not all(w.isdigit() for w in words[1:]):
        raise ValueError("expected 'round <k> <sleep_ns> <max_wakeups> <time_cap_ns>' or 'switch_interval'")
    k, sleep_ns, max_wakeups, time_cap_ns = (int(w) for w in words[1:])
    if k > MAX_CPU_THREADS or sleep_ns == 0 or max_wakeups == 0 or time_cap_ns == 0:
        raise ValueError(f"a round needs 0 to {MAX_CPU_THREADS} CPU-bound threads, a sleep, "
                         "room for wake-ups and a time cap")
    return k, sleep_ns, max_wakeups, time_cap_ns


def answer(line):
    """The reply to one request line; ValueError when it is none of the requests."""
    if line.split() == ["switch_interval"]:
        return str(round(sys.getswitchinterval() * 1e6))
    return " ".join(str(ns) for ns in run_round(*parse_round(line)))


def serve(lines, out):
    """Answers each request line of `lines` on `out`, as bench/python_peer.h speaks."""
    print("ready", file=out, flush=True)
    for line in lines:
        try:
            reply = answer(line)
        except (ValueError, RuntimeError) as why:
            reply = "error " + " ".join(str(why).split())
        print(reply, file=out, flush=True)


def percentile(samples, p):
    """The p-th percentile, interpolated between closest ranks as sb_percentile() does."""
    ordered = sorted(samples)
    rank = p / 100 * (len(ordered) - 1)
    below = int(rank)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (rank - below) * (ordered[above] - ordered[below])


def show():
    """Prints each k's lateness percentiles and sample count."""
    print(f"lateness of a {SLEEP_NS // 1000} us time.sleep beside k CPU-bound threads, "
          f"switch interval {sys.getswitchinterval() * 1e3:g} ms (Python {sys.version.split()[0]})")
    print(f"{'k':>3} {'p50 us':>10} {'p99 us':>10} {'samples':>8}")
    for k in (0, 1, 2, 4):
        samples = [ns / 1e3 for ns in run_round(k, SLEEP_NS, MAX_WAKEUPS, TIME_CAP_NS)]
        print(f"{k:>3} {percentile(samples, 50):>10.0f} {percentile(samples, 99):>10.0f} {len(samples):>8}")


def main(argv):
    if argv == ["--peer"]:
        serve(sys.stdin, sys.stdout)
    elif not argv:
        show()
    else:
        print("usage: convoy.py [--peer]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
