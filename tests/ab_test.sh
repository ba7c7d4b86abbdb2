#!/usr/bin/env bash
# scripts/ab's contract: it reports a known slowdown as slower and exits 1;
# two runs of one program raise no alarm; it builds and compares two
# revisions without touching the working tree; and it refuses bad usage
# with status 2, leaving no child process behind when stopped.
#
#   tests/ab_test.sh SLICEBENCH SLICEBENCH_AB_SLOWED
#
# SLICEBENCH_AB_SLOWED is the program built with SB_AB_TEST_SLOWDOWN, whose
# switch/ping_pong/<backend> benchmarks do four times the work: far past
# the noise of a machine busy with other tests, so the verdicts repeat.
# Runs are short (--min-time) and the filters narrow, to keep this quick.
set -u
program=$1 slowed=$2
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

ab() { "$root/scripts/ab" --out="$work/ab" --min-time=0.05 "$@"; }
# status_is STATUS COMMAND...: whether COMMAND exits with STATUS.
status_is() {
    local status=$1
    shift
    "$@"
    [ $? -eq "$status" ]
}
# summary JQ: runs jq -e on the JSON summary of the last comparison.
summary() { jq -e "$1" "$work/ab/ab.json" >/dev/null; }
verdict_of() { jq -r --arg name "$1" '.benchmarks[] | select(.name == $name) | .verdict' "$work/ab/ab.json"; }

# A known slowdown: the slowed backends are slower, the untouched peer is not.
expect "a slowdown makes ab exit 1" \
    status_is 1 ab --base-program="$program" --head-program="$slowed" '^switch/ping_pong/'
expect "every slowed benchmark is slower" \
    summary '[.benchmarks[] | select(.name != "switch/ping_pong/fcontext") | .verdict] | length > 0 and all(. == "slower")'
expect "the benchmark the change left alone is not" test "$(verdict_of switch/ping_pong/fcontext)" != slower
expect "its interval lies above the threshold" \
    summary '.benchmarks[] | select(.name == "switch/ping_pong/asm") | .interval_percent[0] > .threshold_percent // 5'
expect "the Markdown summary says so" grep -qE '^\| ` switch/ping_pong/asm ` \|.*\| \*\*slower\*\* \|$' "$work/ab/summary.md"
expect "9 runs a side, interleaved: each round runs both" \
    summary '.run.order as $o | ($o | length) == 18 and all(range(9); $o[2 * . : 2 * . + 2] | sort == ["base", "head"])'
expect "each run's Google Benchmark JSON is kept" "$root/scripts/check_input" ab_test results "$work/ab/runs/head-9.json"

# The same program twice: no alarm, time after time. A busy machine (CI
# runs the tests in parallel) can shift one side's runs by chance, and no
# test may fail on that: the threshold here, 25%, is one that chance
# cannot reach with the whole interval, as a 4x slowdown does at 5%.
for attempt in 1 2 3; do
    expect "one program against itself exits 0 (attempt $attempt)" \
        ab --threshold=25 --base-program="$program" --head-program="$program" '^switch/ping_pong/asm/'
    expect "and calls nothing slower (attempt $attempt)" summary '.counts.slower == 0 and (.benchmarks | length) == 1'
done

# Two revisions of a scratch repository. Its "build" copies a program
# committed beside it, the real one in the first commit and the slowed one
# in the second, so that the revisions are cloned, configured, built and
# run as a real project's would be, in seconds.
repo=$work/repo
mkdir -p "$repo"
cp -r "$root/scripts" "$root/.gitignore" "$repo/"
cat >"$repo/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(stand_in NONE)
configure_file(slicebench bench/slicebench COPYONLY)
add_custom_target(slicebench)
CMAKE
git() { command git -C "$repo" -c user.name=test -c user.email=test@example.org "$@"; }
cp "$program" "$repo/slicebench"
git init --quiet && git add . && git commit --quiet -m base && git tag base
cp "$slowed" "$repo/slicebench"
git commit --quiet -am head
echo "an uncommitted change" >>"$repo/CMakeLists.txt"
echo "an untracked file" >"$repo/untracked"
git status --porcelain >"$work/status.before"
expect "two revisions: the slowed one is slower" \
    status_is 1 "$repo/scripts/ab" --min-time=0.05 base HEAD '^switch/ping_pong/asm/'
expect "each revision was built in a folder of its own" \
    test -x "$repo/build-ab/$(git rev-parse base)/build/bench/slicebench" \
    -a -x "$repo/build-ab/$(git rev-parse HEAD)/build/bench/slicebench"
expect "the summary names the revisions and their commits" \
    jq -e --arg base "base ($(git rev-parse base | cut -c1-12))" --arg head "HEAD ($(git rev-parse HEAD | cut -c1-12))" \
    '.base == $base and .head == $head' "$repo/build-ab/ab.json"
expect "the working tree and index are as they were" \
    bash -c '[ "$(git -C "$1" status --porcelain)" = "$(cat "$2")" ]' check "$repo" "$work/status.before"
expect "so is HEAD" test "$(git log --format=%s -1)" = head

# Bad usage: status 2 and a message saying what is wrong.
refuses() {
    local message=$1
    shift
    expect "ab $* exits 2" status_is 2 "$@"
    expect "saying '$message'" grep -qF -- "$message" "$work/out"
}
refuses "unknown revision 'no-such-revision'" "$repo/scripts/ab" no-such-revision HEAD
refuses "no benchmark matched the filter" ab --base-program="$program" --head-program="$program" '^no/such/benchmark$'
refuses "--threshold must be a percentage" ab --threshold=five --base-program="$program" --head-program="$program"
refuses "--threshold must be a percentage" ab --threshold=-5 --base-program="$program" --head-program="$program"
refuses "--runs must be a whole number from 9" ab --runs=3 --base-program="$program" --head-program="$program"
refuses "unknown option '--fast'" ab --fast base HEAD
refuses "expected a revision for each of: head" ab --base-program="$program"
refuses "is not an executable file" ab --base-program="$work/missing" --head-program="$program"
refuses "--benchmark_min_time must be a number of seconds above 0" \
    ab --min-time=soon --base-program="$program" --head-program="$program"
expect "and no summary of an earlier comparison is left behind" test ! -e "$work/ab/summary.md"

# Stopped mid-run, ab stops its run and exits 2.
cp "$program" "$work/stopped"
"$root/scripts/ab" --out="$work/stop" --min-time=0.5 \
    --base-program="$work/stopped" --head-program="$work/stopped" '^switch/ping_pong/asm/' >/dev/null 2>&1 &
ab_pid=$!
for _ in $(seq 200); do
    [ -z "$(pgrep -f "^$work/stopped --benchmark_filter")" ] || break
    sleep 0.05
done
kill -TERM "$ab_pid"
expect "a stopped comparison exits 2" status_is 2 wait "$ab_pid"
expect "and leaves no run behind" test -z "$(pgrep -f "^$work/stopped")"

expect_done ab
