"""The one rule for the files the scripts read and write: a results folder
may come from another machine or a pull request, and CI runs the scripts as
root, so no file in it is trusted to be what its name says.

  reading  only a regular file, opened without following a symbolic link
           (O_NOFOLLOW) and checked again once open;
  writing  to a new temporary file made beside the target (mkstemp: O_EXCL,
           so never through a link planted under its name), renamed over the
           target once whole, and only where the target is missing or a
           regular file: a link or anything else there is refused;
  folders  used only when they are real folders, not links to one.

What breaks the rule is a RefusedFile: an OSError whose strerror says why.
The bash scripts write through this module's command:

    python3 -m analysis.files WHO write FILE     standard input, written whole to FILE
    python3 -m analysis.files WHO folder DIR...  each DIR made when missing, refused when not a folder

Exit status 0, or 1 with one line on stderr, "WHO: ...", 2 on a bad call."""
import errno
import json
import os
import stat
import sys
import tempfile

FILE_MODE = 0o644
LINK = "it is a symbolic link, which the scripts never follow"
NOT_REGULAR = "it is not a regular file"
NOT_FOLDER = "it is not a folder"
USAGE = "usage: python3 -m analysis.files WHO write FILE | WHO folder DIR..."
FAILED = {"write": "cannot write", "folder": "cannot use the folder"}


class RefusedFile(OSError):
    """A path the rule refuses; strerror says why."""


def _kind_problem(mode: int, folder: bool):
    if stat.S_ISLNK(mode):
        return LINK
    if folder:
        return None if stat.S_ISDIR(mode) else NOT_FOLDER
    return None if stat.S_ISREG(mode) else NOT_REGULAR


def _checked(path: str, folder: bool = False) -> bool:
    """Whether path exists; RefusedFile when it is not a regular file (or,
    with folder, a folder) of its own."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    why = _kind_problem(mode, folder)
    if why:
        raise RefusedFile(errno.EPERM, why, path)
    return True


def is_file(path: str) -> bool:
    """True for a regular file, False when nothing is there; RefusedFile for
    a link or anything else."""
    return _checked(path)


def is_folder(path: str) -> bool:
    """True for a folder, False when nothing is there; RefusedFile for a
    link or anything else."""
    return _checked(path, folder=True)


def _open(path: str, flags: int) -> int:
    """A descriptor on the regular file at path; RefusedFile when it is not one."""
    _checked(path)
    try:
        descriptor = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, FILE_MODE)
    except OSError as error:
        if error.errno == errno.ELOOP and os.path.islink(path):
            raise RefusedFile(errno.EPERM, LINK, path) from None
        raise
    why = _kind_problem(os.fstat(descriptor).st_mode, folder=False)
    if why:
        os.close(descriptor)
        raise RefusedFile(errno.EPERM, why, path)
    return descriptor


def read_bytes(path: str) -> bytes:
    """The content of the regular file at path."""
    with os.fdopen(_open(path, os.O_RDONLY), "rb") as stream:
        return stream.read()


def read_text(path: str) -> str:
    """The text of the regular file at path, as UTF-8 (UnicodeDecodeError when it is not)."""
    return read_bytes(path).decode("utf-8")


def open_to_append(path: str) -> int:
    """A descriptor that appends to the regular file at path, made when missing."""
    return _open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)


def make_folder(path: str) -> None:
    """The folder at path, made (with its parents) when missing."""
    if not is_folder(path):
        os.makedirs(path, exist_ok=True)


def staged(path: str, data: bytes) -> str:
    """data in a new temporary file beside path, ready for put_in_place."""
    _checked(path)
    handle, partial = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), FILE_MODE)
            stream.write(data)
    except BaseException:
        os.unlink(partial)
        raise
    return partial


def put_in_place(partial: str, path: str) -> None:
    """The staged file renamed over path: the rename replaces the name, it never writes through it."""
    _checked(path)
    os.replace(partial, path)


def write_replacing(path: str, data: bytes) -> None:
    """data at path, whole or not at all."""
    partial = staged(path, data)
    try:
        put_in_place(partial, path)
    except BaseException:
        os.unlink(partial)
        raise


def write_atomically(path: str, document) -> None:
    """The document as JSON at path, whole or not at all."""
    write_replacing(path, (json.dumps(document, allow_nan=False, indent=1) + "\n").encode())


def main(argv) -> int:
    if len(argv) < 4 or argv[2] not in FAILED or (argv[2] == "write" and len(argv) != 4):
        print(USAGE, file=sys.stderr)
        return 2
    who, command = argv[1], argv[2]
    for path in argv[3:]:
        try:
            if command == "write":
                write_replacing(path, sys.stdin.buffer.read())
            else:
                make_folder(path)
        except OSError as error:
            print(f"{who}: {FAILED[command]} {path}: {error.strerror or error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
