"""The CI gate's baseline (results/gate/baseline.json): the threshold, in
percent, past which a kernel's instructions per iteration fail the gate, and
each kernel's iterations and instructions per iteration."""
from .results import InputError, is_number, quoted, read_json, type_name

LARGEST_COUNT = 1e300
LARGEST_THRESHOLD = 1e6


def _count(value) -> bool:
    return is_number(value) and 0 < value < LARGEST_COUNT


def problem(document):
    """Why a parsed baseline will not do, or None."""
    if not isinstance(document, dict):
        return f"it is {type_name(document)}, not an object"
    threshold = document.get("threshold_percent")
    if not (is_number(threshold) and 0 <= threshold <= LARGEST_THRESHOLD):
        return "threshold_percent is not a percentage"
    if not isinstance(document.get("kernels"), dict):
        return "it has no kernels object"
    for name, kernel in document["kernels"].items():
        if not isinstance(kernel, dict) or not _count(kernel.get("iterations")) \
                or not _count(kernel.get("instructions_per_iteration")):
            return f"kernel {quoted(name)} needs iterations and instructions_per_iteration above 0"
    return None


def load(path: str) -> dict:
    document = read_json(path)
    why = problem(document)
    if why:
        raise InputError(why)
    return document
