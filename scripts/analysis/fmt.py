"""Figures as people read them: three significant digits, ratios as "1.84x",
durations in the unit that suits them, an interval with its repetitions.
Numbers print in one form everywhere (a page, a plot's data, a table): whole
numbers without a decimal point, others in their shortest exact form, very
large and small ones with an exponent (1e+17, 1e-05)."""
import math
import sys
from typing import Callable, Optional

from .stats.intervals import Interval

LARGEST_DOUBLE = sys.float_info.max
# A number in exponent form when its decimal point would sit this many places
# right of its last significant digit (or further), or 4 or more places left
# of its first: the rule of David Gay's g_fmt.
EXPONENT_AFTER_DIGITS = 15
EXPONENT_BEFORE_POINT = -4


def _digits(value: float) -> tuple:
    """The shortest digits that read back as value, and where the decimal
    point goes among them (0: before the first)."""
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0"), point


def number(value: float) -> str:
    """A number as text: a whole number without a decimal point,
    others in their shortest exact form, 1e+17 and 1e-05 where the plain form
    would need more than 15 zeros or 3 leading ones; NaN as null."""
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    value = float(value)
    if math.isnan(value):
        return "null"
    value = max(-LARGEST_DOUBLE, min(LARGEST_DOUBLE, value))
    sign = "-" if math.copysign(1, value) < 0 else ""
    if value == 0:
        return sign + "0"
    digits, point = _digits(abs(value))
    if point <= EXPONENT_BEFORE_POINT or point > len(digits) + EXPONENT_AFTER_DIGITS:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exponent = point - 1
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


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


def interval_text(figure: Interval, show: Callable[[float], str], counted: bool = True) -> str:
    """"1.84x (1.71x to 1.9x, 5 repetitions)", or without an interval
    "1.84x (3 repetitions, too few for an interval)", or without a median
    "no figure (0 pairs)"; a figure of pairs counts pairs. Not counted (for
    a table that states the count once): "1.84x (1.71x to 1.9x)",
    "1.84x (too few for an interval)", "no figure"."""
    count = [plural(figure.n, figure.sample)] if counted else []
    if figure.median is None:
        return " ".join(["no figure", *(f"({c})" for c in count)])
    ends = [f"{show(figure.lo)} to {show(figure.hi)}"] if figure.decided else []
    few = [] if figure.decided else ["too few for an interval"]
    return f"{show(figure.median)} ({', '.join(ends + count + few)})"


def signed(value: float) -> str:
    """A difference with its sign: "+0.1", "-0.2", "0"."""
    return ("+" if value > 0 else "") + sig3_text(value)


def ratio_text(figure: Interval) -> str:
    return interval_text(figure, speed)


def time_text(figure: Interval) -> str:
    return interval_text(figure, duration)


def number_text(figure: Interval) -> str:
    return interval_text(figure, sig3_text)


def shown(value: Optional[float], show: Callable[[float], str]) -> str:
    """A figure that may be missing: "-" for none."""
    return "-" if value is None else show(value)
