"""Checks an input of the scripts before they read it, and says why it will
not do, in one line starting with the caller's name: a results file, a
machine's history or the gate's baseline.

    python3 -m analysis.check WHO results|history|baseline FILE

Exits 0 when FILE will do (a history may be missing or empty: no runs yet),
1 with the reason on stderr, 2 on a bad call."""
import os
import stat
import sys

from . import baseline, history, results

KINDS = {
    "results": (results.NOT_RESULTS, "no results at {file}; run 'make bench' first"),
    "history": ("is not a slicebench history (one JSON object per line, each with real_time_ns)", None),
    "baseline": ("is malformed (needs threshold_percent and kernels)",
                 "no baseline at {file}; create one with: scripts/gate --rebaseline"),
}


def _empty(path: str) -> bool:
    """Nothing there, or an empty regular file; a link or anything else is
    left to the reader, which refuses it (files.py's rule)."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return True
    return stat.S_ISREG(status.st_mode) and status.st_size == 0


READERS = {"results": results.load, "history": history.load, "baseline": baseline.load}


def read(kind: str, path: str):
    """The file read as `kind`, and None; or None and why it will not do, as a message."""
    what, missing = KINDS[kind]
    if _empty(path):
        return (None, missing.format(file=path)) if missing else ([], None)
    try:
        return READERS[kind](path), None
    except results.InputError as error:
        reason = str(error)
        if kind == "results" and reason.startswith(what + ": "):
            reason = reason[len(what) + 2:]
        hint = "; recreate it with: scripts/gate --rebaseline" if kind == "baseline" else ""
        return None, f"{path} {what}: {reason}{hint}"


def problem(kind: str, path: str):
    """Why the file will not do as `kind`, as a message; None when it will."""
    return read(kind, path)[1]


def main(argv) -> int:
    if len(argv) != 4 or argv[2] not in KINDS:
        print("usage: scripts/check_input WHO results|history|baseline FILE", file=sys.stderr)
        return 2
    who, kind, path = argv[1:]
    why = problem(kind, path)
    if why:
        print(f"{who}: {why}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
