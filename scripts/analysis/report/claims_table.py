"""The claims table scripts/report prints: the machine, then each claim's
verdict and why, what was measured and the shape expected. The texts from
the results are printed with their control characters (a terminal's escape
sequences too) made spaces."""
import re

from .render import text

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
INDENT = " " * 8


def plain(value) -> str:
    return CONTROL.sub(" ", text(value))


def claims_table(analysis: dict) -> list:
    machine = analysis["machine"]
    lines = [f"report: claims on {plain(machine['name'])} ({plain(machine['topology'])}):"]
    for claim in analysis["claims"]:
        lines.append(f"  {plain(claim['id']):<4} {plain(claim['verdict']):<14} {plain(claim['reason'])}")
        lines += [f"{INDENT}measured: {plain(figure)}" for figure in claim["figures"]]
        lines.append(f"{INDENT}expected: {plain(claim['shape'])}")
    return lines
