"""Appends one run to a machine's history (history.py): the run's date, the
git commit it measured and whether the tree was dirty, the machine, the
bench mode and the median real time of every benchmark.

    python3 -m analysis.record RESULTS.json HISTORY.jsonl MODE COMMIT DIRTY

A history that is not one is left as it is, and the run is not recorded."""
import os
import sys

from . import check, files, history


def main(argv) -> int:
    if len(argv) != 6 or argv[5] not in ("true", "false"):
        print("usage: scripts/record_history RESULTS.json HISTORY.jsonl MODE", file=sys.stderr)
        return 2
    source, target, mode, commit, dirty = argv[1:]
    table, why = check.read("results", source)
    why = why or check.problem("history", target)
    if why:
        print(f"record_history: {why}", file=sys.stderr)
        return 1
    try:
        files.make_folder(os.path.dirname(os.path.abspath(target)))
        history.append(target, history.run_line(table, commit, dirty == "true", mode))
    except OSError as error:
        print(f"record_history: cannot append to {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"record_history: appended this run to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
