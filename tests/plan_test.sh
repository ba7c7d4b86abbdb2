#!/usr/bin/env bash
# slicebench --plan: it lists exactly what --benchmark_list_tests lists with
# the same options, here and on the machines hwloc stands in for; it binds,
# sizes and starts nothing; a budget leaves out only the rows its families
# mark spare, never those the claims read, plans a shorter run and says
# what it cut in the results; combinations that make no sense are refused.
# (test_plan checks the pricing, and that the total never rises as the
# budget falls.)
set -u
slicebench=$1
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# The stand-ins: 16, 64 and 256 PUs ("" is this machine).
stand_ins=("" "pack:2 core:4 pu:2" "pack:2 numa:2 core:16 pu:1" "pack:2 numa:4 core:16 pu:2")
# Short runs' options, so that each plan below takes moments. Each program
# prices its machine's thread, process and coroutine anew and reads its
# free memory, and where a curve or the waiters stop can depend on them; at
# 8 workers with a task each and 1,000 waiters nothing comes near a stop,
# so that two programs list the same rows.
short=(--benchmark_repetitions=3 --benchmark_min_time=0.02)
steady=(--max-workers=8 --max-coroutines=8 --tasks=1 --max-waiters=1000)

on() { # on TOPOLOGY command...: the command on that stand-in ("" for this machine)
    local topology=$1
    shift
    if [ -n "$topology" ]; then HWLOC_SYNTHETIC=$topology "$@"; else "$@"; fi
}
planned() { sed -n 's/^\(run\|cut\) *[0-9.]* s  //p' "$1"; }
kept() { sed -n 's/^run *[0-9.]* s  //p' "$1"; }
total_s() { sed -n 's/^total [0-9]* benchmarks \([0-9.]*\) s.*/\1/p' "$1"; }

same_as_list() { # same_as_list TOPOLOGY options...: the plan's rows are the list's
    local topology=$1
    shift
    on "$topology" "$slicebench" --placements=none "$@" --plan >"$work/plan" &&
        on "$topology" "$slicebench" --placements=none "$@" --benchmark_list_tests=true >"$work/list" &&
        kept "$work/plan" | diff - "$work/list"
}
for topology in "${stand_ins[@]}"; do
    where=${topology:-this machine}
    expect "on $where the plan lists what --benchmark_list_tests lists" \
        same_as_list "$topology" "${short[@]}" "${steady[@]}"
    expect "on $where, and so under a filter" same_as_list "$topology" "${short[@]}" "${steady[@]}" \
        --benchmark_filter='^(scaling|waiters)/'
    # A budget below what the unspared rows take cuts every spare row, whatever the prices.
    expect "on $where, and under a budget that cuts" same_as_list "$topology" "${short[@]}" "${steady[@]}" --budget-s=1
done

# Every placement, which binding would refuse on a stand-in; an interpreter
# that leaves a mark if started; no python on PATH; TMPDIR watched for a
# workload's scratch file.
mkdir "$work/bin" "$work/tmp"
printf '#!/bin/sh\ntouch "%s/started"\n' "$work" >"$work/bin/python3"
chmod +x "$work/bin/python3"
untouched() { [ ! -e "$work/started" ] && [ -z "$(ls -A "$work/tmp")" ]; }
for topology in "${stand_ins[@]:1}"; do
    expect "a plan on $topology binds nothing, under every placement" \
        on "$topology" env PATH=/nonexistent TMPDIR="$work/tmp" "$slicebench" --plan --python="$work/bin/python3" \
        --free-threaded-python="$work/bin/python3" "${short[@]}"
    expect "and starts no interpreter and readies no workload" untouched
    expect "and so does its list" on "$topology" env PATH=/nonexistent TMPDIR="$work/tmp" "$slicebench" \
        --benchmark_list_tests=true --python="$work/bin/python3" --free-threaded-python="$work/bin/python3"
    expect "still nothing started" untouched
done
expect_failure "placement compact: cannot bind" env HWLOC_SYNTHETIC="pack:2 core:4 pu:2" "$slicebench" \
    --placements=compact --benchmark_filter='^noise/' --benchmark_min_time=0.001

# A budget: what it cuts is spare: no family a claim reads loses a row but
# for the points of the worker axes between 1, the PUs, 4 x PUs and each
# axis's end; and the run it plans is shorter.
claim_families=$(/usr/bin/python3 -c '
import json, sys
print("\n".join(sorted({f for claim in json.load(open(sys.argv[1])) for f in claim["families"]})))' \
    "$root/docs/claims.json")
cuts_are_spare() { # cuts_are_spare PUS PLAN
    local pus=$1 plan=$2 family row
    while read -r row; do
        case $row in
        scaling/*/workers:1/* | scaling/*/workers:"$pus"/* | scaling/*/workers:$((4 * pus))/* | \
        cpython/*/workers:1/* | cpython/*/workers:"$pus"/* | cpython/*/workers:$((4 * pus))/*)
            echo "cut a row the claims read: $row"; return 1 ;;
        scaling/*/workers:* | cpython/*/workers:*) ;;
        *) echo "cut a row of a family that marks none spare: $row"; return 1 ;;
        esac
    done < <(sed -n 's/^cut *[0-9.]* s  //p' "$plan")
    for family in $claim_families; do
        grep -q "^run .*  $family/" "$plan" || { echo "no $family row is left"; return 1; }
    done
    grep -q '^cut ' "$plan" || { echo "the smallest budget cut nothing"; return 1; }
}
shorter() { /usr/bin/python3 -c 'import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))' "$@"; }
for topology in "" "pack:2 numa:4 core:16 pu:2"; do
    where=${topology:-this machine}
    # The PUs from hwloc itself: a curve's last point depends on prices the
    # program measures, which differ from one process to the next.
    pus=$(on "$topology" hwloc-calc --number-of pu all)
    expect "on $where a plan with a budget of 1 s" on "$topology" "$slicebench" --plan --budget-s=1
    mv "$work/out" "$work/plan.1"
    expect "cuts spare rows alone" cuts_are_spare "$pus" "$work/plan.1"
    expect "it says so in the plan" grep -q '^family scaling .*(cut' "$work/plan.1"
    expect "and makes its jobs lean" grep -q 'lean jobs' "$work/plan.1"
    # Where each curve stops, and so the whole run, can move with the prices
    # between two programs: the steady options hold them.
    expect "a steady plan without a budget" on "$topology" "$slicebench" "${steady[@]}" --plan
    mv "$work/out" "$work/plan.whole"
    expect "and with a budget of 1 s" on "$topology" "$slicebench" "${steady[@]}" --plan --budget-s=1
    mv "$work/out" "$work/plan.steady.1"
    expect "which plans a shorter run" shorter "$(total_s "$work/plan.steady.1")" "$(total_s "$work/plan.whole")"
done

# A run under a budget runs what its plan keeps and says in its results'
# context what it cut.
budgeted=(--budget-s=1 --workloads=timer "--models=seq,coroutine" --placements=none --task-us=100000
          --benchmark_filter='^(scaling|noise)/' --benchmark_min_time=0.001)
expect "the plan of a run under a budget" "$slicebench" "${budgeted[@]}" --plan
cut_row=$(sed -n 's/^cut *[0-9.]* s  //p' "$work/out" | head -1)
expect "cuts a row" test -n "$cut_row"
expect "the run" "$slicebench" "${budgeted[@]}" --benchmark_format=json
mv "$work/out" "$work/run.json"
expect "states its cuts in the context" grep -q '"plan_cut/scaling": ".* rows left out' "$work/run.json"
expect "and its lean jobs" grep -q '"plan_cut/jobs": "jobs of ' "$work/run.json"
expect "and its plan" grep -q '"plan_estimate_s": "[0-9.]*"' "$work/run.json"
expect "and runs what is left" grep -qF '"name": "scaling/timer/coroutine/none/workers:1/real_time"' "$work/run.json"
run_lacks() { ! grep -qF "\"name\": \"$1\"" "$work/run.json"; }
expect "not what was cut" run_lacks "$cut_row"

# What makes no sense is refused, with a message.
expect_failure "--plan prints the plan and runs nothing: it takes no --benchmark_out" \
    "$slicebench" --plan --benchmark_out="$work/out.json"
expect "and no file is written" test ! -e "$work/out.json"
expect_failure "it takes no --benchmark_list_tests" "$slicebench" --plan --benchmark_list_tests=true
expect_failure "--plan takes no value" "$slicebench" --plan=yes
expect_failure "--budget-s must be a whole number from 1" "$slicebench" --plan --budget-s=0
expect_failure "--budget-s must be a whole number from 1" "$slicebench" --plan --budget-s=-5
expect_failure "--budget-s must be a whole number from 1" "$slicebench" --plan --budget-s=ten
expect_failure "--budget-s needs a value" "$slicebench" --plan --budget-s
expect_failure "slicebench: no benchmark matched the filter" \
    "$slicebench" --plan --benchmark_filter=nothing_is_called_this

expect_done plan
