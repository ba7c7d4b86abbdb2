#!/usr/bin/env bash
# The history's change points (scripts/changepoints) on histories whose
# answers are known: a step of known size at a known run under fixed noise
# is found there with about its size, pure noise of the same length has no
# step, one run has none, and input that is not a history gets a clear
# error. The report's history page shows the step with its commit.
#
#   history_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# history FILE: 30 runs of two benchmarks with the same fixed noise (a
# seeded generator, about 3% in log time): "step/x" 1.5 times slower from
# run 20 on, "flat/x" never changes.
history() {
    /usr/bin/python3 - "$1" <<'PYTHON'
import json, sys
import numpy
noise = numpy.random.default_rng(7).normal(0.0, 0.03, size=(2, 30))
with open(sys.argv[1], "w") as out:
    for run in range(30):
        step = 1.5 if run >= 20 else 1.0
        out.write(json.dumps({"date": "2027-01-%02dT00:00:00+00:00" % (run + 1), "commit": "commit%02d" % run,
                              "dirty": False, "machine": "m", "mode": "full",
                              "real_time_ns": {"step/x": 1000.0 * step * numpy.exp(noise[0, run]),
                                               "flat/x": 1000.0 * numpy.exp(noise[1, run])}}) + "\n")
PYTHON
}
mkdir -p "$work/results/history"
history "$work/results/history/m.jsonl"
expect "change points are found" "$root/scripts/changepoints" "$work/results/history/m.jsonl"
cp "$work/out" "$work/steps.json"
expect "the step is found at run 20, its commit and date named, about 1.5 times slower" jq -e '
    .benchmarks[] | select(.name == "step/x") | .change_points as $c
    | ($c | length) == 1 and $c[0].index == 20 and $c[0].commit == "commit20" and ($c[0].date | startswith("2027-01-21"))
      and $c[0].ratio > 1.4 and $c[0].ratio < 1.6' "$work/steps.json"
expect "with the two segments either side of it" jq -e '
    .benchmarks[] | select(.name == "step/x") | [.segments[] | [.first, .last]] == [[0, 19], [20, 29]]' "$work/steps.json"
expect "pure noise of the same length has no change point" jq -e '
    .benchmarks[] | select(.name == "flat/x") | .change_points == [] and (.segments | length) == 1' "$work/steps.json"
expect "every run is listed" jq -e '.runs | length == 30 and .[29].commit == "commit29"' "$work/steps.json"

head -n 1 "$work/results/history/m.jsonl" >"$work/one.jsonl"
expect "one run has no change point" jq -e '.runs | length == 1' <("$root/scripts/changepoints" "$work/one.jsonl")
expect "and one segment per benchmark" jq -e 'all(.benchmarks[]; .change_points == [] and (.segments | length) == 1)' \
    <("$root/scripts/changepoints" "$work/one.jsonl")
expect "no history yet is no run" jq -e '.runs == [] and .benchmarks == []' <("$root/scripts/changepoints" "$work/none.jsonl")
echo '{"benchmarks": []}' >"$work/not_history.jsonl"
expect_failure "changepoints: $work/not_history.jsonl is not a slicebench history" \
    "$root/scripts/changepoints" "$work/not_history.jsonl"
for file in "$root"/tests/corpus/history/*; do
    expect_failure "changepoints: $file is not a slicebench history" "$root/scripts/changepoints" "$file"
    expect "without a traceback" bash -c "! grep -q Traceback '$work/out'"
done
expect_failure "usage: scripts/changepoints" "$root/scripts/changepoints"

# The history page of a machine's report: one trend per benchmark, the
# step marked with its commit.
mkdir -p "$work/results/m"
jq '.benchmarks |= map(select(.name | test("^(overhead/|scaling/cpu_int/(seq|thread)/none/workers:[12]/)")))' \
    "$root/results/epyc-2pu-vm/bench.json" >"$work/results/m/bench.json"
expect "the report makes the history page" "$root/scripts/report" "$work/results/m" "$work/report"
expect "it links the page" grep -q '<a href="history.html">' "$work/report/index.html"
expect "one trend per benchmark" test "$(grep -o '<svg class="trend"' "$work/report/history.html" | wc -l)" -eq 2
expect "the step is marked with its commit and size" \
    grep -qE '<span class="change">run 20 \(2027-01-21, commit20\): &times;1\.[45][0-9]* \(slower\)</span>' "$work/report/history.html"
expect "one change point in the page" test "$(grep -o '<line class="change"' "$work/report/history.html" | wc -l)" -eq 1
echo 'not json' >>"$work/results/history/m.jsonl"
cp "$work/report/history.html" "$work/kept.html"
expect_failure "report: $work/results/history/m.jsonl is not a slicebench history" \
    "$root/scripts/report" "$work/results/m" "$work/report"
expect "a failed report leaves the last history page whole" cmp "$work/kept.html" "$work/report/history.html"
expect "and no temporary file" test "$(ls -A "$work/report" | sort | tr '\n' ' ')" = "history.html index.html "

# A long history is read line by line: 2,000 runs of 700 figures each are
# checked at once (reading the whole text for each line took minutes at 800).
/usr/bin/python3 -c '
import json, sys
figures = {f"family/benchmark/{i}": 1000.0 + i for i in range(700)}
for run in range(2000):
    print(json.dumps({"date": "2027-01-01", "commit": f"c{run}", "dirty": False, "real_time_ns": figures}))
' >"$work/long.jsonl"
expect "a history of 2,000 runs is checked within the test's bound" timeout 30 "$root/scripts/check_input" history history "$work/long.jsonl"

expect_done history
