"""Figures as people read them: three significant digits, ratios as "1.84x",
durations in the unit that suits them, an interval with its repetitions.
Numbers print as the report has always printed them: whole numbers without a
decimal point, others in their shortest exact form."""
import math
from typing import Callable, Optional

from .stats.intervals import Interval


def number(value: float) -> str:
    """A number as text: 2 not 2.0, 1.84 not 1.8400000000000001 when it is 1.84."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "null"
    if value == int(value) and abs(value) < 1e17:
        return str(int(value))
    return repr(value)


def _round_half_away(value: float) -> float:
    return math.copysign(math.floor(abs(value) + 0.5), value)


def sig3(value: float) -> float:
    """The value to three significant digits."""
    if value == 0:
        return 0
    scale = math.pow(10, 2 - math.floor(math.log10(abs(value))))
    return _round_half_away(value * scale) / scale


def sig3_text(value: float) -> str:
    return number(sig3(value))


def speed(value: float) -> str:
    """A ratio: "1.84x"."""
    return f"{sig3_text(value)}x"


def duration(ns: float) -> str:
    """A time given in nanoseconds, in s, ms, us or ns."""
    for scale, unit in ((1e9, "s"), (1e6, "ms"), (1e3, "us")):
        if ns >= scale:
            return f"{sig3_text(ns / scale)} {unit}"
    return f"{sig3_text(ns)} ns"


def plural(count: int, word: str) -> str:
    return f"{number(count)} {word}{'' if count == 1 else 's'}"


def interval_text(figure: Interval, show: Callable[[float], str]) -> str:
    """"1.84x (1.71x to 1.9x, 5 repetitions)", or without an interval
    "1.84x (3 repetitions, too few for an interval)"."""
    ends = f"{show(figure.lo)} to {show(figure.hi)}, " if figure.decided else ""
    few = "" if figure.decided else ", too few for an interval"
    return f"{show(figure.median)} ({ends}{plural(figure.n, 'repetition')}{few})"


def ratio_text(figure: Interval) -> str:
    return interval_text(figure, speed)


def time_text(figure: Interval) -> str:
    return interval_text(figure, duration)


def number_text(figure: Interval) -> str:
    return interval_text(figure, sig3_text)


def shown(value: Optional[float], show: Callable[[float], str]) -> str:
    """A figure that may be missing: "-" for none."""
    return "-" if value is None else show(value)
