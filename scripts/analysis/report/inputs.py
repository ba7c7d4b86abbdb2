"""What the pages read besides the templates: a machine's analysis.json
(written by scripts/analyse, checked here to be one), its text files and
pictures, and paths relative to the page that links them. Each is read or
linked under files.py's rule: a regular file, never through a symbolic link;
anything else there is an InputError that says so."""
import json
import os

from .. import files
from ..analysis import FORMAT
from ..results import InputError


def load_analysis(path: str) -> dict:
    """A machine's analysis.json; InputError says why it will not do."""
    try:
        document = json.loads(files.read_text(path))
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror}); run scripts/analyse on its folder") from None
    except ValueError:
        raise InputError(f"{path} is not JSON; run scripts/analyse on its folder") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"{path} is not a {FORMAT} file; run scripts/analyse on its folder")
    return document


def _checked(is_kind, path: str) -> bool:
    try:
        return is_kind(path)
    except files.RefusedFile as refused:
        raise InputError(f"{path} will not be read: {refused.strerror}") from None


def is_file(path: str) -> bool:
    """A regular file is there; InputError for a link or anything else."""
    return _checked(files.is_file, path)


def is_folder(path: str) -> bool:
    """A folder is there; InputError for a link or anything else."""
    return _checked(files.is_folder, path)


def png_beside(svg: str, folder: str) -> str:
    """The PNG drawn beside an SVG, relative to a page in folder; "" when there is none."""
    png = svg[:-len(".svg")] + ".png"
    return relative(png, folder) if present(png) else ""


def text_file(path: str) -> str:
    """A text file's content, "" when it is missing or empty; bytes that are
    not UTF-8 read as replacement characters."""
    if not is_file(path):
        return ""
    try:
        return files.read_bytes(path).decode("utf-8", errors="replace")
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror})") from None


def present(path: str) -> bool:
    """A regular file that is not empty."""
    return is_file(path) and os.path.getsize(path) > 0


def relative(path: str, folder: str) -> str:
    """path as a link from a page in folder, symbolic links resolved."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
