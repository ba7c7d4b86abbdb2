"""The convoy family's series (convoy/<series>/cpu_threads:<k>): the model
whose colour each is drawn in, and which of them CPython's measured series
is set against. The plot and the fidelity section read them here.

- gil: the threads under the suite's CPython-style GIL (the gil model's);
- no_gil: the same threads with no lock (the thread model's);
- cpython: CPython's own threads (bench/cpython/convoy.py), which the gil
  series stands for, drawn dashed in its colour.
"""
FAMILY = "convoy"
CPYTHON = "cpython"
MIRRORED_BY = "gil"
SERIES_MODELS = {"gil": "gil", "no_gil": "thread"}


def is_round_of(segments, arguments: dict, series: str) -> bool:
    """Whether a benchmark's name (its segments and arguments) is the series'
    at a count of CPU-bound threads: convoy/<series>/cpu_threads:<k>."""
    return len(segments) == 3 and segments[0] == FAMILY and segments[1] == series and "cpu_threads" in arguments


def series_model(series: str) -> str:
    """The model whose colour a series is drawn in; a series the family does
    not name is its own name (drawn grey, as any unknown model)."""
    return SERIES_MODELS.get(MIRRORED_BY if series == CPYTHON else series, series)
