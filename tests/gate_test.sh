#!/usr/bin/env bash
# The CI gate (scripts/gate) against the committed baseline: a build with a
# known regression in one kernel fails on that kernel alone, exactly past the
# threshold; a kernel that counts nothing, one measured but not in the
# baseline and one in the baseline but no longer measured fail too.
#
#   tests/gate_test.sh SLICEBENCH_GATE SLICEBENCH_GATE_SLOWED
set -u
gate=$1 slowed=$2
root=$(cd "$(dirname "$0")/.." && pwd)
source "$(dirname "$0")/expect.sh"
committed=$root/results/gate/baseline.json

# change_of KERNEL FILE: the change in percent a gate output shows for it.
change_of() { awk -v k="$1" '$1 == k { sub("%", "", $4); print $4 }' "$2"; }

export SLICEBENCH_GATE=$slowed SLICEBENCH_GATE_BASELINE=$committed
expect_failure "a hot path got dearer than the threshold allows" "$root/scripts/gate" lock_fast_path cpu_kernel
cp "$work/out" "$work/slowed"
expect "the slowed kernel is the one that fails" grep -qE '^ +lock_fast_path .* FAIL$' "$work/slowed"
expect "the others pass" grep -qE '^ +cpu_kernel .* ok$' "$work/slowed"
change=$(change_of lock_fast_path "$work/slowed")

# The threshold is exact: just above the change passes, just below fails.
with_threshold() { jq --argjson t "$1" '.threshold_percent = $t' "$committed" >"$work/baseline.json"; }
export SLICEBENCH_GATE_BASELINE=$work/baseline.json
with_threshold "$(jq -n --argjson c "$change" '$c + 0.01')"
expect "a threshold 0.01 points above the change ($change%) passes" "$root/scripts/gate" lock_fast_path
with_threshold "$(jq -n --argjson c "$change" '$c - 0.01')"
expect_failure "dearer than the threshold" "$root/scripts/gate" lock_fast_path

# A kernel whose measured function never runs counts nothing, and fails.
cat >"$work/misspelt_gate" <<SCRIPT
#!/bin/sh
[ "\$1" = --list ] && { echo "cpu_kernel 1000 gate_cpu_kernal"; exit 0; }
"$gate" "\$@"
SCRIPT
chmod +x "$work/misspelt_gate"
export SLICEBENCH_GATE=$work/misspelt_gate SLICEBENCH_GATE_BASELINE=$committed
expect_failure "cpu_kernel counted no instructions: its measured function 'gate_cpu_kernal' never ran" \
    "$root/scripts/gate" cpu_kernel

# The baseline says what is watched: a kernel missing from it fails, and so
# does one it holds that is no longer measured.
export SLICEBENCH_GATE=$gate SLICEBENCH_GATE_BASELINE=$work/baseline.json
jq 'del(.kernels.cpu_kernel)' "$committed" >"$work/baseline.json"
expect_failure "measured, but not in the baseline: cpu_kernel" "$root/scripts/gate" cpu_kernel
jq '.kernels.retired_kernel = {iterations: 1, instructions_per_iteration: 5}' "$committed" >"$work/baseline.json"
expect_failure "in the baseline, but no longer measured: retired_kernel" "$root/scripts/gate"
expect "every other kernel of the committed baseline passes" \
    bash -c '! grep -E " (FAIL|new)$" "$1" && [ "$(grep -c " ok$" "$1")" -eq "$(jq ".kernels | length" "$2")" ]' \
    check "$work/out" "$committed"

expect_done gate
