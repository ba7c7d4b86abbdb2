"""Fits Amdahl's law and the Universal Scalability Law to speedup curves,
with a bootstrap confidence interval of the USL's peak.

Reads, on stdin, a JSON list of curves as scaling_points.jq's scaling_curves
writes them ({workload, model, placement, points: [{workers, median,
speedups}, ...]}) and writes, on stdout, a JSON list of one object per
curve: its fits, as analysis.usl.fit_curve gives them (analysis.usl says how,
and what each field means). Exits 1 on bad input.

Run with /usr/bin/python3 (Debian's, which has python3-scipy).
"""
import json
import sys

from analysis.usl import fit_curve


def main():
    try:
        curves = json.load(sys.stdin)
        if not isinstance(curves, list):
            raise ValueError("expected a list of curves")
        fits = [fit_curve(curve) for curve in curves]
    except (ValueError, KeyError, TypeError) as error:
        print(f"scaling_fit: bad input: {error}", file=sys.stderr)
        return 1
    json.dump(fits, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
