"""What scripts/ab reads of its runs: each run's real time per benchmark,
gathered into the samples scripts/ab_stats.py judges, and whether its
verdicts found a slowdown.

    python3 -m analysis.ab samples RUNS_DIR ROUNDS FILTER MIN_TIME SIDE...
        writes RUNS_DIR/samples.json from RUNS_DIR/<side>-<round>.json, SIDE...
        being the order the runs were made in
    python3 -m analysis.ab slower AB.json
        exits 1 when ab_stats.py's summary counts a benchmark slower, else 0
"""
import os
import sys

from .files import write_atomically
from .results import InputError, load, read_json

SIDES = ("base", "head")


def run_times(path: str) -> dict:
    """One run's real time in nanoseconds per benchmark."""
    return {row.name.short: row.real_time_ns for row in load(path).rows}


def samples(runs_dir: str, rounds: int, run: dict) -> dict:
    gathered = {side: [run_times(os.path.join(runs_dir, f"{side}-{r}.json")) for r in range(1, rounds + 1)]
                for side in SIDES}
    return {"run": run, **gathered}


def main(argv) -> int:
    try:
        if argv[1:2] == ["samples"] and len(argv) >= 6:
            runs_dir, rounds, filter_, min_time = argv[2:6]
            run = {"filter": filter_, "min_time_s": min_time, "order": argv[6:]}
            write_atomically(os.path.join(runs_dir, "samples.json"), samples(runs_dir, int(rounds), run))
            return 0
        if argv[1:2] == ["slower"] and len(argv) == 3:
            return 1 if read_json(argv[2])["counts"]["slower"] > 0 else 0
    except (InputError, OSError, KeyError, TypeError, ValueError) as error:
        print(f"ab: cannot read the runs: {error}", file=sys.stderr)
        return 2
    print("usage:\n" + __doc__.split("\n\n", 1)[1].rstrip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
