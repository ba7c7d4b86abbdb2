"""The Python side of the cpython family (bench/cpython/): the runner runs
exactly constructs.def's constructs, each held to a model of models.def;
every construct runs every task of a job once with at most its workers under
way, and a task that fails fails its job; the runner speaks the program's
protocol and says what an interpreter lacks; job.py runs alone.

Run by ctest as `python3 -m pytest tests/cpython_constructs_test.py`."""

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # nothing is written into the source tree
ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "bench" / "cpython"
sys.path.insert(0, str(SCRIPTS))

import pytest  # noqa: E402

import constructs  # noqa: E402
import job  # noqa: E402
import workloads  # noqa: E402

# The constructs this process can run itself: gevent's need a patched
# process of their own (job.py's), the ft_ rows a free-threaded interpreter.
HERE = [name for name in constructs.table()
        if name not in constructs.NEEDS_GEVENT and not name.startswith(constructs.FREE_THREADED_PREFIX)]


def test_the_runner_runs_exactly_the_constructs_of_the_table():
    assert list(constructs.IMPLEMENTATIONS) == list(constructs.table())


def test_every_construct_is_held_to_a_model_of_models_def():
    models = set(re.findall(r"^SB_MODEL\((\w+),", (ROOT / "core" / "models" / "models.def").read_text(), re.M))
    held = {model for model, _ in constructs.table().values()}
    assert held <= models, held - models


def test_the_designs_models_table_names_each_models_constructs_as_the_table_does():
    design = (ROOT / "docs" / "design.md").read_text()
    table = design.split("### Execution models", 1)[1].split("\n###", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \|.*\| ([^|]*) \|$", table, re.M)
    written = {model: set(re.findall(r"`(\w+)`", cell)) for model, cell in rows}
    held = {}
    for construct, (model, _) in constructs.table().items():
        held.setdefault(model, set()).add(construct)
    assert {model: names for model, names in written.items() if names} == held


def test_an_ft_construct_is_its_base_constructs_code():
    for name, implementation in constructs.IMPLEMENTATIONS.items():
        if name.startswith(constructs.FREE_THREADED_PREFIX):
            assert implementation is constructs.IMPLEMENTATIONS[name[len(constructs.FREE_THREADED_PREFIX):]]


class Recorder(workloads.Workload):
    """A task that logs its start and end to a file, from any thread or
    process: each line one write, appended whole."""

    name = "record"

    def __init__(self, path):
        self.path = path

    def log(self, event, task):
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{event} {task}\n".encode())
        finally:
            os.close(fd)

    def run(self, size, task):
        self.log("start", task)
        time.sleep(size / 1e9)
        self.log("end", task)
        return task

    async def run_async(self, size, task):
        import asyncio

        self.log("start", task)
        await asyncio.sleep(size / 1e9)
        self.log("end", task)
        return task


@pytest.fixture
def recorder(tmp_path, monkeypatch):
    made = Recorder(tmp_path / "log")
    monkeypatch.setitem(workloads.WORKLOADS, made.name, made)
    return made


@pytest.mark.parametrize("construct", HERE)
def test_a_job_runs_each_task_once_with_at_most_its_workers_under_way(construct, recorder):
    tasks, workers = 9, 3
    constructs.IMPLEMENTATIONS[construct](constructs.Job(recorder.name, 2_000_000, tasks, workers))
    events = [line.split() for line in recorder.path.read_text().splitlines()]
    assert sorted(int(task) for event, task in events if event == "start") == list(range(tasks))
    assert sorted(int(task) for event, task in events if event == "end") == list(range(tasks))
    under_way = peak = 0
    for event, _ in events:
        under_way += 1 if event == "start" else -1
        peak = max(peak, under_way)
    assert peak <= (1 if construct == "seq" else workers)


@pytest.mark.parametrize("construct", HERE)
@pytest.mark.parametrize("workload", ["cpu_int", "timer", "file_read"])
def test_every_construct_runs_every_workload(construct, workload):
    size = workloads.WORKLOADS[workload].calibrate(200_000)
    workloads.WORKLOADS[workload].open(size)
    constructs.IMPLEMENTATIONS[construct](constructs.Job(workload, size, 4, 2))


@pytest.fixture(scope="module")
def latency_server():
    """A server answering GET .../<n> with n after a millisecond, as the
    suite's latency server does; its URL."""
    code = """if True:
        import http.server, sys, time
        class Answer(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                time.sleep(0.001)
                body = self.path.rsplit("/", 1)[1].encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        print(server.server_address[1], flush=True)
        server.serve_forever()
    """
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        yield f"http://127.0.0.1:{server.stdout.readline().strip()}/delay/1000us/"
    finally:
        server.kill()
        server.wait()


@pytest.mark.parametrize("construct", HERE)
def test_every_construct_gets_pages(construct, latency_server):
    workloads.WORKLOADS["http"].open(1000, latency_server)
    constructs.IMPLEMENTATIONS[construct](constructs.Job("http", 1000, 4, 2))


@pytest.mark.parametrize("construct", HERE)
def test_a_failing_task_fails_its_job(construct, unused_tcp_port):
    workloads.WORKLOADS["http"].open(1000, f"http://127.0.0.1:{unused_tcp_port}/delay/1000us/")
    with pytest.raises(Exception):
        constructs.IMPLEMENTATIONS[construct](constructs.Job("http", 1000, 3, 2))


@pytest.fixture
def unused_tcp_port():
    """A port nothing listens on: one the kernel gave and took back."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(*requests):
    replies = io.StringIO()
    job.serve(io.StringIO("".join(line + "\n" for line in requests)), replies, job.Runner(patched=False))
    return replies.getvalue().splitlines()


def test_the_runner_speaks_the_programs_protocol():
    replies = serve("about version", "about start_method", "check cpu_int threading", "calibrate timer 5000",
                    "open timer 5000", "job threading timer 5000 2 4")
    assert replies[0] == "ready"
    assert replies[1] == sys.version.split()[0]
    assert replies[2:] == ["fork", "ok", "5000", "ok", "done"]


def test_every_bad_request_is_an_error_reply_and_the_runner_goes_on():
    replies = serve("", "sing", "about colour", "job seq cpu_int 0 1 1", "job seq cpu_int 5 1", "job nothing timer 5 1 1",
                    "calibrate nothing 5", "job gevent timer 5 1 1", "job ft_threading timer 5 1 1", "about version")
    assert all(reply.startswith("error ") for reply in replies[1:-1]), replies
    assert "started with --gevent" in replies[8]
    assert "runs with the GIL" in replies[9] or job.gil_state() == "disabled"
    assert replies[-1] == sys.version.split()[0]


def test_a_missing_module_is_named_for_the_pairs_that_need_it(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "requests" else real(name))
    replies = serve("check http threading", "check http asyncio", "check timer threading")
    assert replies[1].startswith("error ") and "requests is not installed" in replies[1]
    assert replies[2:] == ["ok", "ok"]


def run_alone(*args):
    return subprocess.run([sys.executable, str(SCRIPTS / "job.py"), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("construct", ["threading", "gevent"])
def test_job_py_runs_one_job_alone_and_prints_its_time(construct):
    done = run_alone("--construct", construct, "--workload", "timer", "--workers", "2", "--tasks", "4",
                     "--task-us", "500")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(rf"{construct} timer: 4 tasks of 500 us on 2 workers in [0-9.]+ ms \([0-9]+ tasks/s\)\n",
                        done.stdout)


def test_job_py_alone_says_what_is_wrong_in_a_line():
    done = run_alone("--construct", "seq", "--workload", "http", "--task-us", "500")
    assert done.returncode == 1
    assert done.stderr.startswith("job.py: ValueError: http needs the http:// URL")
    assert done.stderr.count("\n") == 1
