"""Each claim's rule at its bars, on small runs made here: a figure on each
side of each bar, exactly on it (where "at least" passes and "above" does
not), at both ends of a two-sided rule, spread across it, with too few
repetitions, on a busy machine; and the bars read from docs/claims.json, so
that a changed bar changes the verdict."""
import copy

import pytest

from analysis.claims import entries, evaluate
from analysis.results import table

QUIET = {"busy": False, "text": "quiet"}
BUSY = {"busy": True, "text": "busy"}


def rows(name, repetitions=5, **fields):
    """A benchmark's repetitions; a field given as a list varies over them."""
    count = max([len(v) for v in fields.values() if isinstance(v, list)], default=repetitions)
    made = []
    for i in range(count):
        values = {k: (v[i] if isinstance(v, list) else v) for k, v in fields.items()}
        made.append({"name": name, "run_name": name, "run_type": "iteration", "repetitions": count,
                     "repetition_index": i, "iterations": 1, "cpu_time": 1, "time_unit": "ns",
                     "real_time": values.pop("real_time", 1), **values})
    return made


def judged(claim_id, benchmarks, load=QUIET, bars=None, **context):
    """One claim's row on a run of 2 PUs made of benchmarks."""
    claims = entries.read()
    if bars:
        claims = copy.deepcopy(claims)
        next(c for c in claims if c["id"] == claim_id)["bars"].update(bars)
    context = {"hwloc_pus": "2", "slicebench_workloads": "cpu_int=cpu,timer=io", **context}
    results = table({"context": context, "benchmarks": benchmarks})
    return next(c for c in evaluate(results, load, claims) if c["id"] == claim_id)


def expect(claim, verdict, words):
    assert (claim["verdict"], words in claim["reason"]) == (verdict, True), claim["reason"]


# ---- C3: thread speedup at workers = PUs, at least 0.7 x PUs -------------------

def c3(rates):
    return (rows("scaling/cpu_int/seq/none/workers:1", items_per_second=1000)
            + rows("scaling/cpu_int/thread/none/workers:2", items_per_second=rates))


@pytest.mark.parametrize("rates, load, verdict, words", [
    ([1400] * 5, QUIET, "holds", "thread/none reaches 1.4x (1.4x to 1.4x, 5 repetitions) at 2 workers, at least 0.7 x 2 = 1.4x"),
    ([1399] * 5, QUIET, "does not hold", "no placement of the thread model reached 0.7 x 2 = 1.4x"),
    ([1399] + [1400] * 4, QUIET, "inconclusive", "too noisy: the thread model 0.7 x 2 = 1.4x at 2 workers: none 1.4x (1.4x to 1.4x"),
    ([2000] * 3, QUIET, "inconclusive", "too few samples: the thread model 0.7 x 2 = 1.4x"),
    ([1399] * 5, BUSY, "inconclusive", "the machine was busy: no placement of the thread model reached"),
    ([1400] * 5, BUSY, "holds", "thread/none reaches 1.4x"),
])
def test_c3(rates, load, verdict, words):
    expect(judged("C3", c3(rates), load), verdict, words)


def test_c3_reads_its_bar():
    expect(judged("C3", c3([1400] * 5), bars={"speedup_per_pu": 0.75}), "does not hold", "0.75 x 2 = 1.5x")


def test_c3_prefers_cpu_int_to_another_cpu_bound_workload():
    other = rows("scaling/aaa/seq/none/workers:1", items_per_second=1000)
    expect(judged("C3", c3([1400] * 5) + other, slicebench_workloads="aaa=cpu,cpu_int=cpu"), "holds", "")
    expect(judged("C3", other, slicebench_workloads="aaa=cpu"), "not measured", "did not run aaa at 2 workers")


def test_c3_shows_the_threads_at_the_pus_alone():
    process = rows("scaling/cpu_int/process/none/workers:2", items_per_second=1500)
    assert judged("C3", c3([1400] * 5) + process)["figures"] == [
        "cpu_int thread/none, 2 workers: 1.4x (1.4x to 1.4x, 5 repetitions)"]


def test_c3_not_measured_without_threads_at_pus():
    expect(judged("C3", c3([1400] * 5)[:5]), "not measured", "the thread model did not run cpu_int at 2 workers")


# ---- C4: gil at most 1.2, a process model above 1.2, fixed costs 5% ------------

def c4(gil, pool, share):
    return (rows("scaling/cpu_int/seq/none/workers:1", items_per_second=1000)
            + [r for workers in (2, 3) for r in rows(f"scaling/cpu_int/gil/none/workers:{workers}", items_per_second=gil)]
            + [r for workers in (2, 3) for r in rows(f"scaling/cpu_int/process_pool/none/workers:{workers}",
                                                     items_per_second=pool, fixed_cost_share=share)])


@pytest.mark.parametrize("gil, pool, share, load, verdict, words", [
    (1200, 1201, 0.05, QUIET, "holds", "GIL threads stayed at or below 1.2x (1.2x to 1.2x, 5 repetitions) while process_pool reached 1.2x"),
    (1201, 1300, 0.01, QUIET, "does not hold", "the gil model reached 1.2x (1.2x to 1.2x, 5 repetitions) (gil/none, 3 workers): above 1.2, so it did not serialise"),
    ([1199, 1201, 1200, 1200, 1200], 1300, 0.01, QUIET, "inconclusive", "too noisy: the gil model against 1.2x"),
    (1000, 1200, 0.05, QUIET, "does not hold", "no process model with fixed costs of 5% or less passed 1.2x"),
    (1000, 1200, 0.05, BUSY, "inconclusive", "the machine was busy: no process model with fixed costs of 5% or less passed 1.2x"),
    (1000, [1200, 1201, 1201, 1201, 1201], 0.05, QUIET, "inconclusive", "too noisy: the process models with fixed costs of 5% or less against 1.2x"),
    (1000, 1200, 0.0501, QUIET, "inconclusive", "fixed costs dominate the job: every process point spent more than 5% of its job on fixed costs (5.01% to 5.01%)"),
    (1000, 1201, 0.9, QUIET, "holds", "process_pool reached 1.2x"),
    (1000, [1300] * 3, 0.01, QUIET, "inconclusive", "too few samples"),
])
def test_c4(gil, pool, share, load, verdict, words):
    expect(judged("C4", c4(gil, pool, share), load), verdict, words)


def test_c4_reads_its_bars():
    expect(judged("C4", c4(1000, 1200, 0.05), bars={"speedup": 1.1}), "holds", "process_pool reached 1.2x")
    expect(judged("C4", c4(1000, 1200, 0.05), bars={"fixed_cost_share": 0.04}), "inconclusive",
           "more than 4% of its job on fixed costs")


def test_c4_estimates_the_fixed_costs_of_older_runs():
    """Without fixed_cost_share: one process's life for each fork on the
    caller's path over the job's wall time, at most all of it."""
    benchmarks = [{k: v for k, v in r.items() if k != "fixed_cost_share"} for r in c4(1000, 1200, 0)]
    life = rows("ctxswitch/spawn/process", real_time=1e6)
    expect(judged("C4", benchmarks + life, slicebench_tasks_per_job="16"), "inconclusive",
           "(15% to 22.5%, estimated from one process's life, 1 ms, and 16 tasks per job)")
    expect(judged("C4", benchmarks + rows("ctxswitch/spawn/process", real_time=1e9), slicebench_tasks_per_job="16"),
           "inconclusive", "(100% to 100%, estimated")


def granularity(model, speedups, workload="cpu_int"):
    return [r for task_us, speedup in speedups.items() for name, rate in
            ((f"granularity/{workload}/seq/task_us:{task_us}", 1000),
             (f"granularity/{workload}/{model}/task_us:{task_us}", 1000 * speedup))
            for r in rows(name, items_per_second=rate)]


@pytest.mark.parametrize("speedups, at", [
    ({10: 0.5, 1000: 2}, "tasks of 100 us"),
    ({10: 1, 1000: 2}, "no task duration measured (below_range)"),
    ({10: 0.5, 1000: 0.9}, "no task duration measured (above_range)"),
    ({10: 0.5, 1000: 0}, "no task duration measured"),
])
def test_c4_shows_where_each_process_model_breaks_even(speedups, at):
    figures = judged("C4", c4(1000, 1300, 0.01) + granularity("process", speedups), slicebench_task_us="1000")["figures"]
    assert figures[-1] == f"process breaks even with seq at {at} (granularity; the scaling job's tasks are 1000 us)"


def test_c4_cites_the_break_even_of_its_own_workload_alone():
    benchmarks = (c4(1000, 1300, 0.01) + granularity("process", {10: 0.5, 1000: 2})
                  + granularity("process", {10: 1, 1000: 2}, workload="timer"))
    figures = judged("C4", benchmarks, slicebench_task_us="1000")["figures"]
    assert [f for f in figures if "breaks even" in f] == [
        "process breaks even with seq at tasks of 100 us (granularity; the scaling job's tasks are 1000 us)"]


def test_c4_not_measured_with_one_gil_worker_count():
    benchmarks = [r for r in c4(1000, 1300, 0.01) if "gil/none/workers:3" not in r["name"]]
    expect(judged("C4", benchmarks), "not measured", "the gil model ran at 2 workers only on cpu_int")


# ---- C5: gil on IO past the PUs, at least 0.5 x its workers --------------------

def c5(rates, workers=3):
    return (rows("scaling/timer/seq/none/workers:1", items_per_second=1000)
            + rows(f"scaling/timer/gil/none/workers:{workers}", items_per_second=rates))


@pytest.mark.parametrize("rates, load, verdict, words", [
    (1500, QUIET, "holds", "gil/none reaches 1.5x (1.5x to 1.5x, 5 repetitions) with 3 workers on 2 PUs, at least 0.5 x 3 = 1.5x"),
    (1499, QUIET, "does not hold", "the gil model at 0.5 x its workers or more, past the 2 PUs: none 3: 1.5x (1.5x to 1.5x"),
    ([1499, 1500, 1500, 1500, 1500], QUIET, "inconclusive", "too noisy"),
    ([1500] * 4, QUIET, "inconclusive", "too few samples"),
    (1499, BUSY, "inconclusive", "the machine was busy"),
])
def test_c5(rates, load, verdict, words):
    expect(judged("C5", c5(rates), load), verdict, words)


def test_c5_reads_its_bar():
    expect(judged("C5", c5(1500), bars={"speedup_per_worker": 0.6}), "does not hold", "at 0.6 x its workers")


def test_c5_judges_only_the_counts_past_the_pus():
    at_pus = rows("scaling/timer/gil/none/workers:2", items_per_second=2000)
    claim = judged("C5", c5(1499) + at_pus)
    expect(claim, "does not hold", "past the 2 PUs: none 3: 1.5x (1.5x to 1.5x, 5 repetitions); ")


def test_c5_without_the_gil_model_names_the_fastest_threads_instead():
    threads = rows("scaling/timer/thread/none/workers:3", items_per_second=2500)
    expect(judged("C5", c5(1500)[:5] + threads), "not measured",
           "the gil model did not run on timer; without a GIL, thread/none, 3 workers: 2.5x")


def test_c5_not_measured_at_the_pus():
    expect(judged("C5", c5(1500, workers=2)), "not measured", "with at most 2 workers, not past the 2 PUs")


# ---- C2: p99 at least 2 x, throughput 0.8 to 1.25 x, fairness 0.5 -------------

def c2(p99=200, steps=800, fairness=0.5, **most):
    return [r for kind in ("thread", "process") for r in
            rows(f"timeslice/{kind}/pus:2/spinners:2", probe_p99_us=100, steps_per_second=1000, fairness=1)
            + rows(f"timeslice/{kind}/pus:2/spinners:128", probe_p99_us=p99, steps_per_second=steps,
                   fairness=fairness, **most)]


@pytest.mark.parametrize("figures, load, verdict, words", [
    ({}, QUIET, "holds", "grew at least twofold with oversubscription, while throughput held within 0.8 to 1.25 x and fairness at 0.5 or more"),
    ({"steps": 1250}, QUIET, "holds", "the probe's p99 grew at least twofold"),
    ({"p99": 199.9}, QUIET, "does not hold", "in timeslice/process/pus:2 the probe's p99 grew less than twofold, 2x (2x to 2x, 5 repetitions)"),
    ({"p99": [199.9, 200, 200, 200, 200]}, QUIET, "inconclusive", "too noisy: in timeslice/process/pus:2 the probe's p99 grew 2x"),
    ({"steps": 799}, QUIET, "does not hold", "in timeslice/process/pus:2 throughput went outside 0.8 to 1.25 x: 0.799x"),
    ({"steps": 1251}, QUIET, "does not hold", "throughput went outside 0.8 to 1.25 x: 1.25x"),
    ({"steps": [799, 800, 800, 800, 800]}, QUIET, "inconclusive", "too noisy: in timeslice/process/pus:2 throughput against 0.8 to 1.25 x"),
    ({"steps": [1250, 1250, 1250, 1250, 1251]}, QUIET, "inconclusive", "too noisy"),
    ({"fairness": 0.49}, QUIET, "does not hold", "fairness at 128 spinners fell below 0.5: 0.49 (0.49 to 0.49, 5 repetitions)"),
    ({"fairness": 0.49}, BUSY, "inconclusive", "the machine was busy: in timeslice/process/pus:2 fairness"),
    ({"fairness": [0.5] * 4}, QUIET, "inconclusive", "too few samples"),
])
def test_c2(figures, load, verdict, words):
    expect(judged("C2", c2(**figures), load), verdict, words)


@pytest.mark.parametrize("wakeups, p50, verdict, words", [
    (999, 200, "holds", "grew at least twofold"),
    (999, 199.9, "inconclusive", "too few samples: in timeslice/process/pus:2 the probe woke 999 times at 128 spinners, short of 1,000"),
    (1000, 199.9, "holds", "grew at least twofold"),
    ([1200, 950, 999, 1100, 1000], 199.9, "inconclusive", "the probe woke 950 times at 128 spinners"),
])
def test_c2_starved_probe(wakeups, p50, verdict, words):
    """Fewer wake-ups than the bar with a shortfall: the p99 at the most
    spinners is not trusted, their median decides instead; the fewest
    wake-ups of the repetitions are said."""
    claim = judged("C2", c2(probe_wakeups=wakeups, probe_shortfall=1, probe_p50_us=p50, probe_max_us=300))
    expect(claim, verdict, words)


def test_c2_reads_its_bars():
    expect(judged("C2", c2(), bars={"p99_growth": 3}), "does not hold", "grew less than threefold")
    expect(judged("C2", c2(), bars={"throughput_low": 0.9}), "does not hold", "went outside 0.9 to 1.25 x")
    expect(judged("C2", c2(steps=1250), bars={"throughput_high": 1.2}), "does not hold", "outside 0.8 to 1.2 x")
    expect(judged("C2", c2(), bars={"fairness": 0.6}), "does not hold", "fell below 0.6")
    expect(judged("C2", c2(probe_wakeups=1000, probe_shortfall=1, probe_p50_us=150), bars={"trusted_wakeups": 1001}),
           "inconclusive", "short of 1,001")


# ---- C6: 10,000 waits, coroutine memory below a thread's -----------------------

def c6(waits=10000, coroutine=999, thread=1000):
    return (rows(f"waiters/coroutine/epoll/waiters:{waits}", real_time=1e6, rss_bytes_per_waiter=coroutine)
            + rows(f"waiters/thread/waiters:{waits}", real_time=1e6, rss_bytes_per_waiter=thread))


@pytest.mark.parametrize("figures, load, verdict, words", [
    ({}, BUSY, "holds", "coroutines held 10000 waits, each lighter than a thread's"),
    ({"coroutine": 1000}, BUSY, "does not hold", "at 10000 waits a coroutine waiter cost as much memory as a thread: 1x (1x to 1x"),
    ({"coroutine": [999, 1000, 1000, 1000, 1000]}, QUIET, "inconclusive", "too noisy: at 10000 waits a coroutine waiter cost against a thread: 1x"),
    ({"coroutine": [999] * 4}, QUIET, "inconclusive", "too few samples"),
    ({"waits": 9999}, QUIET, "not measured", "the coroutine series went only to 9999 waits; the rule needs 10,000 or more"),
])
def test_c6(figures, load, verdict, words):
    expect(judged("C6", c6(**figures), load), verdict, words)


def test_c6_reads_its_bars():
    expect(judged("C6", c6(), bars={"waits": 20000}), "not measured", "the rule needs 20,000 or more")
    expect(judged("C6", c6(coroutine=1000), bars={"memory_ratio": 1.01}), "holds", "each lighter")


def test_c6_reads_the_peak_rss_of_older_runs():
    benchmarks = [{k: v for k, v in r.items() if k != "rss_bytes_per_waiter"} | {"peak_rss_kb": 10000}
                  for r in c6()]
    expect(judged("C6", benchmarks), "does not hold", "as much memory as a thread")


# ---- C7: lives and switches above 1, a process switch at least 0.9 x a thread's --

def c7(process_life=1000, process_switch=900):
    return (rows("ctxswitch/spawn/process", real_time=process_life) + rows("ctxswitch/spawn/thread", real_time=100)
            + rows("ctxswitch/spawn/coroutine", real_time=10) + rows("switch/ping_pong/asm", switch_time=1e-8)
            + rows("ctxswitch/futex/thread/same_pu", real_time=1000)
            + rows("ctxswitch/futex/process/same_pu", real_time=process_switch))


@pytest.mark.parametrize("figures, load, verdict, words", [
    ({}, QUIET, "holds", "creation is ordered process > thread > coroutine; a coroutine switch is the cheapest, and process switches cost 0.9 to 0.9 x their thread twins"),
    ({"process_switch": 899}, QUIET, "does not hold", "ctxswitch/futex/*/same_pu: a process switch cost over 10% less than its thread twin, 0.899x"),
    ({"process_switch": [899, 900, 900, 900, 900]}, QUIET, "inconclusive", "too noisy: ctxswitch/futex/*/same_pu: a process switch against 0.9 x its thread twin"),
    ({"process_life": 100}, QUIET, "does not hold", "one process's life over one thread's: not above 1x, 1x (1x to 1x, 5 repetitions)"),
    ({"process_life": 100}, BUSY, "inconclusive", "the machine was busy: one process's life over one thread's"),
    ({"process_life": [100, 101, 101, 101, 101]}, QUIET, "inconclusive", "too noisy: one process's life over one thread's: against 1x"),
])
def test_c7(figures, load, verdict, words):
    expect(judged("C7", c7(**figures), load), verdict, words)


def test_c7_takes_no_lives_from_a_source_with_a_failed_row():
    failed = rows("ctxswitch/spawn/fiber", repetitions=1, error_occurred=True, error_message="boom")
    expect(judged("C7", c7() + failed), "not measured", "1 spawn row errored: ctxswitch/spawn/fiber (boom)")


def test_c7_reads_its_bars():
    expect(judged("C7", c7(), bars={"process_over_thread_switch": 0.95}), "does not hold",
           "cost over 5% less than its thread twin")
    expect(judged("C7", c7(process_life=101), bars={"heavier": 1.02}), "does not hold", "not above 1.02x")


# ---- C8: the manager over shared memory above 1 --------------------------------

def c8(manager):
    return rows("ipc/list/shared_list/set", real_time=100) + rows("ipc/list/manager/set", real_time=manager)


@pytest.mark.parametrize("manager, load, verdict, words", [
    (101, QUIET, "holds", "shared memory was faster in all 1 comparisons, by 1.01x to 1.01x"),
    (100, QUIET, "does not hold", "ipc/list/*/set: shared_list was not faster than the manager, manager over shared_list 1x"),
    ([100, 101, 101, 101, 101], QUIET, "inconclusive", "too noisy: ipc/list/*/set: shared_list against the manager"),
    (100, BUSY, "inconclusive", "the machine was busy"),
])
def test_c8(manager, load, verdict, words):
    expect(judged("C8", c8(manager), load), verdict, words)


def test_c8_shows_the_round_trips_at_the_smallest_size():
    trips = [r for size in (64, 8) for transport in ("pipe", "shm_futex")
             for r in rows(f"ipc/round_trip/{transport}/bytes:{size}", real_time=size * 100)]
    assert judged("C8", c8(101) + trips)["figures"][1:] == [
        "round trip of 8 bytes over pipe: 800 ns (800 ns to 800 ns, 5 repetitions)",
        "round trip of 8 bytes over shm_futex: 800 ns (800 ns to 800 ns, 5 repetitions)"]


def test_c8_reads_its_bar():
    expect(judged("C8", c8(101), bars={"manager_over_shared": 1.01}), "does not hold", "was not faster than")


# ---- C10: pool over thread at most 0.5 -----------------------------------------

def c10(pool):
    return rows("overhead/pool/workers:2", real_time=pool) + rows("overhead/thread/workers:2", real_time=100)


@pytest.mark.parametrize("pool, load, verdict, words", [
    (50, QUIET, "holds", "a task costs 50 ns (50 ns to 50 ns, 5 repetitions) in the pool, 100 ns (100 ns to 100 ns, 5 repetitions) with a thread per task (pool over thread 0.5x"),
    (51, QUIET, "does not hold", "a task in the pool cost more than half of one with a thread per task: 0.51x"),
    ([50, 51, 51, 51, 51], QUIET, "inconclusive", "too noisy: a task in the pool cost against half"),
    (51, BUSY, "inconclusive", "the machine was busy"),
])
def test_c10(pool, load, verdict, words):
    expect(judged("C10", c10(pool), load), verdict, words)


def test_c10_reads_its_bar():
    expect(judged("C10", c10(50), bars={"pool_over_thread": 0.25}), "does not hold", "more than a quarter of one")


# ---- C1 and C9: what the semantics family shows, not a bar ----------------------

RIGHT = {"memory": {"child_write_seen": 0, "thread_write_seen": 1},
         "lock": {"lock_tries": 3, "lock_admitted": 1},
         "bounded_semaphore": {"semaphore_places": 3, "semaphore_tries": 4, "semaphore_admitted": 3,
                               "semaphore_over_release_refused": 1},
         "event": {"event_waiters": 4, "event_released": 4},
         "condition": {"notify_waiters": 4, "notify_n": 2, "notify_released": 2, "notify_still_waiting": 2},
         "rlock": {"rlock_acquires": 3, "rlock_depth": 3, "rlock_other_admitted": 0, "rlock_freed": 1}}
SYNC = [r for primitive in ("lock", "rlock", "bounded_semaphore", "event", "condition")
        for r in rows(f"sync/{primitive}/threads:1", real_time=100, op_time=5e-8)]


def semantics(check=None, sync=SYNC, **counters):
    """The semantics family's rows showing Python's semantics, but for the counters given of one check."""
    return [r for name, right in RIGHT.items()
            for r in rows(f"semantics/{name}/iterations:1", **{**right, **(counters if name == check else {})})] + sync


@pytest.mark.parametrize("check, counters", [
    ("memory", {"child_write_seen": 1}),
    ("memory", {"thread_write_seen": 0}),
    ("memory", {"child_write_seen": [0, 0, 1, 0, 0]}),
])
def test_c1_does_not_hold_when_one_repetition_shows_otherwise(check, counters):
    expect(judged("C1", semantics(check, **counters), BUSY), "does not hold", "do not show the separation")


def test_c1_holds():
    claim = judged("C1", semantics())
    expect(claim, "holds", "the child's write stayed in the child")
    assert claim["figures"] == ["semantics/memory: after a forked child wrote 1 the parent read 0; after a thread wrote 1, 1"]


@pytest.mark.parametrize("check, counters", [
    ("lock", {"lock_tries": 1}),
    ("lock", {"lock_admitted": 2}),
    ("bounded_semaphore", {"semaphore_tries": 3}),
    ("bounded_semaphore", {"semaphore_admitted": 2}),
    ("bounded_semaphore", {"semaphore_over_release_refused": 0}),
    ("event", {"event_waiters": 1, "event_released": 1}),
    ("event", {"event_released": 3}),
    ("condition", {"notify_n": 4, "notify_released": 4, "notify_still_waiting": 0}),
    ("condition", {"notify_released": 3}),
    ("condition", {"notify_still_waiting": 1}),
    ("rlock", {"rlock_acquires": 1, "rlock_depth": 1}),
    ("rlock", {"rlock_depth": 2}),
    ("rlock", {"rlock_other_admitted": 1}),
    ("rlock", {"rlock_freed": 0}),
])
def test_c9_does_not_hold_when_a_primitive_strays(check, counters):
    expect(judged("C9", semantics(check, **counters), BUSY), "does not hold",
           f"semantics/{check} did not keep Python's semantics")


@pytest.mark.parametrize("check, counters", [
    ("lock", {"lock_tries": 2}),
    ("bounded_semaphore", {"semaphore_places": 1, "semaphore_tries": 2, "semaphore_admitted": 1}),
    ("event", {"event_waiters": 2, "event_released": 2}),
    ("condition", {"notify_waiters": 2, "notify_n": 1, "notify_released": 1, "notify_still_waiting": 1}),
    ("rlock", {"rlock_acquires": 2, "rlock_depth": 2}),
])
def test_c9_holds_on_the_least_that_shows_each_primitive(check, counters):
    """Two threads, or two acquires, are enough to show each semantics."""
    expect(judged("C9", semantics(check, **counters)), "holds", "every primitive kept Python's semantics")


def test_c9_holds_and_shows_the_costs_beside():
    claim = judged("C9", semantics())
    expect(claim, "holds", "every primitive kept Python's semantics in every repetition; quiet")
    assert "lock: 50 ns at 1 thread" in claim["figures"]


@pytest.mark.parametrize("sync, note", [
    ([], "; the sync family (their costs) is not in the results"),
    (SYNC[:5], "; no cost rows for rlock, semaphore, event, condition"),
])
def test_c9_says_what_is_missing_of_the_costs_without_judging_it(sync, note):
    expect(judged("C9", semantics(sync=sync)), "holds", f"in every repetition{note}; quiet")
