"""Files the analysis writes: whole or not at all, written beside the target
and renamed over it, so that no reader ever sees half of one."""
import json
import os
import tempfile


def write_atomically(path: str, document) -> None:
    """The document as JSON at path."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, partial = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", dir=folder)
    try:
        with os.fdopen(handle, "w") as stream:
            json.dump(document, stream, allow_nan=False, indent=1)
            stream.write("\n")
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise
