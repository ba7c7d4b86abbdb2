"""Pages written whole or not at all: each to a temporary file beside its
target, renamed into place once every one of them is written, under
files.py's rule (no link followed; a target that is not a regular file is
refused). A failure or a signal on the way (INT, TERM or HUP end the run
through SystemExit, so that cleanups run) leaves the old pages as they were
and no temporary file."""
import os
import signal
import sys

from .. import files


def _exit_on(signum, _frame):
    sys.exit(128 + signum)


def end_cleanly_on_signals() -> None:
    """INT, TERM and HUP raise SystemExit: cleanups run, and no traceback."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on)


def publish(pages: dict) -> None:
    """Writes {path: text}: every page or none."""
    written = []
    try:
        for path, text in pages.items():
            written.append((files.staged(path, text.encode("utf-8")), path))
        for partial, path in list(written):
            files.put_in_place(partial, path)
            written.remove((partial, path))
    finally:
        for partial, _ in written:
            os.unlink(partial)
