"""The convoy's fidelity judged on many rounds run in alternation: the gil
model's lateness set against CPython's, and CPython's against itself, from
one results file of convoy/gil and convoy/cpython rows whose repetitions
(one round each) Google Benchmark ran interleaved at random
(scripts/convoy_fidelity makes it).

Why a run of its own: under a GIL a wake-up waits about one switch interval
or two or more, and at k = 2 and 4 the share that waits one sits near one
half, so a round's p50 lands on either mode, in CPython as in the model
(docs/families/convoy.md). A full run's five repetitions, each series
measured after the other, cannot tell the model from CPython there. Rounds
in alternation share the machine's load; and CPython's rounds split into
alternate halves and set against each other (the control) show how far
CPython differs from itself under that load. A bar the control cannot meet
cannot judge the model: its verdict is then read beside the control's.

Each figure is the median over rounds with its order-statistic interval
(stats.intervals), set against the other side's by fidelity.compared: the
p50 within a factor of fidelity.TOLERANCE, as the analysis holds it; the p99
within TAIL_TOLERANCE, since a round's p99 rests on its few longest waits
(tens of wake-ups a round at k = 4); the share of long waits within
fidelity.SHARE_BAND.

    python3 -m analysis.convoy_check BENCH_JSON OUT_DIR

writes OUT_DIR/convoy_check.json and OUT_DIR/convoy_check.md (each whole or
not at all, by files.py's rule) and prints the Markdown. Exit status 0 once
both are written, whatever the verdicts; 1 when the results will not do,
saying why; 2 on a bad call.
"""
import json
import os
import sys

from . import convoy, fidelity
from .analysis import CONTROL_AS_SPACE
from .files import RefusedFile, make_folder, write_atomically, write_replacing
from .fmt import duration, interval_text, number, signed, sig3_text, speed
from .machine import machine_load
from .markdown import table_text
from .results import InputError, finite, load
from .stats.intervals import Interval, median_interval

TAIL_TOLERANCE = 2.0
P50, P99, SHARE = "lateness_p50_us", "lateness_p99_us", fidelity.LONG_WAIT_SHARE
TOLERANCES = {P50: fidelity.TOLERANCE, P99: TAIL_TOLERANCE}
SKIPPED = "convoy_cpython_skipped"  # the context's reason, where the program skipped the cpython series
NO_PAIRS = ("the results hold no convoy/gil and convoy/cpython rows at a common count of CPU-bound threads "
            "(scripts/convoy_fidelity runs them)")
USAGE = "usage: python3 -m analysis.convoy_check BENCH_JSON OUT_DIR"


def _rounds(results, series: str) -> dict:
    """A series' rows by its count of CPU-bound threads, in the order they
    were repeated."""
    by_k = {}
    for row in results.family(convoy.FAMILY):
        if convoy.is_round_of(row.name.segments, row.name.arguments, series):
            by_k.setdefault(row.name.arguments["cpu_threads"], []).append(row)
    return {k: sorted(rows, key=lambda row: row.repetition) for k, rows in by_k.items()}


def _interval(rows: list, counter: str) -> Interval:
    """The counter's median over the rounds that have a finite one, with its interval."""
    return median_interval([row.counter(counter) for row in rows if finite(row.counter(counter))])


def compared(mine: list, theirs: list, share: bool) -> dict:
    """The p50, the p99 and (with share) the share of long waits of two sets
    of rounds, each against its bar."""
    made = {counter: fidelity.compared(_interval(mine, counter), _interval(theirs, counter), False,
                                       tolerance=tolerance)
            for counter, tolerance in TOLERANCES.items()}
    if share:
        made[SHARE] = fidelity.compared_shares(_interval(mine, SHARE), _interval(theirs, SHARE))
    return made


def check(results) -> dict:
    """Per count of CPU-bound threads both series ran: the model against
    CPython, and CPython's even rounds against its odd ones. InputError when
    there is no such count."""
    model, cpython = _rounds(results, convoy.MIRRORED_BY), _rounds(results, convoy.CPYTHON)
    common = sorted(set(model) & set(cpython))
    if not common:
        skipped = results.context.get(SKIPPED)
        raise InputError(NO_PAIRS + (f"; the cpython series was skipped: {skipped}" if skipped else ""))
    points = []
    for k in common:
        even, odd = cpython[k][0::2], cpython[k][1::2]
        # The share is compared in both or in neither, so the table and the tally hold the same figures.
        share = all(finite(row.counter(SHARE)) for row in model[k] + cpython[k])
        points.append({"cpu_threads": k, "rounds": {"model": len(model[k]), "cpython": len(cpython[k])},
                       "wakeups": {"model": sum(row.counter("wakeups") or 0 for row in model[k]),
                                   "cpython": sum(row.counter("wakeups") or 0 for row in cpython[k])},
                       "model_vs_cpython": compared(model[k], cpython[k], share),
                       "cpython_vs_itself": compared(even, odd, share)})
    one_side = {"model": sorted(set(model) - set(cpython)), "cpython": sorted(set(cpython) - set(model))}
    return {"tolerances": TOLERANCES, "share_band": fidelity.SHARE_BAND, "load": machine_load(results),
            "points": points, "one_side": one_side}


# ---- Markdown ----------------------------------------------------------------

FIGURES = {P50: "p50", P99: "p99", SHARE: "share waiting two intervals or more"}
SIDE_NAMES = {"model": "the gil model", "cpython": "CPython"}


def _compact(figure: dict, show) -> str:
    """"9.85 ms (9.79 ms to 10.4 ms)": the median and its interval; the count is the table's."""
    return interval_text(fidelity.interval(figure), show, counted=False)


def _shown(counter: str):
    return sig3_text if counter == SHARE else (lambda us: duration(us * 1000))


def _between(figure: dict, counter: str) -> str:
    if counter == SHARE:
        return _compact(figure["difference"], signed)
    return _compact(figure["ratio"], speed)


def _tally(made: dict, side: str) -> dict:
    found = [point[side][counter]["verdict"] for point in made["points"] for counter in FIGURES
             if counter in point[side]]
    return {verdict: found.count(verdict) for verdict in fidelity.VERDICTS}


def markdown(made: dict) -> str:
    lines = [f"Load: {made['load']['text']}.", "",
             f"Bars: p50 within {speed(TOLERANCES[P50])}, p99 within {speed(TOLERANCES[P99])}, the share of "
             f"long waits within {sig3_text(made['share_band'])} either way. Each figure is the median over "
             "rounds with its interval; CPython's halves are its even and its odd rounds.", "",
             "| k | figure | gil model | CPython | model vs CPython | verdict | CPython's halves | "
             "half vs half | verdict |",
             "|---|---|---|---|---|---|---|---|---|"]
    for point in made["points"]:
        for counter, name in FIGURES.items():
            mine, itself = point["model_vs_cpython"].get(counter), point["cpython_vs_itself"].get(counter)
            if mine is None or itself is None:
                continue
            show = _shown(counter)
            halves = f"{_compact(itself['model'], show)} / {_compact(itself['cpython'], show)}"
            cells = [number(point["cpu_threads"]), name, _compact(mine["model"], show),
                     _compact(mine["cpython"], show), _between(mine, counter), fidelity.verdict_text(mine), halves,
                     _between(itself, counter), fidelity.verdict_text(itself)]
            lines.append("| " + " | ".join(table_text(cell) for cell in cells) + " |")
    rounds = ", ".join(f"k = {number(p['cpu_threads'])}: {number(p['rounds']['model'])} / "
                       f"{number(p['rounds']['cpython'])} rounds, {number(p['wakeups']['model'])} / "
                       f"{number(p['wakeups']['cpython'])} wake-ups" for p in made["points"])
    tallies = {side: _tally(made, side) for side in ("model_vs_cpython", "cpython_vs_itself")}
    said = {side: ", ".join(f"{number(count)} {verdict}" for verdict, count in tally.items())
            for side, tally in tallies.items()}
    lines += ["", f"Rounds and wake-ups, model / CPython: {table_text(rounds)}."]
    for side, ks in made["one_side"].items():
        if ks:
            lines += ["", f"Only {SIDE_NAMES[side]} ran at k = "
                          f"{', '.join(number(k) for k in ks)}: nothing to set it against there."]
    lines += ["",
              f"The model against CPython: {said['model_vs_cpython']}. "
              f"CPython against itself: {said['cpython_vs_itself']}."]
    return "\n".join(lines) + "\n"


def main(argv) -> int:
    if len(argv) != 2:
        print(USAGE, file=sys.stderr)
        return 2
    source, folder = argv
    try:
        made = check(load(source))
        make_folder(folder)
        text = markdown(made)
        write_atomically(os.path.join(folder, "convoy_check.json"), made)
        write_replacing(os.path.join(folder, "convoy_check.md"), text.encode())
    except (InputError, RefusedFile) as error:
        print(f"convoy_check: {source}: {str(error).translate(CONTROL_AS_SPACE)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"convoy_check: cannot write to {folder}: {error.strerror or error}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
