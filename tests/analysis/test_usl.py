"""analysis.usl: curves of known laws give back their coefficients and the
USL's peak inside its bootstrap interval; each reason to refuse the peak is
given when it applies, and only then."""
import math

import pytest

from analysis.usl import CONFIDENCE, FAR_BEYOND, MIN_POINTS, MIN_R2, RESAMPLES, amdahl, fit_curve, usl

COUNTS = [1, 2, 3, 4, 6, 8, 12, 16]
ONE_WORKER_SPEEDUP = 0.8


def curve(law, counts=COUNTS, noise=0.02, repetitions=True):
    """A curve whose medians follow law(N) times the one-worker speedup:
    five repetitions at each count, the median times 1 + noise * k / 2 for
    k = -2..2, rotated by the point's place so that no repetition is always
    the fastest."""
    points = []
    for place, workers in enumerate(counts):
        value = ONE_WORKER_SPEEDUP * law(workers)
        spread = [value * (1 + noise * k / 2) for k in range(-2, 3)]
        point = {"workers": workers, "median": value}
        if repetitions:
            point["speedups"] = spread[place % 5:] + spread[:place % 5]
        points.append(point)
    return {"workload": "w", "model": "m", "placement": "none", "points": points}


def peak_of(a, b):
    return math.sqrt((1 - a) / b)


# ---- known laws -------------------------------------------------------------------------------

def test_an_amdahl_curve_gives_back_its_serial_fraction():
    fitted = fit_curve(curve(lambda n: amdahl(n, 0.1), counts=[1, 2, 4, 8, 16, 32]))
    assert fitted["status"] == "fitted"
    assert fitted["one_worker_speedup"] == pytest.approx(ONE_WORKER_SPEEDUP)
    assert fitted["amdahl"]["serial_fraction"] == pytest.approx(0.1, abs=1e-9)
    assert fitted["amdahl"]["parallel_fraction"] == pytest.approx(0.9, abs=1e-9)
    assert fitted["amdahl"]["r2"] == pytest.approx(1.0)
    # Amdahl's law is the USL without coherency: a = s, b = 0, no peak.
    assert fitted["a"] == pytest.approx(0.1, abs=1e-6) and fitted["b"] == 0.0
    assert fitted["refused"] == "no peak: still climbing at the largest measured count"


@pytest.mark.parametrize("a, b", [(0.05, 0.02), (0.2, 0.01), (0.0, 0.05)])
def test_a_usl_curve_gives_back_its_coefficients_and_peak(a, b):
    fitted = fit_curve(curve(lambda n: usl(n, a, b)))
    assert fitted["a"] == pytest.approx(a, abs=1e-6)
    assert fitted["b"] == pytest.approx(b, abs=1e-6)
    assert fitted["n_star"] == pytest.approx(peak_of(a, b), rel=1e-5)
    assert fitted["usl"]["peak_workers"] == fitted["n_star"]
    assert fitted["usl"]["r2"] == pytest.approx(1.0)
    assert fitted["refused"] is None


def test_the_peak_lies_inside_its_interval_and_noise_widens_it():
    clean = fit_curve(curve(lambda n: usl(n, 0.05, 0.02), noise=0.02))
    noisy = fit_curve(curve(lambda n: usl(n, 0.05, 0.02), noise=0.3))
    for fitted in (clean, noisy):
        assert fitted["refused"] is None
        assert fitted["n_star_low"] <= peak_of(0.05, 0.02) <= fitted["n_star_high"]
        assert fitted["a_low"] <= fitted["a"] <= fitted["a_high"]
        assert fitted["b_low"] <= fitted["b"] <= fitted["b_high"]
        assert (fitted["confidence"], fitted["resamples"]) == (CONFIDENCE, RESAMPLES)
    width = lambda fitted: fitted["n_star_high"] - fitted["n_star_low"]
    assert width(noisy) > 2 * width(clean)


def test_the_same_curve_gives_the_same_fit_intervals_and_all():
    assert fit_curve(curve(lambda n: usl(n, 0.05, 0.02), noise=0.3)) == \
        fit_curve(curve(lambda n: usl(n, 0.05, 0.02), noise=0.3))


def test_points_come_back_sorted_by_workers():
    shuffled = curve(lambda n: usl(n, 0.05, 0.02))
    shuffled["points"].reverse()
    fitted = fit_curve(shuffled)
    assert [w for w, _ in fitted["points"]] == COUNTS
    assert fitted == fit_curve(curve(lambda n: usl(n, 0.05, 0.02)))


def test_every_field_is_there_whether_refused_or_not():
    fields = {"workload", "model", "placement", "points", "status", "a", "b", "n_star", "n_star_low",
              "n_star_high", "a_low", "a_high", "b_low", "b_high", "confidence", "resamples", "refused"}
    fitted_fields = fields | {"one_worker_speedup", "amdahl", "usl"}
    assert set(fit_curve(curve(lambda n: n, counts=[1, 2]))) == fields
    assert set(fit_curve(curve(lambda n: usl(n, 0.05, 0.02)))) == fitted_fields


# ---- refusals ---------------------------------------------------------------------------------

def test_too_few_worker_counts_are_refused():
    fitted = fit_curve(curve(lambda n: n, counts=[1, 2]))
    assert fitted["status"] == "too few points"
    assert fitted["refused"] == f"too few worker counts: 2, and a fit needs at least {MIN_POINTS}"
    assert fitted["a"] is None and fitted["n_star"] is None


def test_a_curve_without_one_worker_is_refused():
    fitted = fit_curve(curve(lambda n: usl(n, 0.05, 0.02), counts=[2, 4, 8]))
    assert fitted["status"] == "no one-worker point"
    assert fitted["refused"] == "no one-worker point to measure the curve against"


def test_a_flat_curve_is_refused():
    fitted = fit_curve(curve(lambda n: 1.0))
    assert fitted["usl"]["r2"] is None
    assert fitted["refused"] == "the curve is flat: every point is the same"


def test_a_curve_the_law_cannot_describe_is_refused_with_its_r2():
    fitted = fit_curve(curve(lambda n: 3.0 if n % 2 == 0 else 1.0))
    assert fitted["usl"]["r2"] < MIN_R2
    assert fitted["refused"] == f"the fit explains the curve badly: R^2 = {fitted['usl']['r2']:.3f}, below {MIN_R2}"


def test_a_curve_falling_from_one_worker_has_no_peak():
    fitted = fit_curve(curve(lambda n: 1.0 / n))
    assert fitted["refused"] == "no peak: the curve falls from one worker on"


def test_a_peak_far_past_the_largest_count_is_refused():
    fitted = fit_curve(curve(lambda n: usl(n, 0.01, 0.0005), counts=[1, 2, 3, 4]))
    assert fitted["n_star"] > FAR_BEYOND * 4
    assert fitted["refused"] == (f"the peak N* = {fitted['n_star']:.3g} is far outside the measured range "
                                 f"(1 to 4): more than {FAR_BEYOND:g} times its largest count")
    assert fitted["n_star_low"] is None


def test_far_means_more_than_the_bound_times_the_largest_count():
    counts = [1, 2, 3, 4, 6, 8]
    within = fit_curve(curve(lambda n: usl(n, 0.05, 0.95 / 14 ** 2), counts=counts))
    beyond = fit_curve(curve(lambda n: usl(n, 0.05, 0.95 / 20 ** 2), counts=counts))
    assert within["n_star"] < FAR_BEYOND * 8 < beyond["n_star"]
    assert not (within["refused"] or "").startswith("the peak N* = ")
    assert beyond["refused"].startswith("the peak N* = ")


def test_one_repetition_per_count_has_nothing_to_resample():
    fitted = fit_curve(curve(lambda n: usl(n, 0.05, 0.02), repetitions=False))
    assert fitted["n_star"] == pytest.approx(peak_of(0.05, 0.02), rel=1e-5)
    assert fitted["refused"] == "one repetition per worker count: nothing to resample"
    assert fitted["n_star_low"] is None and fitted["n_star_high"] is None


def test_an_interval_without_an_upper_end_is_refused_saying_how_often():
    # sqrt(0.95 / 0.004) = 15.4 workers, at the edge of the counts: with this
    # much noise some resampled curves never turn down.
    fitted = fit_curve(curve(lambda n: usl(n, 0.05, 0.004), noise=0.3))
    assert fitted["n_star_low"] is not None and fitted["n_star_high"] is None
    assert fitted["refused"].startswith("the bootstrap interval is unbounded: ")
    assert fitted["refused"].endswith("% of the resampled curves have no peak (still climbing)")
