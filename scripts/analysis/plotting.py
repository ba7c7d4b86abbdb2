"""What the plots' reshapers (scripts/plots/<name>/reshape.py) share: the
text of gnuplot data files, a figure as the "median min max" columns the
plots draw, and the analysis's benchmarks found by name."""
from typing import Callable, Iterable, Optional

from .fmt import number
from .gnuplot import CONTROL


def data_text(lines: Iterable[str]) -> str:
    """Lines as the text of a data file."""
    return "".join(line + "\n" for line in lines)


def data_blocks(blocks: Iterable[tuple]) -> str:
    """Blocks (title, rows) as the text of a data file: each headed by its
    title, two blank lines after each (so that gnuplot's index picks one and
    columnheader(1) reads its title)."""
    return data_text(line for title, rows in blocks for line in [title, *rows, "", ""])


def comment(text: str) -> str:
    """A text as one comment line of a data file, which gnuplot skips
    whatever the text holds (its control characters, a newline among them,
    made spaces): a block's title that no plot reads."""
    return "# " + CONTROL.sub(" ", text)


NOT_MEASURED = "NaN NaN NaN"


def spread(figure: Optional[dict], scale: Callable[[float], float] = lambda x: x) -> str:
    """A figure as the columns "median min max" (each through scale);
    "NaN NaN NaN", which gnuplot skips, for one without values."""
    if not figure or figure.get("median") is None:
        return NOT_MEASURED
    return " ".join(number(scale(figure[key])) for key in ("median", "min", "max"))


def family(analysis: dict, name: str) -> list:
    """The benchmarks of one family, in the order they ran."""
    return [b for b in analysis["benchmarks"] if b["family"] == name]


def counter(benchmark: dict, name: str) -> Optional[dict]:
    """One counter's figure, None where the benchmark has none."""
    return benchmark["counters"].get(name)


def unique_in_order(values: Iterable) -> list:
    """The distinct values, in the order they first appear."""
    return list(dict.fromkeys(values))
