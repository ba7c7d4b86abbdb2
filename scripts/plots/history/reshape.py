"""The history plot's data: the trend of chosen figures over a machine's
runs (its history, results/history/<machine>.jsonl, one run a line). Each
figure's median real time is relative to the first run that has it, so that
figures of different sizes share one axis and 1 means unchanged. Nothing to
draw without a history, or when no figure matches.

  data data     one block per figure, headed by its name, rows
                "run relative-time"
  vars blocks   how many figures
       runs     how many runs
       tic_N    run N's name on the x axis: its date and commit, + when
                the tree had uncommitted changes
       machine  the machine's name

$SLICEBENCH_HISTORY_FIGURES (a regular expression over benchmark names)
picks the figures; by default the per-task cost of each model, the
coroutine switch, the life of a thread, process and coroutine, and a
one-worker job of each workload with a thread (the task itself plus one
thread's start).
"""
import os
import re

from analysis.plotting import data_blocks, number

FIGURES = "^(overhead/|switch/ping_pong/|ctxswitch/spawn/|scaling/[^/]+/thread/none/workers:1$)"
COMMIT_SHOWN = 7


def tic(run: dict) -> str:
    """A run's name: month-day of its date, its commit's first characters, + if dirty."""
    date = run.get("date") or ""
    return f"{date[5:10]} {run['commit'][:COMMIT_SHOWN]}{'+' if run.get('dirty') else ''}"


def reshape(analysis: dict, history):
    if not history:
        return None
    chosen = re.compile(os.environ.get("SLICEBENCH_HISTORY_FIGURES", FIGURES))
    names = sorted({name for run in history for name in run["real_time_ns"] if chosen.search(name)})
    if not names:
        return None
    blocks = []
    for name in names:
        points = [(n, run["real_time_ns"][name]) for n, run in enumerate(history, 1) if name in run["real_time_ns"]]
        blocks.append((name, [f"{n} {number(ns / points[0][1])}" for n, ns in points]))
    return {"data": {"data": data_blocks(blocks)},
            "vars": {"blocks": len(names), "runs": len(history), "machine": analysis["machine"]["name"],
                     **{f"tic_{n}": tic(run) for n, run in enumerate(history, 1)}}}
