"""docs/claims.md, the page that states the claims, written from
docs/claims.json (their texts and bars) and the facts the verdicts rest on
(the interval's confidence, the busy rule's bars), so that the page, the
claims table and the tests say the same.

    scripts/claims_doc [OUTPUT]     OUTPUT defaults to docs/claims.md; "-" is stdout
"""
import sys

from . import files
from .claims import entries
from .claims.words import percent
from .fmt import number
from .machine import BUSY_OTHERS_CPU_PUS, BUSY_RUNNABLE_OTHERS, BUSY_STEAL_SHARE
from .markdown import text as markdown
from .stats.intervals import CONFIDENCE, MIN_REPETITIONS, miss_probability, order_statistic_rank

PAGE = entries.CLAIMS_FILE.parent / "claims.md"


def joined(words: list) -> str:
    """"a, b and c"."""
    return words[0] if len(words) < 2 else ", ".join(words[:-1]) + " and " + words[-1]


def _intervals() -> str:
    """How the interval's rank grows with the repetitions, in words."""
    first_of_two = next(n for n in range(MIN_REPETITIONS, 100) if order_statistic_rank(n) > 1)
    level = 100 * (1 - miss_probability(MIN_REPETITIONS, 1))
    return (f"covers the true median with probability {percent(CONFIDENCE)} or more whatever their\n"
            f"distribution: with {MIN_REPETITIONS} to {first_of_two - 1} repetitions it is their lowest to their "
            f"highest\n({number(level)}% at {MIN_REPETITIONS}), from {first_of_two} the second lowest to the second "
            f"highest; with fewer\nthan {MIN_REPETITIONS} there is none.")


def introduction() -> str:
    return f"""<!-- Written by scripts/claims_doc from docs/claims.json: edit that file and run scripts/claims_doc. -->

# The claims

slicebench checks the claims below, taken from notes on concurrency, about
how CPU- and IO-bound work fares over threads, processes and coroutines.
Each claim is a statement, the shape the results are expected to take if it
is true, and a rule that decides from the results whether they show it.

A rule never compares with a fixed timing: it compares the results with one
another (speedups over seq, one model against another, the PU count of the
machine they ran on). And it never compares two medians alone: each figure
it judges carries an interval over its repetitions, and a check is decided
only when the whole interval lies on one side of its bar. The interval is
one of order statistics, from the sorted values of the repetitions, that
{_intervals()} A quotient of two figures (a speedup, one cost over
another) takes the worst pairing of their intervals: the lower end of one
over the upper end of the other, and the upper over the lower. Figures are
shown as their median, then their interval and repetitions, as in
`1.84x (1.71x to 1.9x, 5 repetitions)`.

On each machine a claim gets one of four verdicts:

- **holds**: every check of the rule passed, its interval wholly on the passing side;
- **does not hold**: a check failed, its interval wholly on the failing side;
  the figures measured and the reason say where;
- **inconclusive**: no check failed but one could not be decided, and the
  reason says why: *too noisy* (an interval straddles its bar), *too few
  samples* (fewer than {MIN_REPETITIONS} repetitions, or a probe that woke too rarely),
  *fixed costs dominate the job* (C4: the forks, not the work, set the rate of the
  process models), *the machine was busy* or *other work left too few PUs
  free* (see below);
- **not measured**: the results lack what the rule reads (a family not run,
  too few points, rows that failed), and the reason says which.

A run records how busy the machine was with other work (the noise family:
the CPU time other processes used over the run, the time the hypervisor
stole, the other tasks runnable before and after). The run is busy when
other processes kept more than {number(BUSY_OTHERS_CPU_PUS)} PU busy on average, or steal passed \
{percent(BUSY_STEAL_SHARE)}
of the CPU time, or more than {number(BUSY_RUNNABLE_OTHERS)} other tasks were runnable on average. On a
busy run a rule that reads times and would not hold is inconclusive instead
(the load, not the claim, may be what failed), while one that holds stands.

The speedups C3, C4 and C5 judge are paired where the
[paired](families/paired.md) family ran: the model and seq run in
alternating slices within one benchmark, each pair's ratio is kept, and the
figure is the pairs' median with its interval, sampled until the interval
is wholly on one side of the bar or a time cap ends it. Load that comes and
goes falls on both sides of a pair, so a busy run does not void a paired
figure (but C2's throughput, which the load itself raises); instead, a paired speedup below a bar that needs more PUs than
other work left free while it sampled (C3's 0.7 x PUs, C4's processes) is
inconclusive: *other work left too few PUs free*.

Every reason ends with the load of the machine: busy, quiet, or not
recorded (results without the noise family).

`scripts/analyse` evaluates them from `results/<machine>/bench.json` into
`results/<machine>/analysis.json`, which the summary of `make bench` and
`results/report/index.html` show.

The texts below are those of `docs/claims.json`, whose bars the rules in
`scripts/analysis/claims/` read as well, so the page and the table say the same.
"""


def section(entry: dict) -> str:
    families = entry["families"]
    measured = joined([f"[{family}](families/{family}.md)" for family in families])
    bars = ", ".join(f"`{name}` {number(value)}" for name, value in entry["bars"].items())
    return (f"\n## {entry['id']}: {markdown(entry['claim'])}\n\n"
            f"Expected: {markdown(entry['shape'])}.\n\n"
            f"Decided by: {markdown(entry['rule'])}.\n\n"
            + (f"Its bars: {bars}.\n\n" if bars else "")
            + f"Measured by: the {measured} famil{'y' if len(families) == 1 else 'ies'}.\n")


def page(claims: list) -> str:
    return introduction() + "".join(section(entry) for entry in claims)


def write(path: str, text: str) -> None:
    """The page whole or not at all, by the scripts' one rule for files."""
    files.write_replacing(path, text.encode("utf-8"))


def main(argv: list) -> int:
    if len(argv) > 2:
        print("usage: scripts/claims_doc [OUTPUT]", file=sys.stderr)
        return 2
    try:
        text = page(entries.read())
    except entries.ClaimsError as error:
        print(f"claims_doc: {error}", file=sys.stderr)
        return 1
    output = argv[1] if len(argv) == 2 else str(PAGE)
    if output == "-":
        sys.stdout.write(text)
    else:
        write(output, text)
    return 0
