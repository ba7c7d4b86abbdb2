"""What the pages read besides the templates: a machine's analysis.json
(written by scripts/analyse, checked here to be one), its text files, and
paths relative to the page that links them."""
import json
import os

from ..analysis import FORMAT
from ..results import InputError


def load_analysis(path: str) -> dict:
    """A machine's analysis.json; InputError says why it will not do."""
    try:
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror}); run scripts/analyse on its folder") from None
    except ValueError:
        raise InputError(f"{path} is not JSON; run scripts/analyse on its folder") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"{path} is not a {FORMAT} file; run scripts/analyse on its folder")
    return document


def text_file(path: str) -> str:
    """A text file's content, "" when it is missing or empty; bytes that are
    not UTF-8 read as replacement characters."""
    if not os.path.isfile(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as stream:
        return stream.read()


def present(path: str) -> bool:
    """A file that exists and is not empty."""
    return os.path.isfile(path) and os.path.getsize(path) > 0


def relative(path: str, folder: str) -> str:
    """path as a link from a page in folder, symbolic links resolved."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
