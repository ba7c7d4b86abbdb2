#!/usr/bin/env bash
# What scripts/bench shows while it runs and when it ends: scripts/progress
# counts the benchmarks Google Benchmark's console rows finish, one plain
# line each off a terminal and one line rewritten in place on one, and keeps
# the output whole in its log; the analysis's summary (scripts/analyse
# --summary) gives the headline speedups and the claims' verdicts, leaving
# out what the results lack.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# Console output as Google Benchmark prints it: headers, a benchmark's
# repetitions and aggregates, an errored one, a row of another family.
cat >"$work/console.txt" <<'ROWS'
-----------------------------------------------------------------
Benchmark                          Time             CPU   Iterations
-----------------------------------------------------------------
scaling/cpu_int/seq/none/workers:1/real_time        16.3 ms   16.3 ms   43
scaling/cpu_int/seq/none/workers:1/real_time        16.4 ms   16.4 ms   43
scaling/cpu_int/seq/none/workers:1/real_time_mean   16.3 ms   16.3 ms    2
scaling/cpu_int/seq/none/workers:1/real_time_median 16.3 ms   16.3 ms    2
scaling/cpu_int/seq/none/workers:1/real_time_stddev 0.05 ms   0.05 ms    2
scaling/cpu_int/seq/none/workers:1/real_time_cv     0.30 %    0.30 %     2
switch/ping_pong/asm/real_time   ERROR OCCURRED: 'boom'
waiters/thread/waiters:10/real_time                 10.9 ms  0.55 ms    64
ROWS
progress() { "$root/scripts/progress" "$@" <"$work/console.txt"; }

expect "off a terminal, a line per benchmark finished" progress 3 "$work/log"
expect "three of them, in order, each with its family and place" diff - "$work/out" <<'LINES'
bench: scaling, 1 of 3, 0:00 so far, about 0:00 left (scaling/cpu_int/seq/none/workers:1/real_time)
bench: switch, 2 of 3, 0:00 so far, about 0:00 left (switch/ping_pong/asm/real_time)
bench: waiters, 3 of 3, 0:00 so far (waiters/thread/waiters:10/real_time)
LINES
expect "the log keeps the console output whole" cmp "$work/console.txt" "$work/log"
expect "on a terminal, one line rewritten in place" \
    script -qec "'$root/scripts/progress' 3 '$work/tty.log' <'$work/console.txt'" /dev/null
cp "$work/out" "$work/tty.txt"
expect "each state starts by going back to the line's start" \
    test "$(grep -o $'\r\e\\[K' "$work/tty.txt" | wc -l)" -eq 3
expect "and the last is the whole run" grep -q 'bench: waiters, 3 of 3' "$work/tty.txt"
expect_failure "TOTAL must be a count, not 'many'" "$root/scripts/progress" many "$work/log"

# ---- the summary ------------------------------------------------------------------
results=$root/results/turin-2pu-vm/bench.json
# summary RESULTS: the lines scripts/bench ends a run of those results with.
summary() {
    rm -rf "$work/m" && mkdir -p "$work/m" && cp "$1" "$work/m/bench.json" &&
        "$root/scripts/analyse" "$work/m" >/dev/null && "$root/scripts/analyse" --summary "$work/m"
}
expect "a summary of committed results" summary "$results"
cp "$work/out" "$work/summary.txt"
expect "the CPU-bound line is at as many workers as PUs" \
    grep -q '^CPU-bound (cpu_int), 2 workers, speedup over seq: coroutine' "$work/summary.txt"
expect "the IO-bound line: each model's peak and knee" grep -qE '^IO-bound \(timer\), each model.s peak speedup over seq, and its knee: .*thread [0-9.]+x \([0-9.]+ to [0-9.]+\) at [0-9]+(, knee [0-9]+|, no knee up to [0-9]+)' "$work/summary.txt"
expect "each model with its median and range" grep -qE 'thread [0-9.]+x \([0-9.]+ to [0-9.]+\)' "$work/summary.txt"
last_claim=$(jq -r '.[-1].id' "$root/docs/claims.json")
expect "and every claim's verdict" grep -qE "^claims: C1 [a-z ]+, .*$last_claim [a-z ]+\$" "$work/summary.txt"
jq '.benchmarks |= map(select(.name | startswith("scaling/") | not))' "$results" >"$work/no_scaling.json"
expect "without the scaling family, the claims alone" summary "$work/no_scaling.json"
expect "no speedup line then" test "$(grep -c speedup "$work/out")" -eq 0

expect_done bench_progress
