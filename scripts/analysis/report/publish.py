"""Pages written whole or not at all: each to a temporary file beside its
target, renamed into place once every one of them is written. A failure or
a signal on the way (INT, TERM or HUP end the run through SystemExit, so
that cleanups run) leaves the old pages as they were and no temporary file."""
import os
import signal
import sys
import tempfile

PAGE_MODE = 0o644


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
            handle, partial = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", dir=os.path.dirname(path))
            written.append((partial, path))
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(partial, PAGE_MODE)
        for partial, path in list(written):
            os.replace(partial, path)
            written.remove((partial, path))
    finally:
        for partial, _ in written:
            os.unlink(partial)
