"""What a CI run on one runner tells the people who read its job: the steps
in the runner's history of runs (scripts/changepoints' output), the run
before this one, and this run's claims' verdicts (its analysis.json), as
Markdown for the job's summary; and, on stdout, a GitHub Actions annotation
for each recent step past the threshold.

    python3 -m analysis.ci_summary CHANGEPOINTS.json ANALYSIS.json SUMMARY.md

SUMMARY.md is written whole or not at all. Exits 0 whatever the figures
say; 1, with one line, when an input will not do or the summary cannot be
written.

A step is annotated, never failed on: the quick runs on shared runners are
noisy and each may land on another host, and a job that fails on noise
teaches its readers to ignore it. The gate (instruction counts) and
scripts/ab (both builds on one machine at once) are the checks that fail.
"""
import json
import os
import sys

from . import files
from .fmt import plural, sig3_text, speed
from .markdown import code_span, table_cell, table_text, text
from .report.history_page import run_name
from .report.inputs import load_analysis
from .results import InputError
from .stats.changepoints import MIN_SEGMENT

# A step is annotated when it makes a benchmark this share slower, or as
# much faster (the same ratio the other way): smaller steps on a shared
# runner are as often a change of host as of code.
STEP_THRESHOLD = 0.10
# A step is found once MIN_SEGMENT runs stand at its new level, so it starts
# MIN_SEGMENT runs before the last at the latest: it is annotated by the run
# that confirms it and the one after, then left to the summary's table.
RECENT_RUNS = MIN_SEGMENT + 1
ANNOTATIONS = {"slower": "warning", "faster": "notice"}
ANNOTATION_TITLE = "Step in this runner's history"
# The newest steps shown in the table; a long, noisy history has more, and
# the report's history page (in the job's artifact) shows them all.
MOST_STEPS_SHOWN = 50
USAGE = "usage: python3 -m analysis.ci_summary CHANGEPOINTS.json ANALYSIS.json SUMMARY.md"


def direction(ratio: float) -> str:
    """"slower" or "faster" for a step past the threshold, else ""."""
    if ratio >= 1 + STEP_THRESHOLD:
        return "slower"
    if ratio <= 1 / (1 + STEP_THRESHOLD):
        return "faster"
    return ""


def runs_in(benchmark: dict, segment: dict) -> int:
    """How many of the benchmark's points a segment holds."""
    return sum(segment["first"] <= index <= segment["last"] for index, _ in benchmark["points"])


def steps(changepoints: dict) -> list:
    """Every step of every benchmark, newest first, each with the runs on
    either side of it, the noise it stood out from, and its annotation
    ("" when it is not recent or not past the threshold)."""
    recent_from = len(changepoints["runs"]) - RECENT_RUNS
    found = []
    for benchmark in changepoints["benchmarks"]:
        segments = benchmark["segments"]
        for before, after, change in zip(segments, segments[1:], benchmark["change_points"]):
            way = direction(change["ratio"]) if change["index"] >= recent_from else ""
            found.append({"name": benchmark["name"], "index": change["index"], "run": run_name(change),
                          "ratio": change["ratio"], "runs": (runs_in(benchmark, before), runs_in(benchmark, after)),
                          "noise": benchmark["noise"], "annotation": ANNOTATIONS.get(way, ""), "direction": way})
    return sorted(found, key=lambda step: (-step["index"], step["name"]))


def step_text(ratio: float) -> str:
    return f"{speed(ratio)} ({'slower' if ratio > 1 else 'faster'})"


def runs_line(runs: list) -> str:
    if not runs:
        return "The history has no run."
    line = f"This run is {run_name(runs[-1])}, the last of {plural(len(runs), 'run')} in the history"
    if len(runs) == 1:
        return text(line + ": no step can be found before more runs follow.")
    return text(f"{line}; the run before it is {run_name(runs[-2])}.")


def steps_section(found: list) -> list:
    lines = ["", f"A step is where a benchmark's median time moved to a new level and stayed there "
                 f"(scripts/changepoints), found once {plural(MIN_SEGMENT, 'run')} show it. One that starts in "
                 f"the last {plural(RECENT_RUNS, 'run')} and moves a time by {sig3_text(100 * STEP_THRESHOLD)}% "
                 f"or more is annotated, slower as a {ANNOTATIONS['slower']} and faster as a "
                 f"{ANNOTATIONS['faster']}; none fails the job.", ""]
    if not found:
        return lines + ["No step in the history: every benchmark has stayed at one level."]
    lines += ["| benchmark | from | step | runs before, after | noise | annotation |",
              "|---|---|--:|--:|--:|---|"]
    for step in found[:MOST_STEPS_SHOWN]:
        annotation = f"**{step['annotation']}**" if step["annotation"] else ""
        lines.append(f"| {table_cell(step['name'])} | {table_text(step['run'])} | {step_text(step['ratio'])} | "
                     f"{step['runs'][0]}, {step['runs'][1]} | {sig3_text(100 * step['noise'])}% | {annotation} |")
    if len(found) > MOST_STEPS_SHOWN:
        lines += ["", f"{plural(len(found) - MOST_STEPS_SHOWN, 'earlier step')} not shown: the report's history "
                      f"page, in the job's artifact, has them all."]
    return lines


def claims_section(claims: list) -> list:
    lines = ["", "| claim | verdict | why |", "|---|---|---|"]
    for claim in claims:
        verdict = claim["verdict"] + (f" ({claim['cause']})" if claim.get("cause") else "")
        lines.append(f"| {table_text(claim['id'])} | {table_text(verdict)} | {table_text(claim['reason'] or '')} |")
    return lines


def summary(changepoints: dict, found: list, analysis: dict) -> str:
    machine = analysis["machine"]["name"]
    lines = [f"### slicebench on {code_span(machine)}: its history of runs and its claims", "",
             runs_line(changepoints["runs"])]
    lines += steps_section(found)
    lines += ["", "#### The claims' verdicts on this run"] + claims_section(analysis["claims"])
    return "\n".join(lines) + "\n"


def escaped_data(value: str) -> str:
    """value as a workflow command's message: it can end no line, so it can start no command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escaped_property(value: str) -> str:
    """value as a workflow command's property, which a colon or comma would end."""
    return escaped_data(value).replace(":", "%3A").replace(",", "%2C")


def annotations(found: list) -> list:
    """One workflow command per annotated step."""
    return [f"::{step['annotation']} title={escaped_property(ANNOTATION_TITLE)}::"
            + escaped_data(f"{step['name']} is {speed(step['ratio'])} {step['direction']} from {step['run']} on")
            for step in found if step["annotation"]]


def read(changepoints_path: str, analysis_path: str) -> tuple:
    """The change points and the analysis; InputError says why one will not do."""
    try:
        changepoints = json.loads(files.read_text(changepoints_path))
    except (OSError, ValueError) as error:
        raise InputError(f"{changepoints_path} cannot be read as scripts/changepoints' output ({error})") from None
    analysis = load_analysis(analysis_path)
    if not isinstance(analysis.get("machine"), dict) or not isinstance(analysis.get("claims"), list):
        raise InputError(f"{analysis_path} has no machine or claims; run scripts/analyse on its folder")
    return changepoints, analysis


def main(argv) -> int:
    if len(argv) != 4:
        print(USAGE, file=sys.stderr)
        return 2
    changepoints_path, analysis_path, out = argv[1:]
    try:
        changepoints, analysis = read(changepoints_path, analysis_path)
        found = steps(changepoints)
        document = summary(changepoints, found, analysis)
        files.make_folder(os.path.dirname(os.path.abspath(out)))
        files.write_replacing(out, document.encode())
    except InputError as error:
        print(f"ci_summary: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ci_summary: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    for line in annotations(found):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
