#!/usr/bin/env bash
# The scripts against hostile strings: every string they read from a results
# file, a history file, a baseline or the environment holds quotes,
# backslashes, command substitutions, gnuplot's and Python's system(), HTML
# that closes a cell and opens a script, and newlines. None of it may run as
# shell, jq, gnuplot, Python or HTML: no file named PWNED appears, the report
# page holds the script only escaped, and each script either succeeds or
# fails with one clear message of its own (no traceback, no jq error).
#
#   hostile_test.sh BUILD_DIR
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
export SLICEBENCH_BUILD=$1
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

hostile="q' d\" b\ \$(touch PWNED) \`touch PWNED\` system('touch PWNED') <script>alert(1)</script> </td>"$'\n'"line two"
# The same without '/', for the name segments the scripts split on '/'.
segment=${hostile//\//}
scripts=$root/scripts
committed=$root/results/epyc-2pu-vm/bench.json
cwd=$work/cwd
mkdir -p "$cwd"

# clear NAME COMMAND...: the command, run in $cwd, succeeds, or fails saying
# why in a line of its own that starts with "NAME: "; it never prints a
# traceback or jq's own errors.
clear() {
    local name=$1 status=0
    shift
    (cd "$cwd" && timeout 120 "$@") >"$work/clear.out" 2>&1 || status=$?
    if grep -qE 'Traceback|jq: error|compile error|syntax error|unexpected' "$work/clear.out" ||
        { [ "$status" -ne 0 ] && ! grep -q "^$name: " "$work/clear.out"; }; then
        echo "exit status $status, output:"
        cat "$work/clear.out"
        return 1
    fi
}
nothing_ran() {
    test -z "$(find "$work" "$root" -maxdepth 4 -name PWNED 2>/dev/null)"
}

# Results whose strings are hostile where the scripts can still read them:
# every string of the context, the workload segment of the scaling rows,
# whole names elsewhere, and an interrupted run's error message.
named=$work/named/m
mkdir -p "$named" "$work/named/history"
jq --arg s "$hostile" --arg seg "$segment" '
    def hostile_name: split("/") | .[1] = $seg | join("/");
    .context |= with_entries(if .value | type == "string" then .value = $s else . end)
    | .context.hwloc_pus = "2"
    | .benchmarks |= (map(select(.run_type == "iteration" and .repetition_index < 2
                                 and (.name | test("^(scaling/cpu_int/(seq|thread)/none/|overhead/|ctxswitch/spawn/|waiters/)"))))
                     | map(if .name | startswith("scaling/") then (.name, .run_name) |= hostile_name
                           else (.name, .run_name) |= . + $s end)
                     | . + [.[0] + {name: ("broken/" + $s), run_name: ("broken/" + $s), error_occurred: true, error_message: $s}])' \
    "$committed" >"$named/bench.json"

# Results whose every string is hostile, time units and run types too.
everything=$work/everything/m
mkdir -p "$everything"
jq --arg s "$hostile" '
    .context |= with_entries(if .value | type == "string" then .value = $s else . end)
    | .benchmarks |= (.[0:40] | map(with_entries(if .value | type == "string" then .value = $s else . end)))' \
    "$committed" >"$everything/bench.json"

# A history whose dates, commits, machines, modes and figure names are hostile.
"$scripts/record_history" "$committed" "$work/named/history/m.jsonl" full >/dev/null
jq -c --arg s "$hostile" '.date = $s | .commit = $s | .machine = $s | .mode = $s
    | .real_time_ns |= with_entries(.key = $s + .key)' "$work/named/history/m.jsonl" >"$work/hostile.jsonl"
cat "$work/hostile.jsonl" >>"$work/named/history/m.jsonl"

for results in "$named" "$everything"; do
    what=${results#"$work"/}
    expect "report on $what" clear report "$scripts/report" "$results" "$work/report"
    expect "analyse on $what" clear analyse "$scripts/analyse" "$results"
    expect "record_history on $what" clear record_history \
        "$scripts/record_history" "$results/bench.json" "$work/recorded.jsonl" "$hostile"
    expect "compare of $what with itself" clear compare "$scripts/compare" "$results/bench.json" "$results/bench.json"
    expect "compare of $what with the committed results" clear compare "$scripts/compare" "$committed" "$results/bench.json"
    expect "plot of $what" env SLICEBENCH_HISTORY_FIGURES=. bash -c "$(declare -f clear); work='$work' cwd='$cwd'
        clear plot '$scripts/plot' '$results'"
done
expect "the named results' report was made" test -s "$work/report/index.html"
expect "with the script and the cell's end escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &lt;/td&gt;' "$work/report/index.html"
expect "no raw script anywhere in the page" bash -c "! grep -qF '<script>alert' '$work/report/index.html'"
expect "quotes are escaped, so no attribute can end early" grep -qF 'q&#39; d&#34; b\ ' "$work/report/index.html"
expect "the hostile workload is in the fits, escaped" grep -qF '<td>q&#39; d&#34; b\ $(touch PWNED) `touch PWNED` system(&#39;touch PWNED&#39;) &lt;script&gt;alert(1)&lt;script&gt;' "$work/report/index.html"
expect "the history with hostile runs was drawn" test -s "$work/named/m/plots/history.svg"
expect "the record of a hostile mode is one JSON line per run" jq -e -s 'all(.[]; .mode | contains("PWNED"))' "$work/recorded.jsonl"

# A hostile machine name never becomes a path.
for name in "$hostile" "$segment" ../x; do
    expect "report refuses the machine name" clear report env SLICEBENCH_MACHINE="$name" "$scripts/report"
    expect_failure "a machine's name takes letters, digits" env SLICEBENCH_MACHINE="$name" "$scripts/report"
done

# A byte-order mark before a history's line makes it no run: the check and
# the change-point search refuse it in one line, whichever line it starts.
for line in 1 2; do
    sed "${line}s/^/"$'\xef\xbb\xbf'"/" "$work/named/history/m.jsonl" >"$work/bom.jsonl"
    why="$work/bom.jsonl is not a slicebench history (one JSON object per line, each with real_time_ns): line $line is not JSON"
    expect "check_input on a byte-order mark on line $line" clear check_input "$scripts/check_input" check_input history "$work/bom.jsonl"
    expect_failure "check_input: $why" "$scripts/check_input" check_input history "$work/bom.jsonl"
    expect "changepoints on it" clear changepoints "$scripts/changepoints" "$work/bom.jsonl"
    expect_failure "changepoints: $why" "$scripts/changepoints" "$work/bom.jsonl"
done

# A hostile gate baseline is refused before anything is measured.
jq -n --arg s "$hostile" '{threshold_percent: $s, kernels: {($s): {iterations: 1, instructions_per_iteration: $s}}}' >"$work/baseline.json"
expect "gate on a hostile baseline" clear gate env SLICEBENCH_GATE="$SLICEBENCH_BUILD/bench/slicebench_gate" SLICEBENCH_GATE_BASELINE="$work/baseline.json" "$scripts/gate"

expect "no string from the input ran as a command" nothing_ran
expect "the page has no leftover temporary file" test -z "$(find "$work/report" -name '.*' -o -name '*.partial')"
expect_done hostile
