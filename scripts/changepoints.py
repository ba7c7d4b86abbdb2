"""Finds the steps in a machine's history of runs: for each benchmark, the
runs where its median time moved to a new level and stayed there.

Reads, on stdin, a history as scripts/record_history appends it (JSON Lines,
one run per line, which scripts/check_input has accepted) and writes, on
stdout, one JSON object:

    {"runs": [{"index", "date", "commit", "dirty"}, ...],
     "benchmarks": [{"name", "noise", "points": [[index, ns], ...],
                     "segments": [{"first", "last", "median_ns"}, ...],
                     "change_points": [{"index", "date", "commit", "dirty",
                                        "ratio"}, ...]}, ...]}

An index is the run's place in the history, from 0. A benchmark's points
are the runs that have it; a change point is the first run of a new
segment, and its ratio is that segment's median time over the previous
one's (above 1: slower). noise is the robust scale of the run-to-run noise
in log time that the penalty was set from. analysis.stats.changepoints
finds them, and says how.

Run with /usr/bin/python3 (Debian's, which has numpy).
"""
import json
import sys

from analysis.stats.changepoints import find_steps


def describe_run(run):
    return {"index": run["index"], "date": run["date"], "commit": run["commit"], "dirty": run["dirty"]}


def benchmark_steps(name, points, runs):
    indices = [index for index, _ in points]
    steps = find_steps([ns for _, ns in points])
    segments = [{"first": indices[s.first], "last": indices[s.last], "median_ns": s.median}
                for s in steps.segments]
    change_points = [dict(describe_run(runs[indices[first]]), ratio=ratio) for first, ratio in steps.change_points]
    return {"name": name, "noise": steps.noise, "points": [[i, float(t)] for i, t in points],
            "segments": segments, "change_points": change_points}


def main():
    runs = []
    for line in sys.stdin:
        if line.strip():
            run = json.loads(line)
            runs.append({"index": len(runs), "date": run.get("date"), "commit": run["commit"],
                         "dirty": bool(run.get("dirty")), "real_time_ns": run["real_time_ns"]})
    names = sorted({name for run in runs for name in run["real_time_ns"]})
    benchmarks = []
    for name in names:
        # A time of 0 has no logarithm: such a figure measured nothing.
        points = [(run["index"], run["real_time_ns"][name]) for run in runs
                  if name in run["real_time_ns"] and run["real_time_ns"][name] > 0]
        if points:
            benchmarks.append(benchmark_steps(name, points, runs))
    json.dump({"runs": [describe_run(run) for run in runs], "benchmarks": benchmarks}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
