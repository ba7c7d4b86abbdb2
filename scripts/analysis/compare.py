"""What the comparing scripts read from results files: whether two share a
benchmark and which of compare.py's rows to show (scripts/compare, before
Google Benchmark's compare.py), and one benchmark's repetitions as lines for
a shell (scripts/compare_perf_pipe, which sets them beside perf's figures).

    python3 -m analysis.compare common OLD.json NEW.json
        exits 0 when NEW has a row named as one of OLD's, else says they
        have no benchmark in common and exits 1
    python3 -m analysis.compare rows OLD.json NEW.json
        prints "aggregates" when every benchmark the two share has its
        repetitions' aggregates in both, else "every" (a benchmark without
        them has no row but its own), saying on stderr in one line how many
        ran once and so have no U test
    python3 -m analysis.compare repetitions RESULTS.json NAME [COUNTER...]
        one line per finished repetition of benchmark NAME (its name without
        /real_time): its real time in us, then each counter ("-" for none)

Each exits 1 with one line on a file that cannot be read, 2 on a bad call.
"""
import sys
from collections import Counter

from .fmt import number, shown
from .results import InputError, load, read_json

USAGE = ("usage: python3 -m analysis.compare common OLD.json NEW.json\n"
         "       python3 -m analysis.compare rows OLD.json NEW.json\n"
         "       python3 -m analysis.compare repetitions RESULTS.json NAME [COUNTER...]")
NS_PER_US = 1000


def _benchmark_rows(document) -> list:
    """A results document's rows that are objects."""
    rows = document.get("benchmarks") if isinstance(document, dict) else None
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def benchmark_names(document) -> set:
    """The names of a results document's rows, repetitions and aggregates alike."""
    return {row["name"] for row in _benchmark_rows(document) if isinstance(row.get("name"), str)}


def share_a_benchmark(old, new) -> bool:
    return bool(benchmark_names(old) & benchmark_names(new))


def _run_names(document, run_type: str) -> list:
    """The run_names of a results document's rows of run_type, one per row."""
    return [row["run_name"] for row in _benchmark_rows(document)
            if row.get("run_type") == run_type and isinstance(row.get("run_name"), str)]


def rows_to_show(old, new) -> tuple:
    """Which of compare.py's rows stand for the benchmarks two results share,
    "aggregates" or "every", and how many of those benchmarks ran once in
    either. With --display_aggregates_only compare.py shows aggregate rows
    alone, and a benchmark run once has none: its row would vanish."""
    repetitions = [Counter(_run_names(document, "iteration")) for document in (old, new)]
    aggregated = [set(_run_names(document, "aggregate")) for document in (old, new)]
    shared = (set(repetitions[0]) | aggregated[0]) & (set(repetitions[1]) | aggregated[1])
    ran_once = sum(1 for name in shared if 1 in (repetitions[0][name], repetitions[1][name]))
    return ("aggregates" if shared <= aggregated[0] & aggregated[1] else "every"), ran_once


def repetition_lines(results, name: str, counters: list) -> list:
    return [" ".join([number(row.real_time_ns / NS_PER_US)] + [shown(row.counter(c), number) for c in counters])
            for row in results.rows if row.name.short == name]


def _read(reader, path: str):
    try:
        return reader(path)
    except InputError as error:
        raise InputError(f"{path} {error}") from None


def common(old_path: str, new_path: str) -> int:
    if share_a_benchmark(_read(read_json, old_path), _read(read_json, new_path)):
        return 0
    print(f"compare: OLD and NEW have no benchmark in common ({old_path}, {new_path})", file=sys.stderr)
    return 1


def rows(old_path: str, new_path: str) -> int:
    to_show, ran_once = rows_to_show(_read(read_json, old_path), _read(read_json, new_path))
    print(to_show)
    if ran_once:
        print(f"compare: {ran_once} benchmark{'s' if ran_once > 1 else ''} ran once in OLD or NEW: "
              "their rows compare single runs, with no U test (--benchmark_repetitions=9 gives one)", file=sys.stderr)
    return 0


def repetitions(path: str, name: str, counters: list) -> int:
    for line in repetition_lines(_read(load, path), name, counters):
        print(line)
    return 0


def main(argv) -> int:
    command, arguments = argv[1:2], argv[2:]
    try:
        if command == ["common"] and len(arguments) == 2:
            return common(*arguments)
        if command == ["rows"] and len(arguments) == 2:
            return rows(*arguments)
        if command == ["repetitions"] and len(arguments) >= 2:
            return repetitions(arguments[0], arguments[1], arguments[2:])
    except InputError as error:
        print(f"compare: {error}", file=sys.stderr)
        return 1
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
