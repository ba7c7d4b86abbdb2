"""What a benchmark's name says: slicebench names a benchmark
<family>/<part>/.../<key>:<n>[/real_time], the `<key>:<n>` parts being its
arguments. The one parser of those names; every reader goes through it."""
import re
from dataclasses import dataclass
from typing import Optional

ARGUMENT = re.compile(r"^([a-z_]+):([0-9]+)$")
# Google Benchmark's own suffixes, which name how a row was timed, not what.
TIMING_SUFFIX = "/real_time"
# The argument Google Benchmark adds for a fixed iteration count: not a concurrency.
ITERATIONS = "iterations"


@dataclass(frozen=True)
class Name:
    """A benchmark's name, read: its segments, its arguments by key, its
    concurrency (the last argument other than iterations, or None) and its
    series (the name without that argument)."""
    short: str
    segments: tuple
    arguments: dict
    concurrency: Optional[int]
    series: str

    @property
    def family(self) -> str:
        return self.segments[0]


# The segment Google Benchmark adds where a benchmark fixes its own
# repetition count: how many times it was timed, which changes nothing it names.
REPEATS = re.compile(r"/repeats:[0-9]+(?=/|$)")


def short_name(run_name: str) -> str:
    """The name without Google Benchmark's /real_time suffix and /repeats:<n>."""
    short = run_name[: -len(TIMING_SUFFIX)] if run_name.endswith(TIMING_SUFFIX) else run_name
    return REPEATS.sub("", short)


def parse(run_name: str) -> Name:
    short = short_name(run_name)
    segments = tuple(short.split("/"))
    arguments = {}
    concurrency_segment = None
    for segment in segments:
        match = ARGUMENT.match(segment)
        if match:
            arguments[match.group(1)] = int(match.group(2))
            if match.group(1) != ITERATIONS:
                concurrency_segment = segment
    concurrency = int(concurrency_segment.split(":")[1]) if concurrency_segment else None
    series = "/".join(s for s in segments if s != concurrency_segment)
    return Name(short, segments, arguments, concurrency, series)
