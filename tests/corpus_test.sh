#!/usr/bin/env bash
# Every script that reads a results file, a history or a gate baseline, run
# on each malformed one of tests/corpus/:
#
#   common/    bad as any of the three (not JSON, truncated, an array, ...)
#   results/   bad as a results file (fields missing or of the wrong type, ...)
#   history/   bad as a history (a line that is not an object, ...)
#   baseline/  bad as a gate baseline (kernels missing, negative counts, ...)
#
# plus, made here, a 1 MB line of no JSON. Each run must fail, saying why in
# one line that starts with the script's name, with no traceback and none of
# jq's own errors; it must finish within a minute and leave its output
# folder without a new empty or partial file (and a history or baseline it
# was given as it was).
#
#   corpus_test.sh BUILD_DIR
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/tests/corpus
scripts=$root/scripts
export SLICEBENCH_BUILD=$1
export SLICEBENCH_GATE=$1/bench/slicebench_gate
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# A small valid results file, and a history of it.
good=$work/good.json
jq '.benchmarks |= map(select(.name | test("^(overhead/|scaling/cpu_int/(seq|thread)/none/workers:[12]/)")))' \
    "$root/results/epyc-2pu-vm/bench.json" >"$good"
"$scripts/record_history" "$good" "$work/good.jsonl" full >/dev/null
head -c 1048576 /dev/zero | tr '\0' x >"$work/one_mb_line.json"

# fails_clearly NAME OUT_DIR COMMAND...: the command fails within a minute,
# printing one line that starts with "NAME: " and nothing else, and leaves
# OUT_DIR (made here, empty) without a file.
fails_clearly() {
    local name=$1 out=$2 status=0
    shift 2
    rm -rf "$out"
    mkdir -p "$out"
    timeout 60 "$@" >"$work/run.out" 2>&1 || status=$?
    if [ "$status" -eq 0 ] || [ "$status" -eq 124 ] || [ "$(wc -l <"$work/run.out")" -ne 1 ] ||
        ! grep -q "^$name: " "$work/run.out" || grep -qE 'Traceback|jq: error' "$work/run.out"; then
        echo "exit status $status; output: $(head -c 600 "$work/run.out")"
        return 1
    fi
    if [ -n "$(find "$out" -mindepth 1 \( -empty -o -name '*.partial' -o -type f \))" ]; then
        echo "it left: $(find "$out" -mindepth 1)"
        return 1
    fi
}
# unchanged FILE COMMAND...: the command leaves FILE as it was.
unchanged() {
    local file=$1
    shift
    cp "$file" "$work/before"
    "$@" || return 1
    cmp -s "$work/before" "$file" || { echo "$file was changed"; return 1; }
}

as_results() { # as_results FILE
    local file=$1 out=$work/out name
    name=$(basename "$file")
    mkdir -p "$work/r"
    cp "$file" "$work/r/bench.json"
    expect "plot on $name" fails_clearly plot "$work/r/plots" "$scripts/plot" "$work/r"
    expect "report on $name" fails_clearly report "$out" "$scripts/report" "$work/r" "$out/report"
    expect "analyse on $name" fails_clearly analyse "$out" "$scripts/analyse" "$work/r"
    expect "which leaves no analysis of $name" bash -c "! ls -A '$work/r' | grep -q analysis"
    expect "record_history on $name" fails_clearly record_history "$out" \
        "$scripts/record_history" "$file" "$out/history/m.jsonl" full
    expect "compare with $name as new" fails_clearly compare "$out" "$scripts/compare" "$good" "$file"
    expect "compare with $name as old" fails_clearly compare "$out" "$scripts/compare" "$file" "$good"
    rm -rf "$work/r"
}
as_history() { # as_history FILE
    local file=$1 name
    name=$(basename "$file")
    mkdir -p "$work/h/m" "$work/h/history"
    cp "$good" "$work/h/m/bench.json"
    cp "$file" "$work/h/history/m.jsonl"
    expect "plot with history $name" unchanged "$work/h/history/m.jsonl" \
        fails_clearly plot "$work/h/m/plots" "$scripts/plot" "$work/h/m"
    expect "record_history onto $name" unchanged "$work/h/history/m.jsonl" \
        fails_clearly record_history "$work/out" "$scripts/record_history" "$good" "$work/h/history/m.jsonl" full
    rm -rf "$work/h"
}
as_baseline() { # as_baseline FILE
    local file=$1
    cp "$file" "$work/baseline.json"
    expect "gate with baseline $(basename "$file")" unchanged "$work/baseline.json" \
        fails_clearly gate "$work/out" env SLICEBENCH_GATE_BASELINE="$work/baseline.json" "$scripts/gate"
}

for file in "$corpus"/common/* "$work/one_mb_line.json"; do
    as_results "$file"
    as_baseline "$file"
    # An empty history is a machine with no runs yet, not a malformed one.
    [ -s "$file" ] && as_history "$file"
done
for file in "$corpus"/results/*; do as_results "$file"; done
for file in "$corpus"/history/*; do as_history "$file"; done
for file in "$corpus"/baseline/*; do as_baseline "$file"; done

# The good inputs pass, so the failures above are the corpus's.
mkdir -p "$work/g/m" "$work/g/history"
cp "$good" "$work/g/m/bench.json"
cp "$work/good.jsonl" "$work/g/history/m.jsonl"
expect "the good results and history are plotted" "$scripts/plot" "$work/g/m"
expect "the good results are recorded onto the good history" \
    "$scripts/record_history" "$good" "$work/g/history/m.jsonl" full
expect "the good results compare with themselves" "$scripts/compare" "$good" "$good"

expect_done corpus
