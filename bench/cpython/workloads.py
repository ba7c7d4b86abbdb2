"""What one task of the cpython family does, in CPython: the counterparts of
core/workloads/'s cpu_int, timer, http and file_read.

A workload is sized for a task duration once (`calibrate`), readied for
tasks of a size (`open`) and then run as one task (`run`, or `run_async`
inside an asyncio event loop). What `open` readies (the scratch file, the
URL) lives in this module, so that processes forked by a job find it.

    cpu_int    a pure-Python integer loop, its steps calibrated in this
               process to the task duration
    timer      time.sleep (gevent.sleep once gevent has patched it; asyncio.sleep)
    http       requests.get of the latency server's URL that the program gives,
               which answers after the task duration (asyncio: its own streams)
    file_read  os.pread, 64 KiB at a time, of a scratch file the page cache holds

Not a script: bench/cpython/job.py runs these.
"""

import asyncio
import os
import statistics
import tempfile
import time
import urllib.parse

# Timings per calibration: the median of these, so that one interrupted
# sample does not skew the size.
CALIBRATION_SAMPLES = 5
# A calibration probe runs at least this long, so that the clock's grain
# and the call's cost are small beside it.
PROBE_MIN_NS = 2_000_000


class Workload:
    """A task that needs nothing readied; subclasses say what it does."""

    name = None

    def calibrate(self, task_ns):
        """The size of a task that takes about `task_ns` alone."""
        raise NotImplementedError

    def open(self, size, url=None):
        """Readies this process for tasks of up to `size`."""

    def modules(self, asynchronous):
        """The modules beyond the standard library its tasks import, run
        in an event loop (`asynchronous`) or not."""
        return ()

    def run(self, size, task):
        raise NotImplementedError

    async def run_async(self, size, task):
        """The task inside an event loop: what does not wait runs as it is."""
        return self.run(size, task)


def time_ns_of(call):
    """How long `call()` takes, in nanoseconds: the median of a few."""
    samples = []
    for _ in range(CALIBRATION_SAMPLES):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    return max(1, statistics.median(samples))


def count(steps, task):
    """The CPU-bound kernel: a linear congruential generator stepped `steps` times."""
    x = task
    for _ in range(steps):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x


class CpuInt(Workload):
    name = "cpu_int"

    def calibrate(self, task_ns):
        steps = 1000
        while time_ns_of(lambda: count(steps, 0)) < PROBE_MIN_NS:
            steps *= 2
        return max(1, round(steps * task_ns / time_ns_of(lambda: count(steps, 0))))

    def run(self, size, task):
        return count(size, task)


class Timer(Workload):
    """`size` is the sleep in nanoseconds."""

    name = "timer"

    def calibrate(self, task_ns):
        return task_ns

    def run(self, size, task):
        time.sleep(size / 1e9)
        return task

    async def run_async(self, size, task):
        await asyncio.sleep(size / 1e9)
        return task


class Http(Workload):
    """`size` is the server's delay in microseconds, which the URL asks for;
    a task gets the URL with its number appended, and the answer must be 200
    with that number as the body."""

    name = "http"

    def __init__(self):
        self.url = None

    def calibrate(self, task_ns):
        return max(1, task_ns // 1000)

    def modules(self, asynchronous):
        return () if asynchronous else ("requests",)

    def open(self, size, url=None):
        if not url or urllib.parse.urlsplit(url).scheme != "http":
            raise ValueError(f"http needs the http:// URL of a server that answers after {size} us")
        self.url = url
        try:
            __import__("requests")  # here, before any timed job
        except ImportError:
            pass  # asyncio's tasks do without it; the job of any other construct says it is missing

    def run(self, size, task):
        import requests  # only where run: asyncio's tasks do without it

        response = requests.get(f"{self.url}{task}")
        return self.check(response.status_code, response.text, task)

    async def run_async(self, size, task):
        parts = urllib.parse.urlsplit(f"{self.url}{task}")
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        try:
            writer.write(f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            answer = await reader.read()
        finally:
            writer.close()
            await writer.wait_closed()
        head, _, body = answer.partition(b"\r\n\r\n")
        status = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b"0"
        return self.check(int(status) if status.isdigit() else 0, body.decode(errors="replace"), task)

    def check(self, status, body, task):
        if status != 200 or body != str(task):
            raise RuntimeError(f"GET {self.url}{task} answered {status}, body '{body[:80]}'")
        return task


class FileRead(Workload):
    """`size` is the bytes a task reads from the start of the scratch file,
    a whole number of blocks. The file is made at the first open, in the
    temporary folder, and unlinked at once: nothing is left behind."""

    name = "file_read"
    BLOCK = 4096
    CHUNK = 64 * 1024
    PROBE = 4 * 1024 * 1024

    def __init__(self):
        self.file = None
        self.length = 0

    def calibrate(self, task_ns):
        self.open(self.PROBE)
        probe_ns = time_ns_of(lambda: self.run(self.PROBE, 0))
        return self.whole_blocks(max(1, round(self.PROBE * task_ns / probe_ns)))

    def whole_blocks(self, size):
        return -(-size // self.BLOCK) * self.BLOCK

    def open(self, size, url=None):
        if self.file is None:
            self.file = tempfile.TemporaryFile()
        length = self.whole_blocks(size)
        if length <= self.length:
            return
        free = os.statvfs(self.file.fileno())
        if length - self.length > free.f_bavail * free.f_frsize // 2:
            raise RuntimeError(f"a scratch file of {length} bytes would take over half the free space "
                               f"of the temporary folder")
        chunk = bytes(range(256)) * (self.CHUNK // 256)
        for offset in range(self.length, length, self.CHUNK):
            os.pwrite(self.file.fileno(), chunk[:min(self.CHUNK, length - offset)], offset)
        self.length = length

    def run(self, size, task):
        fd, done = self.file.fileno(), 0
        while done < size:
            want = min(self.CHUNK, size - done)
            if len(os.pread(fd, want, done)) != want:
                raise RuntimeError(f"pread of {want} bytes at {done}: the file is shorter than the task")
            done += want
        return task


WORKLOADS = {w.name: w for w in (CpuInt(), Timer(), Http(), FileRead())}


def run_task(workload, size, task):
    """One task of the workload named `workload`: a module-level function, so
    that a process pool can send it to its workers."""
    return WORKLOADS[workload].run(size, task)
