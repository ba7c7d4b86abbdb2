"""The CPython side of the convoy family (bench/cpython/convoy.py): a round
records every wake-up it is asked for, none short, or stops at its time
cap, and leaves no thread behind; requests that could measure nothing are
refused; the peer speaks the program's protocol and runs alone.

Run by ctest as `python3 -m pytest tests/convoy_peer_test.py`."""

import subprocess
import sys
import threading
from pathlib import Path

sys.dont_write_bytecode = True  # nothing is written into the source tree
SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "cpython" / "convoy.py"
sys.path.insert(0, str(SCRIPT.parent))

import pytest  # noqa: E402

import convoy  # noqa: E402

SLEEP_NS = 200_000
NEVER_NS = 600 * 10**9


@pytest.mark.parametrize("cpu_threads", [0, 2])
def test_a_round_records_every_wake_up_asked_for_and_none_is_short(cpu_threads):
    threads_before = threading.active_count()
    lateness = convoy.run_round(cpu_threads, SLEEP_NS, 5, NEVER_NS)
    assert len(lateness) == 5
    assert all(isinstance(ns, int) and ns >= 0 for ns in lateness)
    assert threading.active_count() == threads_before


def test_the_time_cap_ends_a_round_short():
    # Each sleep lasts at least its length: no more than one wake-up per
    # sleep fits in the cap, and one more that began before it ran out.
    assert 1 <= len(convoy.run_round(1, SLEEP_NS, 10**6, 5 * SLEEP_NS)) <= 6


@pytest.mark.parametrize("line", ["round", "round 1 2 3", "round -1 1 1 1", "round 1 0 1 1", "round 1 1 0 1",
                                  "round 1 1 1 0", "round 1025 1 1 1", "round 1 1.5 1 1", "cycle 1 1 1 1", ""])
def test_a_request_that_could_measure_nothing_is_refused(line):
    with pytest.raises(ValueError):
        convoy.answer(line)


def test_the_switch_interval_is_the_interpreters_in_microseconds():
    assert convoy.answer("switch_interval") == "5000"
    default = sys.getswitchinterval()
    sys.setswitchinterval(0.0025)
    try:
        assert convoy.answer("switch_interval") == "2500"
    finally:
        sys.setswitchinterval(default)


def test_the_percentile_interpolates_between_closest_ranks():
    assert convoy.percentile([4, 1, 3, 2], 50) == 2.5
    assert convoy.percentile([1, 2, 3, 4, 5], 99) == pytest.approx(4.96)
    assert convoy.percentile([7], 99) == 7


def test_the_peer_answers_each_request_in_one_line_and_ends_with_its_input():
    requests = "switch_interval\nround 1 200000 3 600000000000\nround x\n"
    done = subprocess.run([sys.executable, str(SCRIPT), "--peer"], input=requests, capture_output=True, text=True,
                          timeout=60)
    lines = done.stdout.splitlines()
    assert done.returncode == 0
    assert lines[:2] == ["ready", "5000"]
    assert len(lines[2].split()) == 3 and all(word.isdigit() for word in lines[2].split())
    assert lines[3].startswith("error expected 'round ")
    assert len(lines) == 4


def test_alone_it_prints_a_row_for_each_k_and_refuses_other_arguments():
    alone = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=60)
    assert alone.returncode == 0
    rows = [line.split() for line in alone.stdout.splitlines()[2:]]
    assert [row[0] for row in rows] == ["0", "1", "2", "4"]
    assert all(len(row) == 4 and int(row[3]) > 0 for row in rows)
    refused = subprocess.run([sys.executable, str(SCRIPT), "--bad"], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "usage" in refused.stderr
