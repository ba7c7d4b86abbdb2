#!/usr/bin/env bash
# A run on a busy machine: with one spinning process per PU beside it, a
# small run of the families the timed claims read records the load in its
# noise row, and the claims on it never say "does not hold": each holds,
# with intervals that say so, or is inconclusive (or not measured), with its
# reason. The spinners are this test's own and are stopped on every exit.
#
#   busy_run_test.sh SLICEBENCH
set -u
slicebench=$1
root=$(cd "$(dirname "$0")/.." && pwd)
source "$(dirname "$0")/expect.sh"

spinners=()
stop_spinners() {
    [ ${#spinners[@]} -gt 0 ] && kill "${spinners[@]}" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap stop_spinners EXIT
for _ in $(seq "$(nproc)"); do
    bash -c 'while :; do :; done' &
    spinners+=($!)
done

out=$work/busy.json
expect "a run beside the spinners succeeds" "$slicebench" --workloads=cpu_int,timer --models=seq,thread,gil,process_pool \
    --placements=none --max-workers=4 --task-us=200 \
    --benchmark_filter='^(scaling|ctxswitch|switch/ping_pong|overhead|noise)/' \
    --benchmark_repetitions=5 --benchmark_min_time=0.001 --benchmark_out="$out" --benchmark_out_format=json
expect "its noise row saw the spinners: other processes kept PUs busy" \
    jq -e '[.benchmarks[] | select(.run_type == "iteration" and (.run_name | startswith("noise/over_run/"))) | .others_cpu_pus] | length == 5 and min > 0.1' "$out"
mkdir -p "$work/busy"
cp "$out" "$work/busy/bench.json"
"$root/scripts/analyse" "$work/busy" >/dev/null 2>"$work/claims.err"
jq '.claims' "$work/busy/analysis.json" >"$work/claims.json"
expect "the claims are judged on it" jq -e --slurpfile ids "$root/docs/claims.json" 'map(.id) == ($ids[0] | map(.id))' \
    "$work/claims.json"
expect "and none says 'does not hold': a busy machine cannot fail a claim" \
    jq -e 'all(.[]; .verdict != "does not hold")' "$work/claims.json"
expect "every reason says the machine was busy" \
    jq -e 'all(.[]; .reason | contains("busy"))' "$work/claims.json"
expect_done busy_run
