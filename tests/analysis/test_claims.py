"""The claims table on a frozen run and its variants: tests/fixtures/turin-2pu-vm.json
(the full run of turin-2pu-vm of 2026-11-30T18:54, cut to what the claims
read), whose every claim holds but C4 (its process models' forks dominate
their jobs) and C7 (a cross-PU process switch too noisy to judge); the rows
a claim needs taken away or errored, which leaves it "not measured" with a
reason naming what is missing; counters that show the wrong semantics;
figures moved across a bar or spread across it; too few repetitions; a busy,
quiet or unrecorded load; forks that dominate a job; a starved probe; the
break-even of the granularity family; and the rows older runs wrote as
analysis (knees, break-evens), which change nothing."""
import json
import pathlib
import re

import pytest

from analysis.claims import evaluate
from analysis.machine import machine_load
from analysis.results import results_problem, table

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "turin-2pu-vm.json"
NOT_RECORDED = "the machine's load was not recorded (no noise/over_run row)"


# ---- variants of a run: each a change of its list of benchmarks --------------

def without(pattern):
    """The rows whose names match pattern, taken away."""
    return lambda rows: [r for r in rows if not re.search(pattern, r["run_name"])]


def errored(pattern):
    """The rows whose names match pattern, errored as Google Benchmark writes a failed run."""
    def failed(row):
        kept = {k: row[k] for k in ("name", "run_name", "run_type", "repetitions", "repetition_index", "threads",
                                    "time_unit")}
        return {**kept, "iterations": 0, "real_time": 0, "cpu_time": 0, "error_occurred": True,
                "error_message": "boom"}
    return changed(pattern, failed)


def changed(pattern, change):
    """The rows whose names match pattern, each as change(row) gives it."""
    return lambda rows: [change(dict(r)) if re.search(pattern, r["run_name"]) else r for r in rows]


def setting(**counters):
    return lambda row: {**row, **counters}


def dropping(*counters):
    return lambda row: {k: v for k, v in row.items() if k not in counters}


def added(make):
    """Rows added: make(rows) gives them."""
    return lambda rows: rows + make(rows)


def noise(others_cpu_pus, steal_share, runnable):
    """The noise family's row, one per repetition, showing that load."""
    name = "noise/over_run/iterations:1/real_time"
    return added(lambda rows: [
        {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 5, "repetition_index": i,
         "threads": 1, "iterations": 1, "real_time": 600, "cpu_time": 1, "time_unit": "s",
         "others_cpu_pus": others_cpu_pus, "steal_share": steal_share, "runnable_others_before": runnable,
         "runnable_others_after": runnable, "load_avg_1m_before": 1, "load_avg_1m_after": 1, "pus": 2, "run_s": 600}
        for i in range(5)])


BUSY, QUIET, STOLEN = noise(0.98, 0.002, 1), noise(0.01, 0, 0), noise(0, 0.2, 0)


def granularity(speedups):
    """The granularity family's rows: seq at 1000 tasks/s at every duration,
    each model at its speedups, 5 repetitions each."""
    def rows(_):
        made = []
        for model, by_duration in {"seq": {d: 1 for d in speedups["process"]}, **speedups}.items():
            for task_us, speedup in by_duration.items():
                name = f"granularity/cpu_int/{model}/task_us:{task_us}/real_time"
                made += [{"name": name, "run_name": name, "run_type": "iteration", "repetitions": 5,
                          "repetition_index": i, "threads": 1, "iterations": 1, "real_time": 10, "cpu_time": 1,
                          "time_unit": "ms", "items_per_second": 1000 * speedup} for i in range(5)]
        return made
    return added(rows)


def old_break_even_rows(rows):
    """The rows runs before the analysis took over wrote for each model's break-even."""
    made = []
    for model, counters in (("process_pool", {"break_even_us": 5000}), ("process", {"break_even_us": 0, "above_range": 1})):
        name = f"granularity/cpu_int/{model}/break_even/iterations:1/real_time"
        made += [{"name": name, "run_name": name, "run_type": "iteration", "repetitions": 5, "repetition_index": i,
                  "iterations": 1, "real_time": 1, "cpu_time": 1, "time_unit": "s", **counters} for i in range(5)]
    return rows + made


def knee_rows(rows):
    """The scaling family's knee rows older runs wrote, which are no points."""
    knee = "scaling/cpu_int/thread/none/knee/iterations:1/real_time"
    return rows + [{k: v for k, v in {**r, "run_name": knee, "name": knee, "knee_workers": 2}.items()
                    if k != "items_per_second"}
                   for r in rows if r["run_name"].startswith("scaling/cpu_int/thread/none/workers:2/")]


def probe_variant(rows):
    """A timeslice series at another priority, with figures that would fail."""
    return rows + [{**r, "run_name": r["run_name"].replace("/pus:2/", "/pus:2/probe:fifo/"),
                    "name": r["run_name"].replace("/pus:2/", "/pus:2/probe:fifo/"), "probe_p99_us": 1, "fairness": 0.1}
                   for r in rows if r["run_name"].startswith("timeslice/thread/")]


def paired_row(workload, model, workers, speedup, lo, hi, bar, others=0.05, share=0.01, **fields):
    """A paired family's row: its speedup and interval over 5 pairs in half
    a second, against bar, with other work keeping `others` PUs busy."""
    name = f"paired/{workload}/{model}/none/workers:{workers}/iterations:1/repeats:1/real_time"
    counters = {"speedup": speedup, "speedup_lo": lo, "speedup_hi": hi, "pairs": 5, "sampling_s": 0.5,
                "decided": 1, "bar": bar, "others_cpu_pus": others, "workers": workers, "tasks": 8,
                "task_us": 1000, "fixed_cost_share": share, **fields}
    return {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1, "repetition_index": 0,
            "threads": 1, "iterations": 1, "real_time": 0.5, "cpu_time": 0.1, "time_unit": "s", **counters}


def paired(*rows):
    return added(lambda _: list(rows))


# The paired family's four rows on a quiet 2-PU machine, each decided.
PAIRED_THREAD = paired_row("cpu_int", "thread", 2, 1.9, 1.85, 1.95, 1.4)
PAIRED_GIL = paired_row("cpu_int", "gil", 2, 0.95, 0.9, 1.0, 1.2)
PAIRED_POOL = paired_row("cpu_int", "process_pool", 2, 1.8, 1.7, 1.9, 1.2)
PAIRED_IO = paired_row("timer", "gil", 8, 7.5, 7.2, 7.8, 4)
PAIRED = paired(PAIRED_THREAD, PAIRED_GIL, PAIRED_POOL, PAIRED_IO)
# The thread model flat at 2 PUs, with 1.7 or 1.1 PUs free while it sampled.
PAIRED_FLAT = {"speedup": 1.0, "speedup_lo": 0.95, "speedup_hi": 1.05}
PAIRED_THREAD_FLAT = paired(PAIRED_GIL, PAIRED_POOL, PAIRED_IO,
                            {**PAIRED_THREAD, **PAIRED_FLAT, "others_cpu_pus": 0.3})
PAIRED_THREAD_SHORT = paired(PAIRED_GIL, PAIRED_POOL, PAIRED_IO,
                             {**PAIRED_THREAD, **PAIRED_FLAT, "others_cpu_pus": 0.9})
FEW = lambda rows: [r for r in rows if r["repetition_index"] < 3]  # noqa: E731


def twin_row(channel, where, ratio, lo, hi, pairs=40):
    """A paired switch twin: a process switch over its thread twin's."""
    name = f"paired/ctxswitch/{channel}/{where}/iterations:1/repeats:1/real_time"
    speedup_only = ("speedup", "speedup_lo", "speedup_hi", "workers", "tasks", "task_us", "fixed_cost_share")
    return {**{k: v for k, v in paired_row("x", "x", 1, 1, 1, 1, 0.9).items() if k not in speedup_only},
            "name": name, "run_name": name, "ratio": ratio, "ratio_lo": lo, "ratio_hi": hi, "pairs": pairs,
            "rounds": 64}


def life_row(heavier, lighter, ratio, lo, hi):
    """A paired life over a lighter one's."""
    made = twin_row("x", "x", ratio, lo, hi, pairs=5)
    name = f"paired/spawn/{heavier}/{lighter}/iterations:1/repeats:1/real_time"
    return {**made, "name": name, "run_name": name, "bar": 1}


def cost_row(tail, ratio, lo, hi, bar):
    """A paired cost, paired/<tail>, over another's."""
    made = twin_row("x", "x", ratio, lo, hi, pairs=5)
    name = f"paired/{tail}/iterations:1/repeats:1/real_time"
    return {**made, "name": name, "run_name": name, "bar": bar}


def throughput_row(kind, ratio, lo, hi):
    """The paired throughput of a kind's most spinners over its fewest's."""
    made = twin_row("x", "x", ratio, lo, hi, pairs=5)
    name = f"paired/timeslice/{kind}/iterations:1/repeats:1/real_time"
    return {**made, "name": name, "run_name": name, "bar": 0.8, "upper_bar": 1.25}


def twins(cross_pu_pipe):
    """All four twins decided above 0.9 but the cross-PU pipe's, as given."""
    return paired(twin_row("futex", "same_pu", 1.24, 1.2, 1.28), twin_row("futex", "cross_pu", 1.0, 0.95, 1.05),
                  twin_row("pipe", "same_pu", 1.15, 1.13, 1.18), twin_row("pipe", "cross_pu", *cross_pu_pipe))

SEMANTICS = "^semantics/"
THREADS_AT_PUS = "^scaling/cpu_int/thread/(compact|none|scatter)/workers:2/"
THREADS_FLAT = changed(THREADS_AT_PUS, setting(items_per_second=1000))
FORKS_SMALL = changed("^scaling/cpu_int/process_pool/", setting(fixed_cost_share=0.01))
FORKS_SMALL_PROCESS = changed("^scaling/cpu_int/process/", setting(fixed_cost_share=0.01))
PROBE_STARVED = changed("^timeslice/.*/spinners:128/", setting(probe_wakeups=4, probe_shortfall=996, probe_p999_us=1))
CHILD_WRITE_SEEN = changed("^semantics/memory/", setting(child_write_seen=1))

# Each variant of the frozen run: the changes made to its benchmarks, in turn.
VARIANTS = {
    "turin": [],
    "no_memory": [without("^semantics/memory/")],
    "memory_errored": [errored("^semantics/memory/")],
    "no_thread_timeslice": [without("^timeslice/thread/")],
    "timeslice_errored": [errored("^timeslice/.*/spinners:128/")],
    "no_fairness": [changed("^timeslice/", dropping("fairness"))],
    "no_top_throughput": [changed("^timeslice/.*/spinners:128/", dropping("steps_per_second"))],
    "no_p99": [changed("^timeslice/process/", dropping("probe_p99_us"))],
    "no_p99_at_fewest": [changed("^timeslice/process/pus:2/spinners:2/", dropping("probe_p99_us"))],
    "one_end": [without("^timeslice/.*/spinners:([4-9]|[0-9]{2,})/")],
    "one_row": [without("^timeslice/.*/spinners:([4-9]|[0-9]{2,})/"),
                lambda rows: [r for r in rows if not r["run_name"].startswith("timeslice/") or r["repetition_index"] == 0]],
    "flat_latency": [changed("^timeslice/thread/.*/spinners:128/", setting(probe_p99_us=100))],
    "falling_throughput": [changed("^timeslice/thread/.*/spinners:128/",
                                   lambda r: {**r, "steps_per_second": r["steps_per_second"] / 2})],
    "unfair": [changed("^timeslice/process/.*/spinners:128/", setting(fairness=0.2))],
    "no_threads_at_pus": [without("^scaling/cpu_int/thread/[a-z]+/workers:2/")],
    "threads_at_pus_errored": [errored("^scaling/cpu_int/thread/[a-z]+/workers:2/")],
    "seq_errored": [errored("^scaling/cpu_int/seq/")],
    "cpu_scaling_errored": [errored("^scaling/cpu_int/")],
    "gil_one_worker": [without("^scaling/cpu_int/gil/[a-z]+/workers:[2-9]/")],
    "gil_errored": [errored("^scaling/cpu_int/gil/[a-z]+/workers:[2-9]/")],
    "no_process_models": [without("^scaling/cpu_int/process")],
    "io_gil_to_pus": [without("^scaling/timer/gil/[a-z]+/workers:[3-9]/")],
    "io_gil_errored": [errored("^scaling/timer/gil/[a-z]+/workers:[3-9]/")],
    # A CPython row of the IO workload failed, where the scaling family ran no IO workload.
    "io_only_failed_in_cpython": [without("^scaling/timer/"), added(lambda rows: [
        {"name": "cpython/timer/threading/workers:2/real_time", "run_name": "cpython/timer/threading/workers:2/real_time",
         "run_type": "iteration", "repetitions": 1, "repetition_index": 0, "threads": 1, "iterations": 0,
         "real_time": 0, "cpu_time": 0, "time_unit": "ms", "error_occurred": True, "error_message": "boom"}])],
    "no_thread_waiters": [without("^waiters/thread/")],
    "thread_waiters_errored": [errored("^waiters/thread/waiters:10000/")],
    "no_waiter_memory": [changed("^waiters/", dropping("rss_bytes_per_waiter"))],
    "few_waits": [without("^waiters/coroutine/.*/waiters:[0-9]{5,}/")],
    "more_waiter_counters": [changed("^waiters/", setting(page_faults_per_waiter=0, work_ns_per_waiter=500))],
    "no_coroutine_switch": [without("^switch/ping_pong/")],
    "coroutine_switch_errored": [errored("^switch/ping_pong/")],
    "no_ctxswitch_pairs": [without("^ctxswitch/(futex|pipe)/")],
    "no_lives": [without("^(ctxswitch/spawn|overhead|switch/create_destroy)/")],
    "spawn_errored": [errored("^ctxswitch/spawn/thread/")],
    "no_ipc_lists": [without("^ipc/list/")],
    "ipc_list_errored": [errored("^ipc/list/manager/set/")],
    "no_condition_check": [without("^semantics/condition/")],
    "lock_check_errored": [errored("^semantics/lock/")],
    "no_notify_counter": [changed("^semantics/condition/", dropping("notify_released"))],
    "no_pool": [without("^overhead/pool/")],
    "pool_errored": [errored("^overhead/pool/")],
    "all_errored": [errored(".")],
    "child_write_seen": [CHILD_WRITE_SEEN],
    "lock_admits_two": [changed("^semantics/lock/", setting(lock_admitted=2))],
    "over_release_accepted": [changed("^semantics/bounded_semaphore/", setting(semaphore_over_release_refused=0))],
    "notify_releases_all": [changed("^semantics/condition/", setting(notify_released=4, notify_still_waiting=0))],
    "event_releases_one": [changed("^semantics/event/", setting(event_released=1))],
    "rlock_no_reentry": [changed("^semantics/rlock/", setting(rlock_depth=1))],
    "few_repetitions": [lambda rows: [r for r in rows if r["repetition_index"] < 3]],
    "turin_busy": [BUSY],
    "turin_quiet": [QUIET],
    "turin_stolen": [STOLEN],
    # The thread model at as many workers as PUs: flat (decidedly short of
    # 1.4x), or spread so widely over the repetitions that 1.4x is inside.
    "threads_flat": [THREADS_FLAT],
    "threads_spread": [changed(THREADS_AT_PUS, lambda r: {**r, "items_per_second": 1300 + 300 * r["repetition_index"]})],
    "threads_flat_busy": [THREADS_FLAT, BUSY],
    "threads_flat_quiet": [THREADS_FLAT, QUIET],
    # A pool task's cost spread across half a thread's.
    "pool_spread": [changed("^overhead/pool/",
                            lambda r: {**r, "real_time": 20000 + 2000 * r["repetition_index"], "time_unit": "ns"})],
    # The process models with the fixed costs the scaling family measures:
    # small (they judge C4), large (they cannot), large but passing anyway;
    # and old results with nothing to estimate them from.
    "forks_small": [FORKS_SMALL],
    "forks_large": [changed("^scaling/cpu_int/process", setting(fixed_cost_share=0.2))],
    "forks_small_busy": [FORKS_SMALL, BUSY],
    "forks_large_passing": [changed("^scaling/cpu_int/process_pool/",
                                    lambda r: {**r, "fixed_cost_share": 0.3, "items_per_second": 2 * r["items_per_second"]})],
    "forks_unknown": [without("^ctxswitch/spawn/process/")],
    # The granularity family: process_pool pays from between 1 and 10 ms,
    # process at no duration measured.
    "break_even": [granularity({"process": {1000: 0.2, 10000: 0.5, 100000: 0.9},
                                "process_pool": {1000: 0.5, 10000: 2, 100000: 2}})],
    "old_break_even": [old_break_even_rows],
    "knees": [knee_rows],
    # The timeslice probe starved at the most spinners: its p99 untrusted,
    # but its median there still decides; then a median that does not.
    "probe_starved": [PROBE_STARVED],
    "probe_starved_close": [PROBE_STARVED, changed("^timeslice/.*/spinners:128/", setting(probe_p50_us=150))],
    "probe_fifo": [probe_variant],
    "child_write_seen_busy": [CHILD_WRITE_SEEN, BUSY],
    # The paired family beside a quick run's three repetitions: its figures
    # decide where the curves' cannot; held to the PUs they had, not voided
    # by a busy run; a row without its counters left to the curves.
    "paired_few": [FEW, PAIRED],
    "paired_thread_flat_busy": [PAIRED_THREAD_FLAT, BUSY],
    "paired_thread_short_busy": [PAIRED_THREAD_SHORT, BUSY],
    "paired_thread_short_quiet": [PAIRED_THREAD_SHORT, QUIET],
    "paired_gil_fast_busy": [paired({**PAIRED_GIL, "speedup": 1.5, "speedup_lo": 1.4, "speedup_hi": 1.6},
                                    PAIRED_POOL), BUSY],
    "paired_pool_short": [FEW, paired(PAIRED_GIL, {**PAIRED_POOL, **PAIRED_FLAT, "others_cpu_pus": 1.0})],
    # process unpaired (3 repetitions, too few) beside process_pool paired:
    # the paired figure alone decides.
    "paired_pool_short_beside_process": [FEW, FORKS_SMALL_PROCESS,
                                         paired(PAIRED_GIL, {**PAIRED_POOL, **PAIRED_FLAT, "others_cpu_pus": 1.0})],
    "paired_pool_flat": [FEW, paired(PAIRED_GIL, {**PAIRED_POOL, **PAIRED_FLAT, "others_cpu_pus": 0.1})],
    "paired_pool_forks": [FEW, paired(PAIRED_GIL, {**PAIRED_POOL, **PAIRED_FLAT, "fixed_cost_share": 0.3})],
    "paired_io_short": [paired({**PAIRED_IO, "speedup": 3.0, "speedup_lo": 2.9, "speedup_hi": 3.1}), BUSY],
    "paired_io_noisy": [paired({**PAIRED_IO, "speedup": 4.2, "speedup_lo": 3.5, "speedup_hi": 4.9, "decided": 0,
                                "pairs": 60, "sampling_s": 6.1})],
    "paired_undecided_few": [FEW, paired({k: v for k, v in PAIRED_THREAD.items()
                                          if k not in ("speedup_lo", "speedup_hi")} | {"pairs": 1})],
    "paired_without_counters": [paired({k: v for k, v in PAIRED_THREAD.items() if k != "speedup"})],
    # C7's switch twins paired: deciding where the turin run's were too
    # noisy; below the bar on a busy run; straddling it.
    "paired_twins": [twins((1.01, 0.95, 1.06))],
    "paired_twin_low_busy": [twins((0.7, 0.65, 0.75)), BUSY],
    "paired_twin_noisy": [twins((0.95, 0.8, 1.1))],
    # C2's throughput paired: within its bars (holds where the curves were
    # too noisy), or past the upper one: on a quiet run it does not hold;
    # on a busy one the load raises it (inconclusive).
    "paired_throughput": [paired(throughput_row("thread", 1.05, 1.0, 1.1), throughput_row("process", 1.1, 1.05, 1.15))],
    "paired_throughput_high_busy": [paired(throughput_row("thread", 1.33, 1.3, 1.35),
                                           throughput_row("process", 1.1, 1.05, 1.15)), BUSY],
    "paired_throughput_high_quiet": [paired(throughput_row("thread", 1.33, 1.3, 1.35),
                                            throughput_row("process", 1.1, 1.05, 1.15)), QUIET],
    # The lives paired as well: a thread's life no heavier than a
    # coroutine's decides on a busy run.
    "paired_lives_busy": [twins((1.01, 0.95, 1.06)), BUSY,
                          paired(life_row("process", "thread", 20, 18, 23), life_row("thread", "coroutine", 0.9, 0.8, 0.95))],
    # A thread switch paired with a coroutine switch, a manager's list
    # operation with shared memory's, the pool's task with a thread per
    # task's: each decides on a busy run, where the rows measured apart
    # could not.
    "paired_thread_switch_low_busy": [twins((1.01, 0.95, 1.06)), BUSY,
                                      paired(cost_row("thread_switch/futex/same_pu", 0.8, 0.7, 0.9, 1))],
    "paired_list_slow_busy": [BUSY, paired(cost_row("list/set", 0.9, 0.8, 0.95, 1))],
    "paired_lists": [paired(cost_row("list/set", 3000, 1300, 7000, 1), cost_row("list/append", 3100, 3000, 8000, 1))],
    "paired_pool_dear_busy": [BUSY, paired(cost_row("overhead/pool/thread", 0.8, 0.7, 0.9, 0.5))],
    "paired_pool_cheap": [paired(cost_row("overhead/pool/thread", 0.01, 0.005, 0.02, 0.5))],
    # Every pair void (a side measured nothing each time): the paired row
    # gives no figure, and the check says so rather than read the rows
    # measured apart.
    "paired_pool_void": [paired({k: v for k, v in cost_row("overhead/pool/thread", 1, 1, 1, 0.5).items()
                                 if not k.startswith("ratio")} | {"pairs": 0, "decided": 0, "void_pairs": 40})],
}


@pytest.fixture(scope="session")
def turin_document():
    return json.loads(FIXTURE.read_text())


def variant(document, name) -> dict:
    rows = document["benchmarks"]
    for change in VARIANTS[name]:
        rows = change(rows)
    return {"context": document["context"], "benchmarks": rows}


@pytest.fixture(scope="session")
def claims_of(turin_document):
    """name -> the claims of that variant, by id, each evaluated once."""
    made = {}

    def claims(name):
        if name not in made:
            results = table(variant(turin_document, name))
            made[name] = {c["id"]: c for c in evaluate(results, machine_load(results))}
        return made[name]
    return claims


# ---- verdicts and the words that say why -------------------------------------

# (claim, variant, verdict, words its reason holds)
VERDICTS = [
    # each claim's rows, missing or errored
    ("C1", "no_memory", "not measured", "semantics/memory is not in the results"),
    ("C1", "memory_errored", "not measured", "1 semantics row errored: semantics/memory/iterations:1 (boom)"),
    ("C2", "no_thread_timeslice", "not measured", "no thread series ran in the timeslice family"),
    ("C2", "timeslice_errored", "not measured",
     "2 timeslice rows errored: timeslice/process/pus:2/spinners:128 (boom), timeslice/thread/pus:2/spinners:128 (boom)"),
    ("C2", "no_fairness", "not measured", "timeslice/process/pus:2 has no fairness counter at 2 spinners"),
    ("C2", "no_top_throughput", "not measured", "has no throughput counter at 128 spinners"),
    ("C2", "no_p99", "not measured", "timeslice/process/pus:2 has no p99 latency counter at 2 spinners"),
    ("C2", "no_p99_at_fewest", "not measured", "timeslice/process/pus:2 has no p99 latency counter at 2 spinners"),
    ("C2", "one_end", "not measured", "timeslice/process/pus:2 ran at 2 spinners only"),
    ("C2", "one_row", "not measured", "timeslice/process/pus:2 ran at 2 spinners only"),
    ("C3", "no_threads_at_pus", "not measured", "the thread model did not run cpu_int at 2 workers (= PUs)"),
    ("C3", "threads_at_pus_errored", "not measured",
     "3 thread rows errored: scaling/cpu_int/thread/compact/workers:2 (boom)"),
    ("C3", "seq_errored", "not measured", "1 seq row errored: scaling/cpu_int/seq/none/workers:1 (boom)"),
    # a workload whose every row failed still ran: its errors are the reason
    ("C3", "cpu_scaling_errored", "not measured", "1 seq row errored: scaling/cpu_int/seq/none/workers:1 (boom)"),
    ("C4", "seq_errored", "not measured", "1 seq row errored"),
    ("C4", "gil_one_worker", "not measured", "the gil model ran at 1 worker only on cpu_int (other than single)"),
    ("C4", "gil_errored", "not measured", "9 gil rows errored: scaling/cpu_int/gil/compact/workers:2 (boom), "
     "scaling/cpu_int/gil/compact/workers:3 (boom), scaling/cpu_int/gil/compact/workers:4 (boom), "
     "scaling/cpu_int/gil/none/workers:2 (boom) and 5 more"),
    ("C4", "no_process_models", "not measured", "process and process_pool did not run on cpu_int"),
    ("C5", "io_gil_to_pus", "not measured", "the gil model ran timer with at most 2 workers, not past the 2 PUs"),
    ("C5", "io_gil_errored", "not measured", "6 gil rows errored"),
    ("C5", "io_only_failed_in_cpython", "not measured", "no IO-bound workload ran in the scaling family"),
    ("C6", "no_thread_waiters", "not measured", "no thread series to compare memory with"),
    ("C6", "thread_waiters_errored", "not measured", "1 waiters row errored: waiters/thread/waiters:10000 (boom)"),
    ("C6", "no_waiter_memory", "not measured", "the coroutine rows at 10000 waits have no memory counter"),
    ("C6", "few_waits", "not measured", "the coroutine series went only to 1000 waits; the rule needs 10,000 or more"),
    ("C6", "more_waiter_counters", "holds", "each lighter than a thread's"),
    ("C7", "no_coroutine_switch", "not measured", "no coroutine switch was timed (switch/ping_pong)"),
    ("C7", "coroutine_switch_errored", "not measured", "3 coroutine switch rows errored"),
    ("C7", "no_ctxswitch_pairs", "not measured", "no thread and process switches alike"),
    ("C7", "no_lives", "not measured", "neither ctxswitch/spawn nor the overhead and switch families"),
    ("C8", "no_ipc_lists", "not measured", "no shared-memory and manager rows alike"),
    ("C8", "ipc_list_errored", "not measured", "1 ipc row errored: ipc/list/manager/set (boom)"),
    ("C9", "no_condition_check", "not measured", "semantics/condition is not in the results"),
    ("C9", "lock_check_errored", "not measured", "1 semantics row errored: semantics/lock/iterations:1 (boom)"),
    ("C9", "no_notify_counter", "not measured", "semantics/condition has no notify_released counter"),
    ("C10", "no_pool", "not measured", "did not price both pool and thread tasks"),
    ("C10", "pool_errored", "not measured", "1 overhead row errored: overhead/pool/workers:2 (boom)"),
    # figures that miss a rule, counters that show the wrong semantics
    ("C2", "flat_latency", "does not hold", "in timeslice/thread/pus:2 the probe's p99 grew less than twofold"),
    ("C2", "falling_throughput", "does not hold", "in timeslice/thread/pus:2 throughput went outside 0.8 to 1.25 x"),
    ("C2", "unfair", "does not hold",
     "in timeslice/process/pus:2 fairness at 128 spinners fell below 0.5: 0.2 (0.2 to 0.2, 5 repetitions)"),
    ("C1", "child_write_seen", "does not hold", "the parent's reads do not show the separation"),
    ("C9", "lock_admits_two", "does not hold", "semantics/lock did not keep Python's semantics"),
    ("C9", "over_release_accepted", "does not hold", "semantics/bounded_semaphore did not keep"),
    ("C9", "notify_releases_all", "does not hold", "semantics/condition did not keep"),
    ("C9", "event_releases_one", "does not hold", "semantics/event did not keep"),
    ("C9", "rlock_no_reentry", "does not hold", "semantics/rlock did not keep"),
    # intervals, load and fixed costs
    ("C4", "turin", "inconclusive", "fixed costs dominate the job: every process point spent more than 5% of its "
     "job on fixed costs (7.54% to 57.2%, estimated from one process's life, 1.72 ms, and 16 tasks per job); the "
     "best, process_pool/none, 2 workers, reached 1.14x (1.12x to 1.19x, 5 repetitions)"),
    ("C7", "turin", "inconclusive", "too noisy: ctxswitch/futex/*/cross_pu: a process switch against 0.9 x its "
     "thread twin, 0.711x (0.639x to 1.33x, 5 repetitions)"),
    ("C3", "turin", "holds", "thread/none reaches 1.72x (1.67x to 1.75x, 5 repetitions) at 2 workers"),
    ("C3", "few_repetitions", "inconclusive", "too few samples: the thread model 0.7 x 2 = 1.4x at 2 workers: "
     "compact 1.52x (3 repetitions, too few for an interval), none 1.72x"),
    ("C2", "few_repetitions", "inconclusive", "too few samples: in timeslice/process/pus:2 the probe's p99 grew "
     "273x (3 repetitions, too few for an interval) against twofold"),
    ("C6", "few_repetitions", "inconclusive", "too few samples: at 10000 waits a coroutine waiter cost against a "
     "thread: 0.122x (3 repetitions, too few for an interval)"),
    ("C10", "few_repetitions", "inconclusive", "too few samples"),
    ("C1", "few_repetitions", "holds", "the child's write stayed in the child"),
    ("C3", "threads_flat", "does not hold", "no placement of the thread model reached 0.7 x 2 = 1.4x at 2 workers: "
     "compact 1.02x (1.01x to 1.03x, 5 repetitions)"),
    ("C3", "threads_spread", "inconclusive", "too noisy: the thread model 0.7 x 2 = 1.4x at 2 workers: compact "
     "1.93x (1.31x to 2.57x, 5 repetitions)"),
    ("C10", "pool_spread", "inconclusive", "too noisy: a task in the pool cost against half of one with a thread "
     "per task: 0.493x (0.385x to 0.651x, 5 repetitions)"),
    ("C3", "threads_flat_busy", "inconclusive", "the machine was busy: no placement of the thread model reached "
     "0.7 x 2 = 1.4x"),
    ("C3", "threads_flat_busy", "inconclusive", "; the machine was busy (other tasks kept 0.98 PUs busy on "
     "average, steal 0.2%, 1 other tasks runnable before or after)"),
    ("C5", "threads_flat_busy", "holds", "gil/scatter reaches 3.19x (3.08x to 3.31x, 5 repetitions) with 4 workers "
     "on 2 PUs, at least 0.5 x 4 = 2x"),
    ("C3", "threads_flat_quiet", "does not hold", "the machine was quiet (other tasks kept 0.01 PUs busy on "
     "average, steal 0%"),
    ("C3", "turin_stolen", "holds", "the machine was busy (other tasks kept 0 PUs busy on average, steal 20%"),
    ("C4", "turin_busy", "inconclusive", "fixed costs dominate the job"),
    ("C1", "child_write_seen_busy", "does not hold", "the parent's reads do not show the separation"),
    ("C4", "forks_small", "does not hold", "no process model with fixed costs of 5% or less passed 1.2x (best "
     "1.14x (1.12x to 1.19x, 5 repetitions), process_pool/none, 2 workers, 1% fixed costs)"),
    ("C4", "forks_large", "inconclusive", "fixed costs dominate the job: every process point spent more than 5% "
     "of its job on fixed costs (20% to 20%); the best"),
    ("C4", "forks_small_busy", "inconclusive", "the machine was busy: no process model with fixed costs of 5% or "
     "less passed 1.2x"),
    ("C4", "forks_large_passing", "holds", "GIL threads stayed at or below 0.897x (0.888x to 0.912x, 5 repetitions) "
     "while process_pool reached 2.29x"),
    ("C4", "forks_unknown", "inconclusive", "fixed costs not measured: no process model passed 1.2x"),
    ("C2", "probe_starved", "holds", "in every series the probe's p99 grew at least twofold"),
    # paired figures
    ("C3", "paired_few", "holds", "thread/none reaches 1.9x (1.85x to 1.95x, 5 pairs) at 2 workers"),
    ("C4", "paired_few", "holds", "GIL threads stayed at or below 0.95x (0.9x to 1x, 5 pairs) while "
     "process_pool reached 1.8x"),
    ("C5", "paired_few", "holds", "gil/none reaches 7.5x (7.2x to 7.8x, 5 pairs) with 8 workers on 2 PUs, "
     "at least 0.5 x 8 = 4x"),
    ("C3", "paired_thread_flat_busy", "does not hold", "no placement of the thread model reached 0.7 x 2 = 1.4x at "
     "2 workers: none 1x (0.95x to 1.05x, 5 pairs) (1.7 of 2 PUs free while sampling)"),
    ("C3", "paired_thread_short_busy", "inconclusive", "other work left too few PUs free: the thread model 0.7 x 2 = "
     "1.4x at 2 workers: none 1x (0.95x to 1.05x, 5 pairs) (1.1 of 2 PUs free while sampling)"),
    ("C3", "paired_thread_short_quiet", "inconclusive", "other work left too few PUs free"),
    ("C4", "paired_gil_fast_busy", "does not hold", "the gil model reached 1.5x (1.4x to 1.6x, 5 pairs) "
     "(gil/none, 2 workers, paired, 0.5 s of sampling): above 1.2, so it did not serialise"),
    ("C4", "paired_pool_short", "inconclusive", "other work left too few PUs free: the process models with fixed "
     "costs of 5% or less against 1.2x (best 1x (0.95x to 1.05x, 5 pairs), process_pool/none, 2 workers, "
     "paired, 0.5 s of sampling, 1% fixed costs) (1 of 2 PUs free while sampling)"),
    ("C4", "paired_pool_short_beside_process", "inconclusive", "other work left too few PUs free"),
    ("C4", "paired_pool_flat", "does not hold", "no process model with fixed costs of 5% or less passed 1.2x"),
    ("C4", "paired_pool_forks", "inconclusive", "fixed costs dominate the job"),
    ("C5", "paired_io_short", "does not hold", "the gil model at 0.5 x its workers or more, past the 2 PUs: none 8: "
     "3x (2.9x to 3.1x, 5 pairs)"),
    ("C5", "paired_io_noisy", "inconclusive", "too noisy: the gil model at 0.5 x its workers or more, past the 2 "
     "PUs: none 8: 4.2x (3.5x to 4.9x, 60 pairs)"),
    ("C3", "paired_undecided_few", "inconclusive", "too few samples"),
    ("C7", "paired_twins", "holds", "process switches cost 1 to 1.24 x their thread twins"),
    ("C7", "paired_twin_low_busy", "does not hold", "ctxswitch/pipe/*/cross_pu: a process switch cost over 10% less "
     "than its thread twin, 0.7x (0.65x to 0.75x, 40 pairs) (paired, 0.5 s of sampling)"),
    ("C2", "paired_throughput", "holds", "in every series the probe's p99 grew at least twofold"),
    ("C2", "paired_throughput_high_busy", "inconclusive", "the machine was busy: in timeslice/thread/pus:2 throughput "
     "went outside 0.8 to 1.25 x: 1.33x (1.3x to 1.35x, 5 pairs) (paired, 0.5 s of sampling)"),
    ("C2", "paired_throughput_high_quiet", "does not hold", "in timeslice/thread/pus:2 throughput went outside 0.8 to "
     "1.25 x: 1.33x (1.3x to 1.35x, 5 pairs)"),
    ("C7", "paired_lives_busy", "does not hold", "one thread's life over one coroutine's: not above 1x, 0.9x (0.8x "
     "to 0.95x, 5 pairs) (paired, 0.5 s of sampling)"),
    ("C7", "paired_thread_switch_low_busy", "does not hold", "ctxswitch/futex/*/same_pu's thread switch over a "
     "coroutine switch on the thread's own backend: not above 1x, 0.8x (0.7x to 0.9x, 5 pairs) (paired, 0.5 s of "
     "sampling)"),
    ("C8", "paired_list_slow_busy", "does not hold", "ipc/list/*/set: shared_list was not faster than the manager, "
     "manager over shared_list 0.9x (0.8x to 0.95x, 5 pairs) (paired, 0.5 s of sampling)"),
    ("C8", "paired_lists", "holds", "shared memory was faster in all 2 comparisons, by 3000x to 3100x"),
    ("C10", "paired_pool_dear_busy", "does not hold", "a task in the pool cost more than half of one with a thread "
     "per task: 0.8x (0.7x to 0.9x, 5 pairs) (paired, 0.5 s of sampling)"),
    ("C10", "paired_pool_cheap", "holds", "(pool over thread 0.01x (0.005x to 0.02x, 5 pairs) (paired, 0.5 s of "
     "sampling))"),
    ("C10", "paired_pool_void", "inconclusive", "too few samples: a task in the pool cost against half of one with "
     "a thread per task: no figure (0 pairs) (paired, 0.5 s of sampling, 40 void pairs)"),
    ("C7", "paired_twin_noisy", "inconclusive", "too noisy: ctxswitch/pipe/*/cross_pu: a process switch against 0.9 x "
     "its thread twin, 0.95x (0.8x to 1.1x, 40 pairs) (paired, 0.5 s of sampling)"),
    ("C3", "paired_without_counters", "holds", "thread/none reaches 1.72x (1.67x to 1.75x, 5 repetitions)"),
    ("C2", "probe_starved_close", "inconclusive", "too few samples: in timeslice/process/pus:2 the probe woke 4 "
     "times at 128 spinners, short of 1,000, too few for its p99"),
    ("C2", "probe_fifo", "holds", "in every series the probe's p99 grew at least twofold"),
]


@pytest.mark.parametrize("claim_id, name, verdict, words", VERDICTS)
def test_verdict_and_reason(claims_of, claim_id, name, verdict, words):
    claim = claims_of(name)[claim_id]
    assert (claim["verdict"], words in claim["reason"]) == (verdict, True), claim["reason"]


def test_c7_shows_each_paired_weight_among_its_figures(claims_of):
    figures = claims_of("paired_thread_switch_low_busy")["C7"]["figures"]
    assert ("ctxswitch/futex/*/same_pu's thread switch over a coroutine switch on the thread's own backend: 0.8x "
            "(0.7x to 0.9x, 5 pairs) (paired, 0.5 s of sampling)") in figures
    assert not any("life over" in f for f in figures)  # the lives were not paired in this run


def test_frozen_run_verdicts(claims_of):
    claims = claims_of("turin").values()
    assert [c["verdict"] for c in claims] == ["holds"] * 3 + ["inconclusive"] + ["holds"] * 2 + ["inconclusive"] \
        + ["holds"] * 3
    assert [c["cause"] for c in claims if c["verdict"] == "inconclusive"] == ["fixed costs dominate the job",
                                                                               "too noisy"]
    assert all(c["figures"] for c in claims)


def test_cause_only_when_inconclusive(claims_of):
    for name in ("turin", "few_repetitions", "threads_flat_busy", "all_errored", "forks_small"):
        for claim in claims_of(name).values():
            assert (claim["cause"] is not None) == (claim["verdict"] == "inconclusive"), (name, claim["id"])


def test_every_reason_ends_with_the_load(claims_of):
    assert all(c["reason"].endswith("; " + NOT_RECORDED) for c in claims_of("turin").values())
    assert all(c["reason"].endswith("steal 0.2%, 1 other tasks runnable before or after)")
               for c in claims_of("turin_busy").values())


def test_every_row_errored_leaves_every_claim_not_measured(claims_of):
    assert {c["verdict"] for c in claims_of("all_errored").values()} == {"not measured"}


def test_an_errored_spawn_row_leaves_c7_to_the_overhead_and_switch_families(claims_of):
    claim = claims_of("spawn_errored")["C7"]
    assert claim["verdict"] != "not measured"
    assert "(overhead, switch/create_destroy)" in claim["figures"][0]


def test_the_busy_rule(turin_document):
    loads = {}
    for name in ("turin_busy", "turin_stolen", "turin_quiet", "turin"):
        load = machine_load(table(variant(turin_document, name)))
        loads[name] = (load["recorded"], load["busy"])
    assert loads == {"turin_busy": (True, True), "turin_stolen": (True, True), "turin_quiet": (True, False),
                     "turin": (False, False)}


def test_a_starved_probe_is_shown(claims_of):
    figures = claims_of("probe_starved")["C2"]["figures"]
    assert figures and all("fewer than 1,000 wake-ups at 128 spinners" in f for f in figures)


def test_c4_cites_the_break_even_of_the_granularity_points(claims_of):
    figures = claims_of("break_even")["C4"]["figures"]
    task = "(granularity; the scaling job's tasks are 1000 us)"
    assert f"process breaks even with seq at no task duration measured (above_range) {task}" in figures
    assert f"process_pool breaks even with seq at tasks of 3.16 ms {task}" in figures


def test_rows_older_runs_wrote_as_analysis_change_nothing(turin_document, claims_of):
    assert results_problem(variant(turin_document, "knees")) is None
    for name in ("knees", "old_break_even"):
        assert claims_of(name) == claims_of("turin"), name
