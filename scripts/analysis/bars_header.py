"""The claims' bars and the intervals' confidence as a C header, so that the
program's paired family (bench/families/paired.c) samples until its
interval is decided against the very bars the analysis judges with:
docs/claims.json and stats/intervals.py stay their one home. CMake writes
the header into the build folder whenever either changes:

    python3 -m analysis.bars_header OUT.h     (with scripts/ on PYTHONPATH)

Each bar is SB_BAR_<ID>_<NAME>, in capitals: C3's speedup_per_pu is
SB_BAR_C3_SPEEDUP_PER_PU."""
import os
import re
import sys

from .claims.entries import ClaimsError, read
from .files import make_folder, write_replacing
from .stats.intervals import CONFIDENCE, MIN_REPETITIONS


def _macro(claim_id: str, bar: str) -> str:
    name = f"SB_BAR_{claim_id}_{bar}".upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
        raise ClaimsError(f"bar {bar!r} of claim {claim_id} cannot name a C macro")
    return name


def header(entries: list) -> str:
    lines = ["/* Written by scripts/analysis/bars_header.py from docs/claims.json and",
             " * scripts/analysis/stats/intervals.py: edit those, not this. */",
             "#ifndef SLICEBENCH_CLAIM_BARS_H", "#define SLICEBENCH_CLAIM_BARS_H", "",
             f"#define SB_INTERVAL_CONFIDENCE {CONFIDENCE!r}",
             f"#define SB_INTERVAL_MIN_SAMPLES {MIN_REPETITIONS}", ""]
    for entry in entries:
        lines += [f"#define {_macro(entry['id'], bar)} {float(value)!r}" for bar, value in entry["bars"].items()]
    return "\n".join(lines + ["", "#endif", ""])


def main(argv: list) -> int:
    if len(argv) != 1:
        print("usage: python3 -m analysis.bars_header OUT.h", file=sys.stderr)
        return 2
    try:
        text = header(read())
    except ClaimsError as error:
        print(f"bars_header: {error}", file=sys.stderr)
        return 1
    make_folder(os.path.dirname(os.path.abspath(argv[0])))
    write_replacing(argv[0], text.encode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
