#!/usr/bin/env bash
# --benchmark_out=PATH is all or nothing: a run that cannot write the whole
# file, measured nothing or was stopped leaves an existing PATH byte for byte
# as it was, and no temporary file behind; a file slicebench must not replace
# is refused before anything runs. result_safety_test.sh tries the file
# against what a run inherits: the environment, other runs, few descriptors.
set -u
slicebench=$1
source "$(dirname "$0")/expect.sh"

# shellcheck source=tests/result_file_common.sh
source "$(dirname "$0")/result_file_common.sh"

expect "a run writes the results" "$slicebench" "${run[@]}" --benchmark_out="$out"
expect "as JSON" jq -e '.benchmarks | length == 1' "$out"

# 1. A write that fails: the file size limit stands for a full disk.
old_results
expect_failure "slicebench: could not write the results to '$out': File too large; '$out' is left as it was" \
    bash -c '(trap "" XFSZ; exec prlimit --fsize=4096 "$@" >/dev/null)' run "$slicebench" "${run[@]}" \
    --benchmark_repetitions=20 --benchmark_out="$out"
expect "a failed write leaves the old results" unchanged
expect "and no partial file" no_partial_file

# 2. Files that are not replaced, refused before anything runs.
mkfifo "$work/dir/fifo"
expect_failure "slicebench: '$work/dir/fifo' is not a regular file" \
    "$slicebench" "${run[@]}" --benchmark_out="$work/dir/fifo"
expect "a named pipe stays one" test -p "$work/dir/fifo"
expect "nothing ran" bash -c "! grep -q scaling/ '$work/out'"
if mknod "$work/dir/null" c 1 3 2>/dev/null; then
    expect_failure "slicebench: '$work/dir/null' is not a regular file" \
        "$slicebench" "${run[@]}" --benchmark_out="$work/dir/null"
    expect "a device node stays one" test -c "$work/dir/null"
fi
old_results
chmod a-w "$out"
expect_failure "slicebench: '$out' is read-only" "$slicebench" "${run[@]}" --benchmark_out="$out"
expect "a read-only file stays as it was" unchanged
chmod u+w "$out"
expect_failure "slicebench: --benchmark_out names a folder, '$work/dir'" \
    "$slicebench" "${run[@]}" --benchmark_out="$work/dir"
# A link is followed: the file it points to gets the results, the link stays.
old_results
ln -s bench.json "$work/dir/link.json"
expect "a run through a symbolic link succeeds" "$slicebench" "${run[@]}" --benchmark_out="$work/dir/link.json"
expect "and leaves the link a link" test -L "$work/dir/link.json"
expect "and writes the file it points to" jq -e '.benchmarks | length == 1' "$out"
rm "$work/dir/link.json"

# 3. A run that measures nothing replaces nothing.
old_results
expect "--benchmark_list_tests lists" "$slicebench" "${run[@]}" --benchmark_list_tests=true --benchmark_out="$out"
expect "the benchmarks" grep -q "^scaling/timer/seq/none/workers:1/real_time" "$work/out"
expect "and leaves the results as they were" unchanged
expect_failure "no benchmark matched the filter" \
    "$slicebench" "${run[@]}" --benchmark_filter=nothing_is_called_this --benchmark_out="$out"
expect "a filter matching nothing leaves the results as they were" unchanged
expect "and no partial file" no_partial_file

# 4. An interrupted run keeps what finished beside the results, not over them.
old_results
"$slicebench" --workloads=timer --models=seq,thread --max-workers=2 --task-us=2000 \
    --benchmark_filter='^scaling/' --benchmark_min_time=0.2 --benchmark_out="$out" >/dev/null 2>"$work/stderr" &
pid=$!
for _ in $(seq 200); do # until the run has begun writing its report
    grep -qs '"benchmarks"' "$out".partial-* && break
    sleep 0.05
done
kill -INT "$pid"
wait "$pid"
expect "an interrupted run exits with 130" test $? -eq 130
expect "and says where the finished benchmarks are" \
    grep -qF "slicebench: interrupted; the benchmarks that finished are in '$work/dir/bench.interrupted.json'" \
    "$work/stderr"
expect "which is whole JSON, the skipped benchmarks marked" \
    jq -e '[.benchmarks[] | select(.error_message == "interrupted")] | length > 0' "$work/dir/bench.interrupted.json"
expect "the full results are as they were" unchanged
expect "no partial file is left" no_partial_file
rm "$work/dir/bench.interrupted.json"

# 5. SIGTERM, or a second SIGINT, stops the run at once: its processes are
# killed, nothing is written. A task of a minute stands for a long run.
# stop_run STATUS SIGNAL...: sends the signals, 0.2 s apart, to a run of such
# a task once its process has started; it must end with STATUS within 30 s,
# far short of the task's minute and long enough for a sanitizer build on a
# machine busy with the other tests.
stop_run() {
    local status=$1 child signal
    shift
    old_results
    "$slicebench" --workloads=timer --models=process --placements=none --max-workers=1 --tasks=1 \
        --task-us=60000000 --benchmark_filter='^scaling/timer/process/' --benchmark_out="$out" \
        >/dev/null 2>"$work/stderr" &
    pid=$!
    # The task's process, once the run has begun its report: before that the
    # program forks short-lived children of its own, to price a process.
    for _ in $(seq 200); do
        child=""
        grep -qs '"benchmarks"' "$out".partial-* && child=$(pgrep -P "$pid" | head -1)
        [ -n "$child" ] && break
        sleep 0.05
    done
    for signal in "$@"; do
        kill -"$signal" "$pid"
        sleep 0.2
    done
    for _ in $(seq 600); do
        alive "$pid" || break
        sleep 0.05
    done
    if alive "$pid"; then
        kill -KILL "$pid" "$child" 2>/dev/null
        wait "$pid"
        echo "the run was still going 30 s after SIGTERM or a second SIGINT"
        return 1
    fi
    wait "$pid"
    local got=$?
    [ "$got" -eq "$status" ] || { echo "exit status $got, not $status"; return 1; }
    [ -n "$child" ] || { echo "the run's child never started"; return 1; }
    ! alive "$child" || { echo "its child $child is still running"; kill -KILL "$child"; return 1; }
    unchanged && no_partial_file && ! compgen -G "$work/dir/*.interrupted.*"
}
if [ -z "${SLICEBENCH_TEST_SIGNALS_LATE:-}" ]; then
    expect "SIGTERM stops a run within 30 s with 143, its child killed, nothing written" stop_run 143 TERM
    expect "and says so" grep -q "slicebench: stopped by SIGTERM" "$work/stderr"
    expect "a second SIGINT stops a run within 30 s with 130, its child killed, nothing written" stop_run 130 INT INT
    expect "and says so" grep -q "slicebench: stopped by a second SIGINT" "$work/stderr"
else
    echo "result_file: the stop checks are left to the builds without ThreadSanitizer, which delivers signals late"
fi

# 6. A file that cannot be created is said so, naming it, before anything runs.
expect_failure "slicebench: cannot write results beside '$work/none/bench.json': No such file or directory" \
    "$slicebench" "${run[@]}" --benchmark_out="$work/none/bench.json"
expect "and nothing ran" bash -c "! grep -q scaling/ '$work/out'"

expect_done result_file
