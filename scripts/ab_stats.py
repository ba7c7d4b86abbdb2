#!/usr/bin/python3
"""The statistics of scripts/ab: per benchmark, how far the head's wall time
moved from the base's, with an interval and a verdict.

    scripts/ab_stats.py --threshold=PERCENT --base-label=TEXT --head-label=TEXT \
        --json=OUT.json --markdown=OUT.md SAMPLES.json

SAMPLES.json is what scripts/ab gathers from its runs (through
analysis/ab.py): {"run": {...}, "base": [RUN...], "head": [RUN...]}, each RUN an
object of benchmark names and their real time in nanoseconds, and "run"
how they were made, copied into the JSON summary as it is. Each
output is written beside its target and renamed over it, whole or not at
all. Exits 0 once both are written, whatever the verdicts; 2 on bad input.

The statistics (a Hodges-Lehmann change with its Mann-Whitney U interval,
and the verdict against the threshold) are analysis.stats.rank's, which
says how and why.
"""
import argparse
import json
import math
import os
import sys
import tempfile

import numpy as np

from analysis.markdown import code_span, table_cell
from analysis.stats.rank import CONFIDENCE, VERDICTS, change


def compare(name, base_ns, head_ns, threshold):
    return {
        "name": name,
        "base_median_ns": float(np.median(base_ns)),
        "head_median_ns": float(np.median(head_ns)),
        **change(base_ns, head_ns, threshold),
        "base_ns": base_ns,
        "head_ns": head_ns,
    }


def samples(runs, name):
    return [run[name] for run in runs]


def summary(samples_file, threshold, labels):
    base_runs, head_runs = samples_file["base"], samples_file["head"]
    base_names, head_names = set(base_runs[0]), set(head_runs[0])
    compared = [compare(name, samples(base_runs, name), samples(head_runs, name), threshold)
                for name in sorted(base_names & head_names)]
    verdicts = [c["verdict"] for c in compared]
    return {
        "base": labels["base"],
        "head": labels["head"],
        "method": "Hodges-Lehmann shift of log wall time, Mann-Whitney U interval",
        "confidence": CONFIDENCE,
        "threshold_percent": threshold,
        "runs_per_side": len(base_runs),
        "run": samples_file.get("run"),
        "counts": {v: verdicts.count(v) for v in VERDICTS},
        "only_in_base": sorted(base_names - head_names),
        "only_in_head": sorted(head_names - base_names),
        "benchmarks": compared,
    }


def duration(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def markdown(result):
    threshold = result["threshold_percent"]
    lines = [
        f"### slicebench A/B: {code_span(result['head'])} against {code_span(result['base'])}",
        "",
        f"{result['runs_per_side']} runs of each, interleaved in random order on one machine. "
        f"The change is the Hodges-Lehmann estimate of the shift in median wall time, with its "
        f"{result['confidence']:.0%} interval from Mann-Whitney's U test; a benchmark is slower "
        f"or faster when its whole interval lies past {threshold:g}% either way.",
        "",
        "| benchmark | base | head | change | interval | verdict |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for c in result["benchmarks"]:
        low, high = c["interval_percent"]
        verdict = f"**{c['verdict']}**" if c["verdict"] != "no change" else c["verdict"]
        lines.append(f"| {table_cell(c['name'])} | {duration(c['base_median_ns'])} | "
                     f"{duration(c['head_median_ns'])} | {c['change_percent']:+.1f}% | "
                     f"{low:+.1f}% .. {high:+.1f}% | {verdict} |")
    counts = result["counts"]
    lines += ["", f"{counts['slower']} slower, {counts['faster']} faster, {counts['no change']} with no change."]
    for side in ("base", "head"):
        if result[f"only_in_{side}"]:
            names = ", ".join(table_cell(name) for name in result[f"only_in_{side}"])
            lines.append(f"Only in the {side}, not compared: {names}.")
    return "\n".join(lines) + "\n"


def write_whole(path, text):
    """Writes text to path whole or not at all: beside it, then renamed."""
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile("w", dir=folder, prefix=".ab-", suffix=".partial", delete=False) as out:
        try:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        except BaseException:
            os.unlink(out.name)
            raise
    os.replace(out.name, path)


def check_samples(samples_file):
    """Why SAMPLES.json will not do, or None."""
    if not isinstance(samples_file, dict):
        return "it is not an object"
    for side in ("base", "head"):
        runs = samples_file.get(side)
        if not isinstance(runs, list) or len(runs) < 2:
            return f"{side} needs a list of at least two runs"
        for run in runs:
            if not isinstance(run, dict) or set(run) != set(runs[0]):
                return f"the runs of {side} do not all have the same benchmarks"
            if not all(isinstance(t, (int, float)) and 0 < t < math.inf for t in run.values()):
                return f"a run of {side} has a time that is not a number above 0"
    return None


def main():
    parser = argparse.ArgumentParser(prog="ab_stats.py", description="The statistics of scripts/ab.")
    parser.add_argument("--threshold", type=float, required=True, help="percent past which a change counts")
    parser.add_argument("--base-label", required=True)
    parser.add_argument("--head-label", required=True)
    parser.add_argument("--json", required=True, help="the JSON summary to write")
    parser.add_argument("--markdown", required=True, help="the Markdown summary to write")
    parser.add_argument("samples", help="the runs' times, as scripts/ab gathers them")
    args = parser.parse_args()
    if not 0 <= args.threshold < math.inf:
        parser.error(f"--threshold must be a percentage from 0, got {args.threshold}")
    try:
        with open(args.samples) as f:
            samples_file = json.load(f)
    except (OSError, ValueError) as e:
        parser.error(f"cannot read {args.samples}: {e}")
    problem = check_samples(samples_file)
    if problem:
        parser.error(f"{args.samples} is not a set of runs: {problem}")
    result = summary(samples_file, args.threshold, {"base": args.base_label, "head": args.head_label})
    if not result["benchmarks"]:
        parser.error("base and head have no benchmark in common")
    write_whole(args.json, json.dumps(result, indent=1) + "\n")
    write_whole(args.markdown, markdown(result))


if __name__ == "__main__":
    sys.exit(main())
