"""The headline figures, on small analysis dicts made here: each family's
figure and text as the machines page shows them, the best speedup and the
largest concurrency picked, and missing figures shown as "-"."""
from analysis.headlines import headlines


def figure(median):
    return {"median": median, "lo": None, "hi": None, "min": median, "max": median, "n": 3}


def benchmark(name, real_time_ns=1000.0, **counters):
    segments = name.split("/")
    last = segments[-1].split(":")
    return {"name": name, "family": segments[0], "segments": segments,
            "concurrency": int(last[1]) if len(last) == 2 else None,
            "real_time_ns": figure(real_time_ns), "counters": {k: figure(v) for k, v in counters.items()}}


def curve(workload, model, speedups, placement="none"):
    return {"workload": workload, "model": model, "placement": placement,
            "points": [{"workers": workers, "speedup": figure(s)} for workers, s in speedups]}


def analysis(benchmarks=(), scaling=()):
    return {"benchmarks": list(benchmarks), "scaling": list(scaling)}


def texts(made):
    return {(h["family"], h["figure"]): h["text"] for h in made}


def test_best_speedup_of_each_workload_over_its_models_and_counts():
    made = headlines(analysis(scaling=[curve("timer", "thread", [(1, 0.9), (4, 3.6)]),
                                       curve("timer", "gil", [(1, 1.0), (4, 3.71)]),
                                       curve("cpu_int", "thread", [(1, 1.0)])]))
    assert made == [
        {"family": "scaling", "figure": "cpu_int: best speedup over seq", "text": "1x (thread/none, 1 worker)"},
        {"family": "scaling", "figure": "timer: best speedup over seq", "text": "3.71x (gil/none, 4 workers)"},
    ]


def test_a_tie_goes_to_the_last_model_by_name():
    made = headlines(analysis(scaling=[curve("w", "b", [(2, 1.5)]), curve("w", "a", [(2, 1.5)])]))
    assert made[0]["text"] == "1.5x (b/none, 2 workers)"


def test_times_from_counters_and_real_time():
    made = texts(headlines(analysis(benchmarks=[
        benchmark("overhead/pool/workers:2", items_per_second=2e6),
        benchmark("switch/ping_pong/asm", switch_time=7e-9),
        benchmark("ctxswitch/spawn/thread", real_time_ns=61234.0),
        benchmark("ctxswitch/futex/thread/same_pu", switch_time=2.2e-6),
        benchmark("ctxswitch/futex/thread/other_pu", switch_time=9e-6),
        benchmark("sync/lock/threads:1", op_time=5e-9),
        benchmark("sync/lock/threads:2", op_time=9e-9),
        benchmark("ipc/round_trip/shm_spin/bytes:8", real_time_ns=400.0),
        benchmark("ipc/round_trip/shm_spin/bytes:64", real_time_ns=800.0),
    ])))
    assert made == {
        ("overhead", "pool: cost per task"): "500 ns",
        ("switch", "asm: one coroutine switch"): "7 ns",
        ("ctxswitch", "thread: one life (spawn and join)"): "61.2 us",
        ("ctxswitch", "thread: one futex switch on one PU"): "2.2 us",
        ("sync", "lock: one operation, one thread"): "5 ns",
        ("ipc", "shm_spin: round trip of 8 bytes"): "400 ns",
    }


def test_series_at_their_largest_concurrency():
    made = texts(headlines(analysis(benchmarks=[
        benchmark("waiters/coroutine/epoll/waiters:100000", round_over_wait=1.04, rss_bytes_per_waiter=5234),
        benchmark("waiters/coroutine/epoll/waiters:1000", round_over_wait=1.9, rss_bytes_per_waiter=9000),
        benchmark("timeslice/thread/pus:2/spinners:2", probe_p99_us=80),
        benchmark("timeslice/thread/pus:2/spinners:128", probe_p99_us=40000),
    ])))
    assert made == {
        ("waiters", "coroutine/epoll: round over the wait, at its most waiters"): "1.04x (100000 waiters)",
        ("waiters", "coroutine/epoll: resident bytes per waiter, at its most waiters"): "5230 B (100000 waiters)",
        ("timeslice", "thread: wake-up p99, at the most spinners"): "40 ms (128 spinners)",
    }


def test_a_benchmark_without_a_count_is_below_every_count_of_its_series():
    made = texts(headlines(analysis(benchmarks=[
        benchmark("waiters/thread/waiters:1", round_over_wait=1.5, rss_bytes_per_waiter=100),
        benchmark("waiters/thread/zz", round_over_wait=9.0, rss_bytes_per_waiter=900),
    ])))
    assert made[("waiters", "thread: round over the wait, at its most waiters")] == "1.5x (1 waiters)"


def test_a_missing_counter_is_a_dash():
    made = texts(headlines(analysis(benchmarks=[benchmark("overhead/pool/workers:2"),
                                                benchmark("waiters/thread/waiters:10")])))
    assert made[("overhead", "pool: cost per task")] == "-"
    assert made[("waiters", "thread: round over the wait, at its most waiters")] == "- (10 waiters)"
    assert made[("waiters", "thread: resident bytes per waiter, at its most waiters")] == "- B (10 waiters)"


def test_names_that_only_start_alike_are_not_headlines():
    made = headlines(analysis(benchmarks=[benchmark("ctxswitch/futex/same_pu", switch_time=1e-6),
                                          benchmark("sync/lock/threads:1/more", op_time=1e-9),
                                          benchmark("syncs/lock/threads:1", op_time=1e-9),
                                          benchmark("overheads/pool", items_per_second=1.0)]))
    assert made == []


def test_families_in_a_fixed_order():
    made = headlines(analysis(benchmarks=[benchmark("ipc/round_trip/x/bytes:8"), benchmark("overhead/pool")],
                              scaling=[curve("w", "m", [(1, 1.0)])]))
    assert [h["family"] for h in made] == ["scaling", "overhead", "ipc"]


def test_only_the_same_pu_futex_switch_is_a_headline():
    made = headlines(analysis(benchmarks=[benchmark("ctxswitch/futex/thread/same_pu", switch_time=2e-6),
                                          benchmark("ctxswitch/futex/thread/cross_pu", switch_time=9e-6)]))
    assert made == [{"family": "ctxswitch", "figure": "thread: one futex switch on one PU", "text": "2 us"}]


def test_only_the_8_byte_round_trip_is_an_ipc_headline():
    made = headlines(analysis(benchmarks=[benchmark("ipc/round_trip/pipe/bytes:8", real_time_ns=500.0),
                                          benchmark("ipc/round_trip/pipe/bytes:64", real_time_ns=900.0),
                                          benchmark("ipc/stream/pipe/bytes:8", real_time_ns=100.0),
                                          benchmark("ipc/round_trip/pipe/bytes:8/more", real_time_ns=200.0)]))
    assert made == [{"family": "ipc", "figure": "pipe: round trip of 8 bytes", "text": "500 ns"}]
