"""What the comparing scripts read from results files: whether two share a
benchmark (scripts/compare, before Google Benchmark's compare.py) and one
benchmark's repetitions as lines for a shell (scripts/compare_perf_pipe,
which sets them beside perf's figures).

    python3 -m analysis.compare common OLD.json NEW.json
        exits 0 when NEW has a row named as one of OLD's, else says they
        have no benchmark in common and exits 1
    python3 -m analysis.compare repetitions RESULTS.json NAME [COUNTER...]
        one line per finished repetition of benchmark NAME (its name without
        /real_time): its real time in us, then each counter ("-" for none)

Both exit 1 with one line on a file that cannot be read, 2 on a bad call.
"""
import sys

from .fmt import number, shown
from .results import InputError, load, read_json

USAGE = ("usage: python3 -m analysis.compare common OLD.json NEW.json\n"
         "       python3 -m analysis.compare repetitions RESULTS.json NAME [COUNTER...]")
NS_PER_US = 1000


def benchmark_names(document) -> set:
    """The names of a results document's rows, repetitions and aggregates alike."""
    rows = document.get("benchmarks") if isinstance(document, dict) else None
    return {row["name"] for row in rows if isinstance(row, dict) and isinstance(row.get("name"), str)} \
        if isinstance(rows, list) else set()


def share_a_benchmark(old, new) -> bool:
    return bool(benchmark_names(old) & benchmark_names(new))


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


def repetitions(path: str, name: str, counters: list) -> int:
    for line in repetition_lines(_read(load, path), name, counters):
        print(line)
    return 0


def main(argv) -> int:
    command, arguments = argv[1:2], argv[2:]
    try:
        if command == ["common"] and len(arguments) == 2:
            return common(*arguments)
        if command == ["repetitions"] and len(arguments) >= 2:
            return repetitions(arguments[0], arguments[1], arguments[2:])
    except InputError as error:
        print(f"compare: {error}", file=sys.stderr)
        return 1
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
