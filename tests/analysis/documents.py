"""Small results documents for the tests, built as Google Benchmark writes them."""


def row(name, real_time=1.0, time_unit="ms", repetition=0, **fields):
    """One repetition of a benchmark; fields are its counters, error_occurred, error_message..."""
    return {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1,
            "repetition_index": repetition, "threads": 1, "iterations": 1, "real_time": real_time,
            "cpu_time": real_time, "time_unit": time_unit, **fields}


def document(rows, **context):
    return {"context": {"slicebench_machine": "m", "slicebench_topology": "t", "hwloc_pus": "2",
                        "slicebench_workloads": "cpu_int=cpu,timer=io", **context},
            "benchmarks": rows}


def scaling_rows(workload, model, placement, workers, rates, **counters):
    """One point's repetitions at the given rates (tasks per second)."""
    name = f"scaling/{workload}/{model}/{placement}/workers:{workers}/real_time"
    return [row(name, repetition=i, items_per_second=rate, **counters) for i, rate in enumerate(rates)]


def cpython_rows(workload, construct, workers, rates, **counters):
    """One point of a CPython construct's curve, at the given rates (tasks per second)."""
    name = f"cpython/{workload}/{construct}/workers:{workers}/real_time"
    return [row(name, repetition=i, items_per_second=rate, workers=workers, **counters) for i, rate in enumerate(rates)]


def cpython_granularity_rows(workload, construct, task_us, rates):
    """One duration of a CPython construct's granularity series."""
    name = f"cpython/{workload}/{construct}/task_us:{task_us}/real_time"
    return [row(name, repetition=i, items_per_second=rate, task_us=task_us, workers=1 if construct == "seq" else 2)
            for i, rate in enumerate(rates)]


def convoy_rows(series, k, p50s, p99=None, wakeups=40, **counters):
    """A convoy series' rounds at k CPU-bound threads, one a repetition, with
    these p50s (us); each p99 is 4 times its p50 unless given."""
    return [row(f"convoy/{series}/cpu_threads:{k}/real_time", repetition=i, lateness_p50_us=p50,
                lateness_p99_us=p99 if p99 is not None else 4 * p50, wakeups=wakeups, cpu_threads=k, **counters)
            for i, p50 in enumerate(p50s)]


def constructs(*pairs):
    """A construct table of (construct, model) pairs, each described as "the <construct> construct"."""
    from analysis.cpython import Construct
    return {name: Construct(name, model, f"the {name} construct") for name, model in pairs}


# The construct table the tests use: not the file, which another build may change.
CONSTRUCTS = constructs(("seq", "seq"), ("threading", "gil"), ("thread_pool", "pool"), ("process", "process"),
                        ("process_pool", "process_pool"), ("asyncio", "coroutine"), ("ft_seq", "seq"))
