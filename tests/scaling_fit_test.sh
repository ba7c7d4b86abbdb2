#!/usr/bin/env bash
# The USL's peak and its bootstrap interval (scripts/scaling_fit.py), on
# synthetic curves whose law is known: a curve with a true peak gets an
# interval that holds it; a curve still climbing, one of two points, one the
# law cannot describe, one peaking far past its last count and one whose
# interval has no upper end are refused, each saying why; noise widens the interval; the same input gives the same
# output; scripts/fit_scaling reads points and never a knee row.
#
#   scaling_fit_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# Each curve: five repetitions at each worker count, the law's value times
# 1 + noise * k / 2 for k = -2..2, rotated by the point's place so that no
# repetition is always the fastest.
jq -n '
    def curve($model; $counts; $noise; law):
      {workload: "w", model: $model, placement: "none",
       points: [ $counts | to_entries[] | .key as $i | .value as $n | ($n | law) as $value
                 | [range(-2; 3) | $value * (1 + $noise * . / 2)] as $reps
                 | {workers: $n, median: $value, speedups: ($reps[($i % 5):] + $reps[:($i % 5)])} ]};
    def usl($a; $b): . / (1 + $a * (. - 1) + $b * . * (. - 1));
    [1, 2, 3, 4, 6, 8, 12, 16] as $counts
    | [ curve("peak"; $counts; 0.02; usl(0.05; 0.02)),
        curve("climbing"; [1, 2, 4, 8, 16, 32, 64]; 0.02; 1 / (0.05 + 0.95 / .)),
        curve("two"; [1, 2]; 0.02; .),
        curve("noisy"; $counts; 0.3; usl(0.05; 0.02)),
        curve("shapeless"; $counts; 0.02; if . % 2 == 0 then 3 else 1 end),
        curve("far"; [1, 2, 3, 4]; 0.02; usl(0.01; 0.0005)),
        curve("late"; $counts; 0.3; usl(0.05; 0.004)) ]' >"$work/curves.json"

fit() { /usr/bin/python3 "$root/scripts/scaling_fit.py" <"$work/curves.json"; }
fit >"$work/fits.json"
# A curve's fit: fitted MODEL
fitted() { jq --arg model "$1" '.[] | select(.model == $model)' "$work/fits.json"; }

# sqrt((1 - 0.05) / 0.02) = 6.89 workers.
expect "a true peak is found, inside its interval, and not refused" jq -e '
    .refused == null and (.n_star - 6.892 | fabs) < 0.2
    and .n_star_low <= 6.892 and 6.892 <= .n_star_high and .n_star_low < .n_star and .n_star < .n_star_high
    and .a_low <= .a and .a <= .a_high and .b_low <= .b and .b <= .b_high
    and .confidence == 0.95 and .resamples == 1000' <(fitted peak)
expect "a curve still climbing has no peak" jq -e '
    .refused == "no peak: still climbing at the largest measured count" and .b == 0 and .n_star == null
    and .n_star_low == null and .n_star_high == null' <(fitted climbing)
expect "two worker counts are too few" jq -e '.refused | startswith("too few worker counts: 2")' <(fitted two)
expect "a curve the law cannot describe is refused, with its R^2" jq -e '
    .refused | test("^the fit explains the curve badly: R\\^2 = [-0-9.]+, below 0.9$")' <(fitted shapeless)
expect "a peak far past the largest count is refused" jq -e '
    .n_star > 8 and (.refused | startswith("the peak N* = ") and contains("far outside the measured range (1 to 4)"))' \
    <(fitted far)
expect "noise widens the interval, which still holds the peak" jq -e -s '
    .[0] as $clean | .[1] as $noisy
    | $noisy.refused == null and $noisy.n_star_low <= 6.892 and 6.892 <= $noisy.n_star_high
    and ($noisy.n_star_high - $noisy.n_star_low) > 2 * ($clean.n_star_high - $clean.n_star_low)' \
    <(fitted peak) <(fitted noisy)
# sqrt(0.95 / 0.004) = 15.4 workers, at the edge of the counts: with this much
# noise some resampled curves never turn down.
expect "an interval without an upper end is refused, saying how often" jq -e '
    .n_star_low != null and .n_star_high == null
    and (.refused | test("^the bootstrap interval is unbounded: [0-9]+% of the resampled curves have no peak"))' \
    <(fitted late)
expect "every curve has every field, refused or not" jq -e '
    all(.[]; has("a") and has("b") and has("n_star") and has("n_star_low") and has("n_star_high")
             and has("confidence") and has("resamples") and has("refused") and has("workload") and has("placement"))' \
    "$work/fits.json"

fit >"$work/again.json"
expect "the same input gives the same output, intervals and all" cmp "$work/fits.json" "$work/again.json"

# ---- through scripts/fit_scaling's reader --------------------------------------
# A knee row after a curve of a run that had none (the frozen turin run), as
# the scaling family writes one per repetition:
# it carries counters, not a point, and must not become one.
jq '.benchmarks += [.benchmarks[] | select(.run_name == "scaling/timer/thread/none/workers:1/real_time")
                    | .name = "scaling/timer/thread/none/knee/iterations:1/real_time" | .run_name = .name
                    | .knee_workers = 0 | .peak_speedup = 3 | .peak_workers = 4]' \
    "$root/tests/fixtures/turin-2pu-vm.json" >"$work/with_knees.json"
expect "the knee rows are no point of any curve" jq -e -L "$root/scripts" 'include "scaling_points";
    [scaling_curves[] | select(.workload == "timer" and .model == "thread" and .placement == "none") | .points[].workers]
    == [1, 2, 3, 4]' "$work/with_knees.json"
expect "each point keeps every repetition's speedup" jq -e -L "$root/scripts" 'include "scaling_points";
    all(scaling_curves[].points[]; (.speedups | length) == 5 and .min == (.speedups | min) and .max == (.speedups | max))' \
    "$work/with_knees.json"
expect "the knee rows give each curve's knee" jq -e -L "$root/scripts" 'include "scaling_points";
    scaling_knees == [{workload: "timer", model: "thread", placement: "none", knee_workers: 0,
                       peak_speedup: 3, peak_workers: 4, largest_workers: null, bound_speedup: null,
                       cpu_us_per_task: null, caller_cpu_us_per_task: null, fixed_cost_share: null, task_us: null}]' \
    "$work/with_knees.json"

expect_done scaling_fit
