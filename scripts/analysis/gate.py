"""The CI gate's verdicts and baseline: scripts/gate counts each kernel's
instructions under callgrind and hands the counts here, which either judges
them against the baseline (results/gate/baseline.json) or writes them as the
new baseline.

    python3 -m analysis.gate compare BASELINE MEASURED [--named]
    python3 -m analysis.gate rebaseline BASELINE MEASURED [--named]

MEASURED has one line per kernel: its name, its iterations and the
instructions counted over them. --named: only the kernels named to
scripts/gate were measured, so the baseline's others are neither judged nor
replaced. A kernel fails when it costs more than the baseline's
threshold_percent above its baseline; one measured but not in the baseline
(new), or in it but not measured (gone), fails too, so the baseline always
says what is watched. Exits 0 when every kernel passes or the baseline was
written, 1 when one fails or an input will not do, 2 on a bad call.
"""
import json
import math
import os
import sys
from dataclasses import dataclass
from typing import Optional

from . import baseline, files
from .check import problem as input_problem
from .fmt import number, shown
from .results import InputError, read_json

# A first baseline's threshold, in percent above a kernel's instructions per iteration.
DEFAULT_THRESHOLD_PERCENT = 3
COMMANDS = ("compare", "rebaseline")
USAGE = "usage: python3 -m analysis.gate compare|rebaseline BASELINE MEASURED [--named]"
# The failing verdicts whose kernels the gate names, and what it says of them.
NAMED_VERDICTS = {"new": "measured, but not in the baseline", "gone": "in the baseline, but no longer measured"}
REBASELINE_HINT = "gate: if that is intended, re-baseline with 'scripts/gate --rebaseline' and commit {path}."


@dataclass(frozen=True)
class Verdict:
    """One kernel against the baseline: its instructions per iteration now
    and before (None when it has none), the change in percent (None unless it
    has both) and the verdict: ok, FAIL, new or gone."""
    kernel: str
    now: Optional[float]
    before: Optional[float]
    change_percent: Optional[float]
    verdict: str


def per_iteration(instructions: int, iterations: int):
    """Instructions per iteration, a whole number kept whole (written 12, not 12.0)."""
    return instructions // iterations if instructions % iterations == 0 else instructions / iterations


def read_measured(path: str) -> dict:
    """MEASURED's lines as baseline entries by kernel, in the order measured."""
    try:
        with open(path, encoding="utf-8") as stream:
            lines = stream.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot be read ({getattr(error, 'strerror', None) or error})") from None
    measured = {}
    for index, line in enumerate(lines):
        fields = line.split()
        if len(fields) != 3 or not fields[1].isdigit() or not fields[2].isdigit() or int(fields[1]) == 0:
            raise InputError(f"line {index + 1} is not: KERNEL ITERATIONS INSTRUCTIONS")
        kernel, iterations, instructions = fields[0], int(fields[1]), int(fields[2])
        measured[kernel] = {"iterations": iterations,
                            "instructions_per_iteration": per_iteration(instructions, iterations)}
    return measured


def verdict(kernel: str, now: Optional[float], before: Optional[float], threshold_percent: float) -> Verdict:
    """A kernel's verdict; before, when there is one, is above 0 (baseline.problem sees to it)."""
    if before is None:
        return Verdict(kernel, now, None, None, "new")
    if now is None:
        return Verdict(kernel, None, before, None, "gone")
    change = (now - before) / before * 100
    return Verdict(kernel, now, before, change, "FAIL" if change > threshold_percent else "ok")


def verdicts(measured: dict, document: dict, named: bool) -> list:
    """Each kernel measured, and unless only named ones were, each in the
    baseline, by name."""
    kept = document["kernels"]
    kernels = sorted(set(measured) | (set() if named else set(kept)))
    return [verdict(k, measured.get(k, {}).get("instructions_per_iteration"),
                    kept.get(k, {}).get("instructions_per_iteration"), document["threshold_percent"])
            for k in kernels]


def _hundredths(value: float) -> float:
    """The value to 2 decimals, halves away from zero."""
    scaled = value * 100
    whole = math.floor(abs(scaled))
    if abs(scaled) - whole >= 0.5:
        whole += 1
    return math.copysign(whole, scaled) / 100


def table_line(v: Verdict) -> str:
    change = "-" if v.change_percent is None else number(_hundredths(v.change_percent))
    return f"  {v.kernel:<18} {shown(v.now, number):>14} {shown(v.before, number):>14} {change:>8}%  {v.verdict}"


def report(judged: list, path: str, threshold_percent: float) -> tuple:
    """What the gate prints: (lines for stdout, lines for stderr); it fails
    when there is a line for stderr."""
    out = [f"gate: instructions per iteration, against {path} (fail above +{number(threshold_percent)}%)",
           f"  {'kernel':<18} {'now':>14} {'baseline':>14} {'change':>9}  verdict"]
    out += [table_line(v) for v in judged]
    errors = []
    if any(v.verdict == "FAIL" for v in judged):
        errors.append("gate: a hot path got dearer than the threshold allows.")
    for kind, says in NAMED_VERDICTS.items():
        kernels = [v.kernel for v in judged if v.verdict == kind]
        if kernels:
            errors.append(f"gate: {says}:" + "".join(f" {k}" for k in kernels))
    if errors:
        errors.append(REBASELINE_HINT.format(path=path))
    else:
        out.append("gate: passed")
    return out, errors


def rebaselined(old, measured: dict, named: bool) -> dict:
    """The new baseline: the old one's threshold when it is a number, and
    when only named kernels were measured, the old one's other kernels."""
    old = old if isinstance(old, dict) else {}
    threshold = old.get("threshold_percent")
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool):
        threshold = DEFAULT_THRESHOLD_PERCENT
    kept = old.get("kernels") if named and isinstance(old.get("kernels"), dict) else {}
    return {"threshold_percent": threshold, "kernels": {**kept, **measured}}


def _old_baseline(path: str):
    """The baseline being replaced, as parsed, or None when it cannot be read."""
    try:
        return read_json(path)
    except InputError:
        return None


def write_baseline(path: str, document: dict) -> None:
    """The document at path, whole or not at all (files.py's rule)."""
    files.make_folder(os.path.dirname(path) or ".")
    files.write_replacing(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())


def _kernel_cost(entry) -> str:
    cost = entry.get("instructions_per_iteration") if isinstance(entry, dict) else None
    return number(cost) if isinstance(cost, (int, float)) and not isinstance(cost, bool) else "null"


def rebaseline(path: str, measured: dict, named: bool) -> int:
    document = rebaselined(_old_baseline(path), measured, named)
    try:
        write_baseline(path, document)
    except OSError as error:
        print(f"gate: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"gate: wrote {path}:")
    for kernel, entry in document["kernels"].items():
        print(f"  {kernel}: {_kernel_cost(entry)} instructions per iteration")
    return 0


def compare(path: str, measured: dict, named: bool) -> int:
    why = input_problem("baseline", path)
    if why:
        print(f"gate: {why}", file=sys.stderr)
        return 1
    document = baseline.load(path)
    out, errors = report(verdicts(measured, document, named), path, document["threshold_percent"])
    print("\n".join(out), flush=True)
    if errors:
        print("\n".join(errors), file=sys.stderr)
    return 1 if errors else 0


def main(argv) -> int:
    arguments = argv[1:]
    named = arguments[3:] == ["--named"]
    if len(arguments) != 3 + named or arguments[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    command, path, measured_path = arguments[:3]
    try:
        measured = read_measured(measured_path)
    except InputError as error:
        print(f"gate: {measured_path} {error}", file=sys.stderr)
        return 1
    return (rebaseline if command == "rebaseline" else compare)(path, measured, named)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
