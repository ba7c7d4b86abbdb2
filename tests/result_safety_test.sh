#!/usr/bin/env bash
# The results file against what a run inherits: Google Benchmark's
# environment variables, a run in which nothing could be measured, another
# run writing the same file (in this PID namespace or another), a low limit
# on open files, and an old file owned by another user. Each leaves the old
# results whole or gives them a clear successor, and says why.
set -u
slicebench=$1
source "$(dirname "$0")/expect.sh"

# shellcheck source=tests/result_file_common.sh
source "$(dirname "$0")/result_file_common.sh"

# expect_refused "message" command...: the command exits 2 saying message,
# before anything ran, leaving the old results and no temporary file.
expect_refused() {
    local message=$1
    shift
    checks=$((checks + 1))
    old_results
    "$@" >"$work/out" 2>&1
    local status=$?
    if [ "$status" -ne 2 ] || ! grep -qF -- "$message" "$work/out" || grep -q "^scaling/" "$work/out" ||
        ! unchanged || ! no_partial_file; then
        echo "FAIL: $* should exit 2 saying '$message', leaving $out as it was; it exited $status," \
            "left $(ls "$work/dir" | tr '\n' ' ')and said, last: $(tail -n 2 "$work/out")"
        failures=$((failures + 1))
    fi
    rm -f "$work/dir/"*.partial-*
}

# 1. Google Benchmark takes each flag's default from its environment
# variable: a variable is refused as the flag it stands for is (cli_test.sh
# checks those messages), saying where it came from.
while IFS='|' read -r variable value; do
    flag=--$(tr 'A-Z' 'a-z' <<<"$variable")
    expect_refused "slicebench: " "$slicebench" "${run[@]}" "$flag=$value" --benchmark_out="$out"
    message=$(sed -n 's/^slicebench: //p' "$work/out")
    expect_refused "slicebench: the environment sets $variable='$value', the default of $flag: $message" \
        env "$variable=$value" "$slicebench" "${run[@]}" --benchmark_out="$out"
done <<'EOF'
BENCHMARK_REPETITIONS|0
BENCHMARK_REPETITIONS|-1
BENCHMARK_MIN_TIME|0
BENCHMARK_MIN_WARMUP_TIME|soon
BENCHMARK_FORMAT|bogus
BENCHMARK_OUT_FORMAT|xml
BENCHMARK_TIME_UNIT|h
BENCHMARK_COLOR|
BENCHMARK_CONTEXT|commit
EOF
expect_refused "the environment sets BENCHMARK_OUT='$work/env.json'; unset it" \
    env BENCHMARK_OUT="$work/env.json" "$slicebench" "${run[@]}"
expect "and nothing was written" test ! -e "$work/env.json"
expect_refused "the environment sets BENCHMARK_SOMEDAY, which" \
    env BENCHMARK_SOMEDAY=1 "$slicebench" "${run[@]}" --benchmark_out="$out"

old_results
expect "BENCHMARK_LIST_TESTS=true lists" env BENCHMARK_LIST_TESTS=true "$slicebench" "${run[@]}" --benchmark_out="$out"
expect "the benchmarks" grep -q "^scaling/timer/seq/none/workers:1/real_time" "$work/out"
expect "and leaves the results as they were" unchanged
expect "and no temporary file" no_partial_file
expect "a good value is taken as the flag's" \
    env BENCHMARK_REPETITIONS=2 BENCHMARK_LIST_TESTS=false "$slicebench" "${run[@]}" --benchmark_out="$out"
expect "and runs each benchmark twice" jq -e '[.benchmarks[] | select(.run_type == "iteration")] | length == 2' "$out"
expect "and the command line overrides it" \
    env BENCHMARK_LIST_TESTS=true "$slicebench" "${run[@]}" --benchmark_list_tests=false --benchmark_out="$out"
expect "writing the results" jq -e '.benchmarks | length == 1' "$out"

# 2. A run in which every benchmark failed measured nothing: the old
# results stay. One in which some failed replaces them, saying which.
file_read=(--workloads=file_read,timer --models=seq --placements=none --max-workers=1 --tasks=1 --task-us=100
           --benchmark_min_time=0.001)
old_results
expect_failure "slicebench: every benchmark run failed; '$out' is left as it was" \
    env TMPDIR=/nonexistent "$slicebench" "${file_read[@]}" --benchmark_filter='^scaling/file_read/seq/' \
    --benchmark_out="$out"
expect "a run where all failed leaves the results as they were" unchanged
expect "and no temporary file" no_partial_file
expect_failure "slicebench: 1 benchmark run(s) failed" \
    env TMPDIR=/nonexistent "$slicebench" "${file_read[@]}" --benchmark_filter='^scaling/(file_read|timer)/seq/' \
    --benchmark_out="$out"
expect "a run where some failed writes its results, the failed ones marked" \
    jq -e '[.benchmarks[] | .error_occurred // false] | sort == [false, true]' "$out"

# 3. Another run's temporary file is never taken for a killed run's, even
# from another PID namespace, where its process id means nothing; a killed
# run's is removed by the next run.
# start_run: starts a run of a few seconds that writes $out, $running its
# pid, and waits until Google Benchmark has begun writing its temporary file.
start_run() {
    "$slicebench" --workloads=timer --models=seq,thread --placements=none --max-workers=8 --tasks=1 --task-us=1000 \
        --benchmark_filter='^scaling/timer/' --benchmark_min_time=0.5 --benchmark_out="$out" \
        >/dev/null 2>"$work/running.stderr" &
    running=$!
    for _ in $(seq 400); do
        grep -qs '"benchmarks"' "$out".partial-* && break
        sleep 0.05
    done
}
# A run held stopped (SIGSTOP) while others run beside it, then interrupted:
# it keeps what finished in its interrupted file, which needs its temporary
# file.
old_results
start_run
kill -STOP "$running"
running_partial=$(compgen -G "$out.partial-*")
expect "a run beside a running one succeeds" \
    "$slicebench" --benchmark_filter='^switch/ping_pong/ucontext/' --benchmark_out="$out"
expect "and leaves the other's temporary file" test -e "$running_partial"
if unshare --pid --fork --mount-proc true 2>/dev/null; then
    expect "a run in another PID namespace succeeds" unshare --pid --fork --mount-proc \
        "$slicebench" --benchmark_filter='^switch/ping_pong/ucontext/' --benchmark_out="$out"
    expect "and leaves the other's temporary file" test -e "$running_partial"
else
    echo "result_safety: unshare --pid is not permitted here; the other namespace is left out"
fi
kill -CONT "$running"
kill -INT "$running"
wait "$running"
expect "the running run, interrupted, ends as one (130)" test $? -eq 130
expect "keeping what finished" jq -e '.benchmarks | length > 0' "$work/dir/bench.interrupted.json"
expect "the results are the last finished run's" \
    jq -e '[.benchmarks[].name] == ["switch/ping_pong/ucontext/real_time"]' "$out"
expect "and no temporary file is left" no_partial_file

start_run
{ kill -KILL "$running" && wait "$running"; } 2>/dev/null
expect "a killed run leaves its temporary file" compgen -G "$out.partial-*"
expect "which the next run removes" "$slicebench" "${run[@]}" --benchmark_out="$out"
expect "leaving none" no_partial_file

# 4. Too few descriptors: a message that says so, not one about a file name
# or a file it could not read; the old results stay.
few_descriptors() {
    old_results
    bash -c 'ulimit -n "$1" && shift && exec "$@"' limit "$1" "$slicebench" --task-us=100 --benchmark_min_time=0.001 \
        --benchmark_filter='^switch/' --benchmark_out="$out" >/dev/null 2>"$work/stderr"
    local status=$?
    if grep -q "invalid file name\|Failed to read from file" "$work/stderr"; then
        echo "with ulimit -n $1: $(cat "$work/stderr")"
        return 1
    fi
    [ "$status" -eq 0 ] && return 0
    grep -q "Too many open files" "$work/stderr" && unchanged && no_partial_file && return 0
    echo "with ulimit -n $1: exit status $status: $(tail -n 3 "$work/stderr")"
    return 1
}
# A sanitizer's runtime needs descriptors of its own (it tests memory through
# a pipe), and without them reports errors that are not the program's: the
# check runs in the builds without one.
if [ -z "${SLICEBENCH_TEST_SANITIZED:-}" ]; then
    for limit in 8 12 16; do
        expect "ulimit -n $limit: the run succeeds or says too many files are open" few_descriptors "$limit"
    done
fi

# 5. The results of a file owned by another user keep its owner and mode.
if [ "$(id -u)" -eq 0 ]; then
    old_results
    chown 4242:4343 "$out"
    chmod 0640 "$out"
    expect "a run replaces another user's results" "$slicebench" "${run[@]}" --benchmark_out="$out"
    expect "keeping their owner and mode" test "$(stat -c '%u:%g %a' "$out")" = "4242:4343 640"
else
    echo "result_safety: not root; the owner of another user's file is left out"
fi

expect_done result_safety
