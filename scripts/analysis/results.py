"""A results file read once: Google Benchmark's JSON, as slicebench writes it
(today's and older ones), checked and turned into one flat table of
repetitions. Every other part of the analysis reads this table, never the file.

Each finished repetition is a Row: its name read (names.py), its real and CPU
time in nanoseconds and its counters by name. A benchmark of which a
repetition errored or was skipped is a Failure, named with its message, and
none of its repetitions is a Row: the rules read what finished whole.
Rows that older runs wrote as analysis (a scaling curve's knee, a
granularity series' break-even) are not measurements: they are left out, and
the analysis derives the same figures from the points.
"""
import json
import math
import re
from dataclasses import dataclass, field
from typing import Optional

from . import files
from .names import Name, parse, short_name

TIME_UNITS_NS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
# The fields of a row that are not counters.
ROW_TEXTS = ("name", "run_name", "run_type", "time_unit", "error_message", "label",
             "aggregate_name", "aggregate_unit", "skip_message")
ROW_FLAGS = ("error_occurred", "skipped")
ROW_FIELDS = ROW_TEXTS + ROW_FLAGS + ("real_time", "cpu_time")
LARGEST_FINITE = 1.7976931348623157e308
NOT_RESULTS = "is not a Google Benchmark JSON report"


class InputError(Exception):
    """A file the analysis cannot read, with why in words."""


@dataclass(frozen=True)
class Row:
    name: Name
    repetition: int
    real_time_ns: float
    cpu_time_ns: float
    counters: dict

    def counter(self, key: str) -> Optional[float]:
        return self.counters.get(key)


@dataclass(frozen=True)
class Failure:
    name: Name
    message: str


@dataclass
class Results:
    context: dict
    rows: list
    failures: list
    _families: dict = field(default_factory=dict, repr=False)

    @property
    def pus(self) -> int:
        return int(self.context.get("hwloc_pus") or 0)

    def family(self, family: str) -> list:
        """The rows of one family, in the order they ran."""
        if not self._families:
            for row in self.rows:
                self._families.setdefault(row.name.family, []).append(row)
        return self._families.get(family, [])

    def workload_kinds(self) -> dict:
        """Each workload's kind (cpu, io, ...), from the context's name=kind list."""
        pairs = (part.split("=", 1) for part in self.context.get("slicebench_workloads", "").split(",") if "=" in part)
        return {name: kind for name, kind in pairs}

    def failed(self, pattern: str) -> list:
        """The failures whose name matches the regular expression."""
        regex = re.compile(pattern)
        return [f for f in self.failures if regex.search(f.name.short)]


# ---- what a results file must be ------------------------------------------

def quoted(value) -> str:
    """A value from the input for a one-line message, cut short."""
    if isinstance(value, float) and math.isnan(value):
        text = "NaN"
    else:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text[:57] + "..." if len(text) > 60 else text


def type_name(value) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null",
            int: "number", float: "number"}[type(value)]


def finite(value) -> bool:
    """A number a figure can be computed from: not NaN, not infinite, not a truth value."""
    return is_number(value) and not math.isnan(value) and abs(value) < LARGEST_FINITE


def is_number(value) -> bool:
    """A JSON number: an int or a float, not a truth value."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


SCALING_POINT = re.compile(r"^scaling/[^/]+/[^/]+/[^/]+/workers:")
SCALING_POINT_WHOLE = re.compile(r"^scaling/[^/]+/[^/]+/[^/]+/workers:[0-9]+(/real_time)?$")
SCALING_CURVE_ROW = re.compile(r"^scaling/[^/]+/[^/]+/[^/]+/[a-z_]+(/[a-z_]+:[0-9]+)+(/real_time)?$")


def _scaling_problem(row: dict) -> Optional[str]:
    name = row["run_name"]
    if SCALING_POINT.search(name):
        if not SCALING_POINT_WHOLE.search(name):
            return f"its name {quoted(name)} is not scaling/WORKLOAD/MODEL/PLACEMENT/workers:N"
        return _rate_problem(row)
    if not SCALING_CURVE_ROW.search(name):
        return (f"its name {quoted(name)} is neither scaling/WORKLOAD/MODEL/PLACEMENT/workers:N nor a curve's row "
                "such as scaling/WORKLOAD/MODEL/PLACEMENT/knee/iterations:1")
    return None


# A row the cpython family measures a rate in (not its convoy rows, which are the convoy family's).
CPYTHON_POINT = re.compile(r"^cpython/[^/]+/[^/]+/(workers|task_us):[0-9]+(/real_time)?$")


def _rate_problem(row: dict) -> Optional[str]:
    rate = row.get("items_per_second")
    if row["run_type"] == "iteration" and not row.get("error_occurred") and not row.get("skipped") \
            and not (finite(rate) and rate > 0):
        return "it has no items_per_second above 0"
    return None


def _field_problems(row: dict):
    for key in ("name", "run_name", "run_type", "time_unit"):
        if not isinstance(row.get(key), str) or row.get(key) == "":
            yield f"{key} is {quoted(row.get(key))}, not a name"
    if row["run_type"] not in ("iteration", "aggregate"):
        yield f"run_type {quoted(row['run_type'])} is neither iteration nor aggregate"
    if row["time_unit"] not in TIME_UNITS_NS:
        yield f"time_unit {quoted(row['time_unit'])} is not ns, us, ms or s"
    for key in ("real_time", "cpu_time"):
        if not is_number(row.get(key)):
            yield f"{key} is {quoted(row.get(key))}, not a number"
    if row["run_type"] == "iteration":
        for key in ("real_time", "cpu_time"):
            if not (finite(row[key]) and row[key] >= 0):
                yield f"{key} is {quoted(row[key])}, not a time"
    for key in ROW_FLAGS:
        if key in row and not isinstance(row[key], bool):
            yield f"{key} is not true or false"
    for key, value in row.items():
        if key not in ROW_FIELDS and value is not None and not is_number(value):
            yield f"its counter {quoted(key)} is {quoted(value)}, not a number"
    for key in ROW_TEXTS[4:]:
        if key in row and not isinstance(row[key], str):
            yield f"{key} is not a string"
    if row["run_name"].startswith("scaling/"):
        problem = _scaling_problem(row)
        if problem:
            yield problem
    elif CPYTHON_POINT.search(row["run_name"]):
        problem = _rate_problem(row)
        if problem:
            yield problem


def row_problem(row) -> Optional[str]:
    """Why one benchmark row cannot be read, or None."""
    if not isinstance(row, dict):
        return f"it is {type_name(row)}, not an object"
    return next(_field_problems(row), None)


def results_problem(document) -> Optional[str]:
    """Why a parsed results file cannot be read, or None."""
    if not isinstance(document, dict):
        return f"it is {type_name(document)}, not an object"
    context, benchmarks = document.get("context"), document.get("benchmarks")
    if not isinstance(context, dict):
        return "it has no context object"
    if not isinstance(benchmarks, list):
        return "it has no list of benchmarks"
    for key, value in context.items():
        if re.match(r"^(slicebench_|hwloc_)|^(host_name|date)$", key) and not isinstance(value, str):
            return f"context.{key} is {quoted(value)}, not a string"
    pus = context.get("hwloc_pus")
    if pus is not None and not re.fullmatch(r"[0-9]+", pus):
        return f"context.hwloc_pus is {quoted(pus)}, not a whole number"
    for index, row in enumerate(benchmarks):
        why = row_problem(row)
        if why:
            named = f" ({quoted(row['name'])})" if isinstance(row, dict) and isinstance(row.get("name"), str) else ""
            return f"benchmark {index + 1}{named}: {why}"
    return None


def read_text(path: str) -> str:
    """A regular file's text, as UTF-8 (files.py's rule); InputError when it cannot be read."""
    try:
        return files.read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot be read ({getattr(error, 'strerror', None) or error})") from None


def read_json(path: str):
    """One JSON value from a file; Google Benchmark writes NaN for an
    undefined aggregate, which is read as such."""
    return _one_value(read_text(path))


def _one_value(text: str):
    decoder, values, at = json.JSONDecoder(), [], 0
    while True:
        at = len(text) - len(text[at:].lstrip())
        if at == len(text):
            break
        try:
            value, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError:
            raise InputError("it is not JSON") from None
        values.append(value)
    if len(values) != 1:
        raise InputError(f"it holds {len(values)} JSON values, not one")
    return values[0]


# ---- the table ---------------------------------------------------------------

def is_derived(name: Name) -> bool:
    """A row of analysis older runs wrote among the measurements."""
    s = name.segments
    return (s[0] == "scaling" and len(s) > 4 and s[4] == "knee") or \
           (s[0] == "granularity" and len(s) > 3 and s[3] == "break_even")


def _counters(row: dict) -> dict:
    return {k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in row.items() if k not in ROW_FIELDS and is_number(v)}


def table(document: dict) -> Results:
    """The checked document as a table of finished repetitions and failures."""
    iterations = [b for b in document["benchmarks"] if b["run_type"] == "iteration"]
    failures, failed = [], set()
    for row in iterations:
        if row.get("error_occurred") or row.get("skipped"):
            short = short_name(row["run_name"])
            if short not in failed:
                failed.add(short)
                failures.append(Failure(parse(row["run_name"]),
                                        row.get("error_message") or row.get("skip_message") or "skipped"))
    rows = []
    for row in iterations:
        name = parse(row["run_name"])
        if name.short in failed or is_derived(name):
            continue
        unit = TIME_UNITS_NS[row["time_unit"]]
        rows.append(Row(name, row.get("repetition_index", 0), row["real_time"] * unit, row["cpu_time"] * unit,
                        _counters(row)))
    return Results(document["context"], rows, sorted(failures, key=lambda f: f.name.short))


def load(path: str) -> Results:
    """The results file at path as a table; InputError says why it will not do."""
    try:
        document = read_json(path)
    except InputError as error:
        raise InputError(f"{NOT_RESULTS}: {error}") from None
    why = results_problem(document)
    if why:
        raise InputError(f"{NOT_RESULTS}: {why}")
    return table(document)
