#!/usr/bin/env bash
# The scripts' contract on bad input: a missing or malformed results file or
# baseline gets a clear message and a non-zero exit; the gate fails when a hot
# path costs more instructions than its baseline allows, and says how to
# re-baseline.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
export SLICEBENCH_GATE=$1
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

mkdir -p "$work/empty" "$work/malformed"
echo '{"benchmarks": [' >"$work/malformed/bench.json"
expect_failure "no results at $work/empty/bench.json; run 'make bench' first" "$root/scripts/plot" "$work/empty"
expect_failure "is not a Google Benchmark JSON report" "$root/scripts/plot" "$work/malformed"

export SLICEBENCH_GATE_BASELINE=$work/baseline.json
expect_failure "no baseline at $work/baseline.json; create one with: scripts/gate --rebaseline" "$root/scripts/gate"
echo '{"kernels": 3}' >"$work/baseline.json"
expect_failure "is malformed" "$root/scripts/gate"
expect_failure "unknown option '--fast'" "$root/scripts/gate" --fast

# A baseline measured now passes; one that claims every kernel was half as
# dear fails, naming the way to re-baseline.
expect "a new baseline is measured" "$root/scripts/gate" --rebaseline
expect "a baseline measured now passes" "$root/scripts/gate"
jq '.kernels[].instructions_per_iteration /= 2' "$work/baseline.json" >"$work/halved.json"
mv "$work/halved.json" "$work/baseline.json"
expect_failure "re-baseline with 'scripts/gate --rebaseline'" "$root/scripts/gate"

# A machine's name becomes a folder under results/: no path may hide in it,
# whether scripts/bench, scripts/report or the Makefile's targets (run in a
# copy) take it.
mkdir -p "$work/copy"
cp -r "$root/Makefile" "$root/scripts" "$work/copy/"
for name in ../escaped . .. "bob's laptop" a/b '$(touch PWNED)'; do
    expect_failure "bench: a machine's name takes letters, digits" env SLICEBENCH_MACHINE="$name" "$root/scripts/bench" smoke
    expect_failure "report: a machine's name takes letters, digits" env SLICEBENCH_MACHINE="$name" "$root/scripts/report"
    for target in plots report bench-smoke; do
        expect_failure "make: a machine's name takes letters, digits" \
            env SLICEBENCH_MACHINE="$name" make --no-print-directory -C "$work/copy" "$target"
    done
done
expect "and nothing was written outside results/" test ! -e "$root/escaped" -a ! -e "$work/escaped" -a ! -e "$work/copy/escaped"
expect "nor run" test -z "$(find "$work" "$root" -maxdepth 2 -name PWNED)"

# scripts/compare on runs of one repetition, as scripts/bench writes by
# default: such a benchmark has no aggregates, and still gets its row.
fixture=$root/tests/fixtures/turin-2pu-vm.json
once=scaling/cpu_int/seq/none/workers:1/real_time
jq '.benchmarks |= map(select(.repetition_index == 0))' "$fixture" >"$work/once.json"
jq --arg once "$once" '.benchmarks |= map(if .name == $once then .real_time *= 2 else . end)' \
    "$work/once.json" >"$work/once_slower.json"
expect "compare compares runs of one repetition" "$root/scripts/compare" "$work/once.json" "$work/once_slower.json"
cp "$work/out" "$work/compared"
expect "with a row per benchmark" grep -qE "^$once +\+1\.0000 " "$work/compared"
expect "saying in one line that those run once have no U test" \
    test "$(grep -c 'ran once in OLD or NEW' "$work/compared")" -eq 1

expect_done scripts
