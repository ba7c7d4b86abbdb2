"""A machine's history of runs: JSON Lines, one run a line, as
scripts/record_history appends them: {date, commit, dirty, machine, mode,
topology, real_time_ns: {benchmark: median nanoseconds}}. Read line by line
(linear in the history's length); a line that is not a run is an InputError
naming it, and a missing or empty file is a history of no runs."""
import json
import os

from . import files
from .results import InputError, finite, type_name, read_text
from .stats.intervals import median


def run_problem(run) -> str:
    """Why one parsed line is not a run, as the rest of "line N...", or "" when it is."""
    if not isinstance(run, dict):
        return f" is {type_name(run)}, not an object"
    if not isinstance(run.get("date"), (str, type(None))):
        return ": date is not a string"
    if not isinstance(run.get("commit"), str):
        return ": commit is not a string"
    if not isinstance(run.get("dirty"), (bool, type(None))):
        return ": dirty is not true or false"
    if not isinstance(run.get("real_time_ns"), dict):
        return " has no real_time_ns object"
    if not all(finite(v) for v in run["real_time_ns"].values()):
        return ": a figure of real_time_ns is not a finite number"
    return ""


def _reject(constant: str):
    """NaN and Infinity are not JSON, and no figure of a run."""
    raise ValueError(constant)


def parse(text: str) -> list:
    """The runs of a history's text; InputError names the first bad line."""
    runs = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            run = json.loads(line, parse_constant=_reject)
        except ValueError:
            raise InputError(f"line {number} is not JSON") from None
        why = run_problem(run)
        if why:
            raise InputError(f"line {number}{why}")
        runs.append(run)
    return runs


def load(path: str) -> list:
    """The runs of the history at path; none when nothing is there."""
    if not os.path.lexists(path):
        return []
    return parse(read_text(path))


def run_line(results, commit: str, dirty: bool, mode: str) -> dict:
    """One run of a results table as a history line: the median real time of every benchmark."""
    times = {}
    for row in results.rows:
        times.setdefault(row.name.short, []).append(row.real_time_ns)
    context = results.context
    return {"date": context.get("date"), "commit": commit, "dirty": dirty, "machine": context.get("slicebench_machine"),
            "mode": mode, "topology": context.get("slicebench_topology"),
            "real_time_ns": {name: median(values) for name, values in sorted(times.items())}}


def append(path: str, run: dict) -> None:
    """The run as one line at the end of the history, in one write: a reader
    never sees half of it. A write that fails part-way (a full disk) is cut
    back, so the history stays whole. Only a regular file is appended to
    (files.py's rule): a link or anything else is a RefusedFile."""
    line = (json.dumps(run, separators=(",", ":"), allow_nan=False) + "\n").encode()
    descriptor = files.open_to_append(path)
    try:
        size = os.fstat(descriptor).st_size
        try:
            written = os.write(descriptor, line)
        except OSError:
            os.ftruncate(descriptor, size)
            raise
        if written != len(line):
            os.ftruncate(descriptor, size)
            raise OSError(f"wrote {written} of {len(line)} bytes")
    finally:
        os.close(descriptor)
