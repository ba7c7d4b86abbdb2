#!/usr/bin/env bash
# Registering the benchmarks leaves no trace: listing them, or a filter that
# matches none of them, calibrates no workload and writes no scratch file,
# however long the tasks asked for. A benchmark readies its workload (sizes
# it, makes its scratch file) at its first run, and that file goes with the
# program.
set -u
slicebench=$1
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

mkdir "$work/tmp"
made_at=$(stat -c %y "$work/tmp")
# Nothing was made in TMPDIR, not even for a moment: a scratch file is
# removed as soon as it is made, which changes the folder's time. (But for
# ThreadSanitizer's runtime, which makes and removes a file of its own
# there: then the file size limit below is the check.)
untouched() {
    [ -z "$(ls -A "$work/tmp")" ] &&
        { [ -n "${SLICEBENCH_TEST_RUNTIME_USES_TMPDIR:-}" ] || [ "$(stat -c %y "$work/tmp")" = "$made_at" ]; }
}

# Tasks of a minute, for which file_read's scratch file would take hundreds
# of gigabytes; a limit of 1 MiB on any file written (its SIGXFSZ ends the
# program) keeps a check that fails from filling the disk, and `timeout`
# from taking long.
registered() {
    TMPDIR="$work/tmp" timeout 20 prlimit --fsize=$((1 << 20)) "$slicebench" --task-us=60000000 "$@"
}
expect "--benchmark_list_tests with tasks of a minute lists at once" registered --benchmark_list_tests=true
expect "every workload's benchmarks" grep -q '^scaling/file_direct/seq/none/workers:1/real_time$' "$work/out"
expect "having made no file in TMPDIR" untouched
expect_failure "slicebench: no benchmark matched the filter" \
    registered --workloads=file_read,file_direct --benchmark_filter=nothing_is_called_this
expect "a filter that matches nothing made no file in TMPDIR either" untouched

expect "a run of file_read readies its file at its first run" env TMPDIR="$work/tmp" "$slicebench" \
    --workloads=file_read --models=seq,thread --placements=none --max-workers=2 --tasks=1 --task-us=1000 \
    --benchmark_filter='^scaling/file_read/' --benchmark_min_time=0.001
expect "and reads it" grep -q '^scaling/file_read/thread/none/workers:2/real_time .* items_per_second' "$work/out"
expect "which is gone with the program" test -z "$(ls -A "$work/tmp")"

expect_done registration
