"""Amdahl's law and the Universal Scalability Law fitted to a speedup curve,
and a bootstrap confidence interval of the USL's peak.

fit_curve takes a curve as the analysis gives it ({workload, model,
placement, points: [{workers, median, speedups}, ...]}, speedups being one
per repetition; a point without them counts as one repetition of its
median) and gives back its fits.

The laws describe how a model scales against itself, so each curve is first
divided by its own one-worker point: R(N) = S(N) / S(1), where S is the
speedup over seq. With R:

    Amdahl  R(N) = 1 / (s + (1 - s) / N)             0 <= s <= 1 (serial fraction)
    USL     R(N) = N / (1 + a (N - 1) + b N (N - 1))  a, b >= 0

a is contention (queueing on a shared resource), b coherency (the cost of
keeping workers in agreement, which makes the curve fall past its peak
N* = sqrt((1 - a) / b)). Fits are least squares on the medians with those
bounds.

The interval: the repetitions at each worker count are resampled with
replacement (RESAMPLES times, from a fixed seed, so that the same input
gives the same output), the medians of each resample refitted, and the
percentile interval of N*, a and b over the refits taken at CONFIDENCE
(analysis.stats.bootstrap).

The USL's peak is refused, with the reason in words in `refused`, when it
cannot be trusted: fewer than MIN_POINTS worker counts; no one-worker point;
a fit that explains the curve badly (R^2 of R against the medians below
MIN_R2); no peak (b at its bound 0: still climbing; or a curve that falls
from one worker on); N* more than FAR_BEYOND times the largest measured
count; one repetition per count (nothing to resample); or an interval
without an upper end (resamples with no peak).

Each curve's fit:
    workload, model, placement, points ([[workers, median], ...])
    status        "fitted", "too few points" or "no one-worker point"
    one_worker_speedup, amdahl {serial_fraction, parallel_fraction, r2, rms},
    usl {a, b, peak_workers, r2, rms}     the fits on the medians (when fitted)
    a, b, n_star  the USL's coefficients and peak (null when not fitted, or
                  no peak), n_star_low, n_star_high, a_low, a_high, b_low,
                  b_high: the bootstrap interval (null when refused before it)
    confidence, resamples, refused (null, or why the peak is not trusted)
"""
import math

import numpy
from scipy.optimize import least_squares

from .stats.bootstrap import percentile_interval, resampled_medians

MIN_POINTS = 3
MIN_R2 = 0.9
FAR_BEYOND = 2.0
RESAMPLES = 1000
CONFIDENCE = 0.95
SEED = 20240601
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


def fit_usl_resamples(n, r, start, iterations=200):
    """The USL fitted to every row of r (one resample each) at once: a
    Levenberg-Marquardt search on (a, b) >= 0, from `start`, whose steps keep
    a coefficient at 0 while the slope pushes it below. scipy's least_squares
    fits one curve a call, a thousand times too slow for every `scripts/plot`;
    this does all the resamples of a curve in one set of array operations."""
    count = r.shape[0]
    p = numpy.tile(numpy.asarray(start, dtype=float), (count, 1))
    damping = numpy.full(count, 1e-3)
    da = n - 1.0
    db = n * (n - 1.0)

    def residual(p):
        return n / (1.0 + p[:, :1] * da + p[:, 1:] * db) - r

    cost = numpy.sum(residual(p) ** 2, axis=1)
    for _ in range(iterations):
        denominator = 1.0 + p[:, :1] * da + p[:, 1:] * db
        res = n / denominator - r
        common = -n / denominator ** 2
        ja, jb = common * da, common * db
        ga, gb = numpy.sum(ja * res, axis=1), numpy.sum(jb * res, axis=1)
        haa, hab, hbb = numpy.sum(ja * ja, axis=1), numpy.sum(ja * jb, axis=1), numpy.sum(jb * jb, axis=1)
        # A coefficient at its bound whose slope would take it below stays there.
        free_a = (p[:, 0] > 0.0) | (ga < 0.0)
        free_b = (p[:, 1] > 0.0) | (gb < 0.0)
        daa = numpy.where(free_a, haa * (1.0 + damping), 1.0)
        dbb = numpy.where(free_b, hbb * (1.0 + damping), 1.0)
        dab = numpy.where(free_a & free_b, hab, 0.0)
        ga, gb = numpy.where(free_a, ga, 0.0), numpy.where(free_b, gb, 0.0)
        determinant = daa * dbb - dab * dab
        step = numpy.stack([-(dbb * ga - dab * gb) / determinant, -(daa * gb - dab * ga) / determinant], axis=1)
        trial = numpy.maximum(p + step, 0.0)
        trial_cost = numpy.sum(residual(trial) ** 2, axis=1)
        better = trial_cost < cost
        settled = (cost - trial_cost <= 1e-15 * cost) | (damping > 1e12)
        p = numpy.where(better[:, None], trial, p)
        cost = numpy.where(better, trial_cost, cost)
        damping = numpy.where(better, damping / 3.0, damping * 4.0)
        if numpy.all(settled):
            break
    return numpy.where(p < AT_BOUND, 0.0, p)


def peak_workers(a, b):
    """Where R is highest for N >= 1: N* when it is past 1, 1 for a curve
    that falls from one worker on, infinity for one that never stops
    climbing (b = 0)."""
    with numpy.errstate(divide="ignore", invalid="ignore"):
        inside = numpy.sqrt(numpy.maximum(1.0 - a, 0.0) / b)
    return numpy.where(a >= 1.0, 1.0, numpy.where(b > 0.0, numpy.maximum(inside, 1.0), numpy.inf))


def resampled_ratios(points, one_index, rng):
    """RESAMPLES rows of R: each worker count's repetitions drawn with
    replacement, their median taken, divided by the one-worker median of the
    same draw."""
    medians = resampled_medians(points, RESAMPLES, rng)
    return medians / medians[:, one_index:one_index + 1]


def why_refused(n, a, b, quality, repetitions):
    """Why the USL's peak is not to be trusted, before any resampling; None
    when it may be."""
    if quality["r2"] is None:
        return "the curve is flat: every point is the same"
    if quality["r2"] < MIN_R2:
        return f"the fit explains the curve badly: R^2 = {quality['r2']:.3f}, below {MIN_R2}"
    if b == 0.0 and a < 1.0:
        return "no peak: still climbing at the largest measured count"
    peak = float(peak_workers(numpy.float64(a), numpy.float64(b)))
    if peak <= 1.0:
        return "no peak: the curve falls from one worker on"
    if peak > FAR_BEYOND * n.max():
        return (f"the peak N* = {peak:.3g} is far outside the measured range (1 to {n.max():g}): "
                f"more than {FAR_BEYOND:g} times its largest count")
    if max(repetitions) < 2:
        return "one repetition per worker count: nothing to resample"
    return None


def fit_curve(curve):
    """One curve ({workload, model, placement, points: [{workers, median,
    speedups}, ...]}) fitted: the object the module's docstring describes,
    named by the curve's keys other than points (a CPython construct's by
    workload, construct and model)."""
    points = sorted((p["workers"], p["median"], p.get("speedups") or [p["median"]]) for p in curve["points"])
    out = {key: value for key, value in curve.items() if key != "points"}
    out["points"] = [[w, s] for w, s, _ in points]
    out.update(a=None, b=None, n_star=None, n_star_low=None, n_star_high=None,
               a_low=None, a_high=None, b_low=None, b_high=None,
               confidence=CONFIDENCE, resamples=RESAMPLES, refused=None)
    one = [i for i, (w, s, _) in enumerate(points) if w == 1 and s > 0]
    if len(points) < MIN_POINTS:
        out["status"] = "too few points"
        out["refused"] = f"too few worker counts: {len(points)}, and a fit needs at least {MIN_POINTS}"
        return out
    if not one:
        out["status"] = "no one-worker point"
        out["refused"] = "no one-worker point to measure the curve against"
        return out
    one_index = one[0]
    n = numpy.array([w for w, _, _ in points], dtype=float)
    r = numpy.array([s for _, s, _ in points], dtype=float) / points[one_index][1]
    (s,), amdahl_quality = fit(amdahl, n, r, [[0.1], [0.5], [0.9]], 1.0)
    (a, b), usl_quality = fit(usl, n, r, [[0.0, 0.0], [0.1, 0.01], [0.5, 0.1]], numpy.inf)
    peak = math.sqrt((1.0 - a) / b) if b > 0.0 and a < 1.0 else None
    out.update(
        status="fitted",
        one_worker_speedup=points[one_index][1],
        amdahl={"serial_fraction": s, "parallel_fraction": 1.0 - s, **amdahl_quality},
        usl={"a": a, "b": b, "peak_workers": peak, **usl_quality},
        a=a, b=b, n_star=peak,
    )
    out["refused"] = why_refused(n, a, b, usl_quality, [len(speedups) for _, _, speedups in points])
    if out["refused"] is not None:
        return out
    # One generator per curve: a curve's interval does not depend on the others.
    rng = numpy.random.default_rng(SEED)
    ratios = resampled_ratios([speedups for _, _, speedups in points], one_index, rng)
    refits = fit_usl_resamples(n, ratios, [a, b])
    peaks = peak_workers(refits[:, 0], refits[:, 1])
    out["n_star_low"], out["n_star_high"] = percentile_interval(peaks, CONFIDENCE)
    out["a_low"], out["a_high"] = percentile_interval(refits[:, 0], CONFIDENCE)
    out["b_low"], out["b_high"] = percentile_interval(refits[:, 1], CONFIDENCE)
    if math.isinf(out["n_star_high"]):
        out["n_star_high"] = None
        climbing = float(numpy.mean(numpy.isinf(peaks)))
        out["refused"] = (f"the bootstrap interval is unbounded: {climbing:.0%} of the resampled curves "
                          "have no peak (still climbing)")
    return out
