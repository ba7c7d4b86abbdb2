"""Fits Amdahl's law and the Universal Scalability Law to speedup curves.

Reads, on stdin, a JSON list of curves as results.jq's all_speedup_curves
writes them ({workload, model, placement, points: [{workers, median}, ...]})
and writes, on stdout, one JSON object per curve with the fitted coefficients.

The laws describe how a model scales against itself, so each curve is first
divided by its own one-worker point: R(N) = S(N) / S(1), where S is the
speedup over seq. With R:

    Amdahl  R(N) = 1 / (s + (1 - s) / N)             0 <= s <= 1 (serial fraction)
    USL     R(N) = N / (1 + a (N - 1) + b N (N - 1))  a, b >= 0

a is contention (queueing on a shared resource), b coherency (the cost of
keeping workers in agreement, which makes the curve fall past its peak
N* = sqrt((1 - a) / b)). Fits are least squares with those bounds; with
fewer than three worker counts nothing is fitted.

Run with /usr/bin/python3 (Debian's, which has python3-scipy).
"""
import json
import math
import sys

import numpy
from scipy.optimize import least_squares

MIN_POINTS = 3
AT_BOUND = 1e-9


def amdahl(n, s):
    return 1.0 / (s + (1.0 - s) / n)


def usl(n, a, b):
    return n / (1.0 + a * (n - 1.0) + b * n * (n - 1.0))


def fit(law, n, r, starts, upper):
    """Least squares with every coefficient in [0, upper], from several
    starting points, since a bounded fit can stop at a local minimum."""
    best = None
    for start in starts:
        # Tight tolerances: the defaults stop a coefficient at 1e-6 that is 0.
        result = least_squares(lambda c: law(n, *c) - r, start, bounds=(0.0, upper),
                               xtol=1e-14, ftol=1e-14, gtol=1e-14)
        if best is None or result.cost < best.cost:
            best = result
    # A coefficient the bound stopped at is left a hair above zero: call it
    # zero, or a flat USL would report a peak at a billion workers.
    coefficients = [0.0 if c < AT_BOUND else float(c) for c in best.x]
    residual = law(n, *coefficients) - r
    spread = float(numpy.sum((r - r.mean()) ** 2))
    quality = {
        "rms": float(math.sqrt(numpy.mean(residual ** 2))),
        # R^2 is undefined for a flat curve, which any constant fits.
        "r2": None if spread == 0.0 else 1.0 - float(numpy.sum(residual ** 2)) / spread,
    }
    return coefficients, quality


def fit_curve(curve):
    points = sorted((p["workers"], p["median"]) for p in curve["points"])
    out = {key: curve[key] for key in ("workload", "model", "placement")}
    out["points"] = [[w, s] for w, s in points]
    one = [s for w, s in points if w == 1]
    if len(points) < MIN_POINTS:
        out["status"] = "too few points"
        return out
    if not one or one[0] <= 0:
        out["status"] = "no one-worker point"
        return out
    n = numpy.array([w for w, _ in points], dtype=float)
    r = numpy.array([s for _, s in points], dtype=float) / one[0]
    (s,), amdahl_quality = fit(amdahl, n, r, [[0.1], [0.5], [0.9]], 1.0)
    (a, b), usl_quality = fit(usl, n, r, [[0.0, 0.0], [0.1, 0.01], [0.5, 0.1]], numpy.inf)
    peak = math.sqrt((1.0 - a) / b) if b > 0.0 and a < 1.0 else None
    out.update(
        status="fitted",
        one_worker_speedup=one[0],
        amdahl={"serial_fraction": s, "parallel_fraction": 1.0 - s, **amdahl_quality},
        usl={"a": a, "b": b, "peak_workers": peak, **usl_quality},
    )
    return out


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
