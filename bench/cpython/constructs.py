"""The notes' concurrency constructs, each running one job: `tasks` tasks of
a workload with at most `workers` of them under way, everything it starts
(threads, processes, a pool, an event loop) started and ended inside the
job, as the C models do per job. bench/cpython/constructs.def names them and
the model each is held to; IMPLEMENTATIONS must hold exactly its names.

multiprocessing starts its processes by fork, chosen here rather than left
to the interpreter: it is the Linux default of Python 3.11 to 3.13 (3.14's
is forkserver), the notes' code gets it there, and it is what the C process
models do; and the children find the workload readied (calibrated, its file
open, its URL) without pickling it. Python 3.12 and later warn when a
process with other threads alive forks: every job here ends its threads
before it returns, and the runner (job.py) forks with none alive.

gevent works only once gevent.monkey has patched the standard library,
which would then change every other construct: its jobs run in a runner of
their own (job.py --gevent), and the other runners never import it.

Not a script: bench/cpython/job.py runs these.
"""

import asyncio
import functools
import multiprocessing
import multiprocessing.connection
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from workloads import WORKLOADS, run_task

START_METHOD = "fork"
TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "constructs.def")
LINE = re.compile(r'SB_CONSTRUCT\((\w+), (\w+), "([^"]*)"\)$')


def table(path=TABLE):
    """constructs.def's lines as {construct: (model, what it is)}, in order."""
    with open(path, encoding="utf-8") as lines:
        matches = (LINE.match(line.strip()) for line in lines)
        return {m[1]: (m[2], m[3]) for m in matches if m}


class Job:
    """One job's tasks: `workload`'s tasks of `size`, numbered 0 to tasks - 1."""

    def __init__(self, workload, size, tasks, workers):
        if workload not in WORKLOADS:
            raise ValueError(f"no workload '{workload}': one of {', '.join(WORKLOADS)}")
        if tasks < 1 or workers < 1:
            raise ValueError(f"a job needs a task and a worker, got {tasks} tasks and {workers} workers")
        self.workload, self.size, self.tasks, self.workers = workload, size, tasks, workers

    def run(self, task):
        return WORKLOADS[self.workload].run(self.size, task)

    async def run_async(self, task):
        return await WORKLOADS[self.workload].run_async(self.size, task)

    def task_function(self):
        """run_task bound to this job's workload and size, which a process pool can send."""
        return functools.partial(run_task, self.workload, self.size)


def run_seq(job):
    for task in range(job.tasks):
        job.run(task)


def run_threading(job):
    slots = threading.BoundedSemaphore(job.workers)
    failures = []

    def one(task):
        try:
            job.run(task)
        except Exception as why:  # the job reports the first
            failures.append(why)
        finally:
            slots.release()

    threads = []
    for task in range(job.tasks):
        slots.acquire()
        threads.append(threading.Thread(target=one, args=(task,)))
        threads[-1].start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def run_thread_pool(job):
    with ThreadPoolExecutor(max_workers=job.workers) as pool:
        for _ in pool.map(job.run, range(job.tasks)):
            pass


def fork_context():
    return multiprocessing.get_context(START_METHOD)


def run_process(job):
    context, task_function = fork_context(), job.task_function()
    alive = []

    def reap_one():
        ended = multiprocessing.connection.wait([p.sentinel for p in alive])
        for process in [p for p in alive if p.sentinel in ended]:
            process.join()
            alive.remove(process)
            if process.exitcode != 0:
                raise RuntimeError(f"a task's process ended with exit code {process.exitcode}")

    try:
        for task in range(job.tasks):
            if len(alive) == job.workers:
                reap_one()
            alive.append(context.Process(target=task_function, args=(task,)))
            alive[-1].start()
        while alive:
            reap_one()
    finally:
        for process in alive:
            process.kill()
            process.join()


def run_process_pool(job):
    # chunksize 1 hands the workers one task at a time, as the process_pool
    # model does; map's default would batch them.
    with fork_context().Pool(job.workers) as pool:
        pool.map(job.task_function(), range(job.tasks), chunksize=1)
        pool.close()
        pool.join()


def run_process_pool_executor(job):
    with ProcessPoolExecutor(max_workers=job.workers, mp_context=fork_context()) as pool:
        for _ in pool.map(job.task_function(), range(job.tasks)):
            pass


def run_gevent(job):
    import gevent
    import gevent.pool

    pool = gevent.pool.Pool(job.workers)
    greenlets = [pool.spawn(job.run, task) for task in range(job.tasks)]
    gevent.joinall(greenlets, raise_error=True)


def run_asyncio(job):
    async def all_tasks():
        slots = asyncio.Semaphore(job.workers)
        tasks = []
        for task in range(job.tasks):
            await slots.acquire()
            tasks.append(asyncio.create_task(job.run_async(task)))
            tasks[-1].add_done_callback(lambda _: slots.release())
        await asyncio.gather(*tasks)

    asyncio.run(all_tasks())


IMPLEMENTATIONS = {
    "seq": run_seq,
    "threading": run_threading,
    "thread_pool": run_thread_pool,
    "process": run_process,
    "process_pool": run_process_pool,
    "process_pool_executor": run_process_pool_executor,
    "gevent": run_gevent,
    "asyncio": run_asyncio,
    "ft_seq": run_seq,
    "ft_threading": run_threading,
    "ft_thread_pool": run_thread_pool,
}
# What a construct asks of the runner that runs it, by name: gevent's
# patching, an interpreter without the GIL (constructs.def's ft_ prefix),
# no other thread alive when it forks.
NEEDS_GEVENT = {"gevent"}
FREE_THREADED_PREFIX = "ft_"
FORKS = {"process", "process_pool", "process_pool_executor"}
# Constructs whose tasks run inside an event loop (Workload.run_async).
ASYNCHRONOUS = {"asyncio"}
