"""analysis.stats.rank: the Hodges-Lehmann shift, its Mann-Whitney U
interval checked against the published critical values of U and against
scipy's test, and the verdict of an A/B comparison."""
import json
import math
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from analysis.stats.rank import (CONFIDENCE, FASTER, NO_CHANGE, SLOWER, change, hodges_lehmann, percent,
                                 shift_interval, verdict)

SCRIPTS = pathlib.Path(__file__).resolve().parents[2] / "scripts"

# Critical values of the Mann-Whitney U statistic, two-tailed alpha = 0.05
# (reject when U <= the value), for sample sizes (n1, n2): the standard
# table, as in Siegel & Castellan, Nonparametric Statistics for the
# Behavioral Sciences, 2nd ed. (1988), and Zar, Biostatistical Analysis.
U_CRITICAL_05 = {
    (5, 5): 2, (5, 6): 3, (5, 7): 5, (5, 8): 6, (5, 9): 7, (5, 10): 8,
    (6, 6): 5, (6, 7): 6, (6, 8): 8, (6, 9): 10, (6, 10): 11,
    (7, 7): 8, (7, 8): 10, (7, 9): 12, (7, 10): 14,
    (8, 8): 13, (8, 9): 15, (8, 10): 17,
    (9, 9): 17, (9, 10): 20,
    (10, 10): 23,
}


def untied_samples(m, n, seed):
    """Two samples whose m * n pairwise differences are all distinct."""
    rng = np.random.default_rng(seed)
    head, base = rng.normal(0.0, 1.0, m), rng.normal(0.3, 1.0, n)
    assert len(np.unique(np.subtract.outer(head, base))) == m * n
    return head, base


# ---- Hodges-Lehmann ---------------------------------------------------------------------------

def test_hodges_lehmann_is_the_median_of_pairwise_differences():
    # Differences: 1 1 0 / 2 2 1 / 3 3 2, whose median is 2.
    assert hodges_lehmann([1.0, 2.0, 3.0], [0.0, 0.0, 1.0]) == 2.0


def test_hodges_lehmann_is_moved_no_further_by_an_outlier_than_by_any_other_run():
    base = [10.0, 11.0, 12.0, 13.0, 14.0]
    head = [11.0, 12.0, 13.0, 14.0, 15.0]
    outlier = head[:-1] + [1e9]
    assert hodges_lehmann(head, base) == 1.0
    assert hodges_lehmann(outlier, base) == hodges_lehmann(head[:-1] + [16.0], base)


# ---- the U-test interval ----------------------------------------------------------------------

@pytest.mark.parametrize("sizes", sorted(U_CRITICAL_05))
def test_interval_ends_are_the_tabled_ranks_of_the_differences(sizes):
    """With no ties, the 95% interval runs from the (c + 1)-th smallest
    pairwise difference to the (c + 1)-th largest, c the critical U."""
    m, n = sizes
    head, base = untied_samples(m, n, seed=m * 100 + n)
    differences = np.sort(np.subtract.outer(head, base).ravel())
    c = U_CRITICAL_05[sizes]
    assert CONFIDENCE == 0.95
    assert shift_interval(head, base) == (differences[c], differences[m * n - 1 - c])


def test_nine_runs_a_side_give_the_18th_and_64th_of_81_differences():
    head, base = untied_samples(9, 9, seed=9)
    differences = np.sort(np.subtract.outer(head, base).ravel())
    assert shift_interval(head, base) == (differences[18 - 1], differences[64 - 1])


@pytest.mark.parametrize("seed", range(5))
def test_the_test_rejects_just_outside_the_interval_and_not_just_inside(seed):
    head, base = untied_samples(7, 9, seed)
    low, high = shift_interval(head, base)
    nudge = 1e-9
    p = [mannwhitneyu(head - d, base, method="exact").pvalue
         for d in (low - nudge, low + nudge, high - nudge, high + nudge)]
    assert p[0] < 1 - CONFIDENCE <= p[1] and p[2] >= 1 - CONFIDENCE > p[3]


def test_a_wider_confidence_gives_a_wider_interval():
    head, base = untied_samples(9, 9, seed=3)
    low95, high95 = shift_interval(head, base, 0.95)
    low80, high80 = shift_interval(head, base, 0.80)
    assert low95 < low80 < high80 < high95


def test_identical_samples_shift_by_nothing():
    assert shift_interval([5.0, 5.0, 5.0], [5.0, 5.0]) == (0.0, 0.0)


# ---- the A/B change and its verdict -----------------------------------------------------------

BASE_NS = [1000.0, 1010.0, 990.0, 1005.0, 995.0, 1002.0, 998.0, 1008.0, 992.0]


def scaled(factor):
    return [t * factor for t in BASE_NS]


def test_a_slower_head_is_a_positive_change_and_slower():
    result = change(BASE_NS, scaled(1.2), threshold_percent=5)
    assert result["change_percent"] == pytest.approx(20.0)
    low, high = result["interval_percent"]
    assert 5 < low <= result["change_percent"] <= high
    assert result["verdict"] == SLOWER


def test_a_faster_head_is_a_negative_change_and_faster():
    result = change(BASE_NS, scaled(0.8), threshold_percent=5)
    assert result["change_percent"] == pytest.approx(-20.0)
    assert result["interval_percent"][1] < -5
    assert result["verdict"] == FASTER


def test_the_same_times_are_no_change():
    result = change(BASE_NS, list(reversed(BASE_NS)), threshold_percent=5)
    assert result["change_percent"] == 0.0
    assert result["verdict"] == NO_CHANGE


def test_a_change_inside_the_threshold_is_no_change():
    assert change(BASE_NS, scaled(1.2), threshold_percent=25)["verdict"] == NO_CHANGE
    assert change(BASE_NS, scaled(0.8), threshold_percent=25)["verdict"] == NO_CHANGE


def test_the_p_value_is_the_exact_u_test_on_log_times():
    head = scaled(1.01)
    expected = mannwhitneyu(np.log(head), np.log(BASE_NS), method="exact").pvalue
    assert change(BASE_NS, head, threshold_percent=5)["p_value"] == expected


def test_a_change_is_a_ratio_whatever_the_scale():
    head = [t * 1.1 + 3 * (i % 3) for i, t in enumerate(BASE_NS)]
    small, large = change(BASE_NS, head, 5), change(scaled(1e6), [t * 1e6 for t in head], 5)
    assert large["change_percent"] == pytest.approx(small["change_percent"])
    assert large["interval_percent"] == pytest.approx(small["interval_percent"])
    assert large["verdict"] == small["verdict"]


@pytest.mark.parametrize("low, high, answer", [
    (5.1, 9.0, SLOWER), (5.0, 9.0, NO_CHANGE), (-9.0, -5.1, FASTER), (-9.0, -5.0, NO_CHANGE),
    (-9.0, 9.0, NO_CHANGE), (4.0, 9.0, NO_CHANGE),
])
def test_a_verdict_needs_the_whole_interval_past_the_threshold(low, high, answer):
    assert verdict(low, high, threshold_percent=5) == answer


def test_percent_is_a_log_ratio_as_a_percentage():
    assert percent(math.log(2)) == pytest.approx(100.0)
    assert percent(math.log(0.5)) == pytest.approx(-50.0)


# ---- scripts/ab_stats.py ----------------------------------------------------------------------

def run_ab_stats(tmp_path, samples):
    (tmp_path / "samples.json").write_text(json.dumps(samples))
    return subprocess.run([sys.executable, str(SCRIPTS / "ab_stats.py"), "--threshold=5", "--base-label=base",
                           "--head-label=head", f"--json={tmp_path / 'ab.json'}",
                           f"--markdown={tmp_path / 'summary.md'}", str(tmp_path / "samples.json")],
                          capture_output=True, text=True)


def test_ab_stats_writes_each_benchmark_with_its_change(tmp_path):
    runs = {"base": [{"x": b, "y": b} for b in BASE_NS],
            "head": [{"x": h, "y": b} for h, b in zip(scaled(1.2), BASE_NS)]}
    assert run_ab_stats(tmp_path, runs).returncode == 0
    result = json.loads((tmp_path / "ab.json").read_text())
    assert [(c["name"], c["verdict"]) for c in result["benchmarks"]] == [("x", SLOWER), ("y", NO_CHANGE)]
    assert result["counts"] == {SLOWER: 1, FASTER: 0, NO_CHANGE: 1}
    assert result["benchmarks"][0]["change_percent"] == change(BASE_NS, scaled(1.2), 5)["change_percent"]
    assert "1 slower, 0 faster, 1 with no change." in (tmp_path / "summary.md").read_text()


def test_ab_stats_refuses_bad_samples_in_one_line(tmp_path):
    finished = run_ab_stats(tmp_path, {"base": [{"x": 1.0}], "head": []})
    assert finished.returncode == 2
    assert "base needs a list of at least two runs" in finished.stderr
    assert "Traceback" not in finished.stderr
