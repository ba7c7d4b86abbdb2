#!/usr/bin/env bash
# scripts/ab's contract: it reports a known slowdown as slower and exits 1;
# two runs of one program raise no alarm; it builds and compares two
# revisions without touching the working tree, saying that the tree's edits
# are not measured; it refuses bad usage with status 2 and deletes nothing
# then; two comparisons never write into one --out, nor build one revision
# into one place; and stopped, in a run or a build, it says so, exits as a
# signal's status does and leaves no child process or partial build behind.
#
#   tests/ab_test.sh SLICEBENCH SLICEBENCH_AB_SLOWED SLOWDOWN
#
# SLICEBENCH_AB_SLOWED is the program built with SB_AB_TEST_SLOWDOWN, whose
# switch/ping_pong/<backend> benchmarks do SLOWDOWN times the work. Runs are
# short (--min-time) and the filters narrow, to keep this quick.
#
# The verdicts must repeat on a machine busy with other work (CI runs the
# tests in parallel): such load slows each run by the share of the CPU it
# leaves it, so one program's runs spread by a factor no test can bound,
# past 4x on 2 PUs under a load average past 100. The verdicts that must
# hold therefore take as threshold a change by the square root of SLOWDOWN
# (16x for 256): a slowed benchmark is called slower, and a program against
# itself calls nothing slower, unless the runs of one program spread past
# that factor within one comparison. Each such check's message, when it
# fails, says how far they spread.
set -u
program=$1 slowed=$2 slowdown=$3
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"
factor=$(awk -v s="$slowdown" 'BEGIN { print sqrt(s) }')
margin=$(awk -v f="$factor" 'BEGIN { printf "%.0f", 100 * (f - 1) }') # the factor as a change in percent
# How long a step may take on a loaded machine before the test calls it
# hung: the bound only keeps a broken ab from hanging the test.
patience_s=60

ab() { "$root/scripts/ab" --out="$work/ab" --min-time=0.05 "$@"; }
# spread BENCHMARK: how far the runs of BENCHMARK spread (slowest over
# fastest, both sides) in the last comparison, where both sides ran its code.
spread() {
    jq -r --arg name "$1" '.benchmarks[] | select(.name == $name) | .base_ns + .head_ns
                           | "\(max / min * 10 | round / 10)x"' "$work/ab/ab.json"
}
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
ab --threshold="$margin" --base-program="$program" --head-program="$slowed" '^switch/ping_pong/' >"$work/slowed.out" 2>&1
slowed_status=$?
noise="fcontext's runs spread $(spread switch/ping_pong/fcontext); the verdicts hold to ${factor}x"
expect "a slowdown makes ab exit 1 ($noise)" test "$slowed_status" -eq 1
expect "every slowed benchmark is slower ($noise)" \
    summary '[.benchmarks[] | select(.name != "switch/ping_pong/fcontext") | .verdict] | length > 0 and all(. == "slower")'
expect "the benchmark the change left alone is not ($noise)" test "$(verdict_of switch/ping_pong/fcontext)" != slower
expect "its interval lies above the threshold" \
    summary '.benchmarks[] | select(.name == "switch/ping_pong/asm") | .interval_percent[0] > .threshold_percent // 5'
expect "the Markdown summary says so" grep -qE '^\| ` switch/ping_pong/asm ` \|.*\| \*\*slower\*\* \|$' "$work/ab/summary.md"
expect "9 runs a side, interleaved: each round runs both" \
    summary '.run.order as $o | ($o | length) == 18 and all(range(9); $o[2 * . : 2 * . + 2] | sort == ["base", "head"])'
expect "each run's Google Benchmark JSON is kept" "$root/scripts/check_input" ab_test results "$work/ab/runs/head-9.json"

# The same program twice: no alarm at the threshold that noise within
# sqrt(SLOWDOWN) cannot cross.
ab --threshold="$margin" --base-program="$program" --head-program="$program" '^switch/ping_pong/asm/' >"$work/same.out" 2>&1
same_status=$?
noise="its runs spread $(spread switch/ping_pong/asm); the verdict holds to ${factor}x"
expect "one program against itself exits 0 ($noise)" test "$same_status" -eq 0
expect "and calls nothing slower ($noise)" summary '.counts.slower == 0 and (.benchmarks | length) == 1'

# Two revisions of a scratch repository. Its "build" copies a program
# committed beside it, the real one in the first commit and the slowed one
# in the second, so that the revisions are cloned, configured, built and
# run as a real project's would be, in seconds. Given AB_TEST_BUILD_GATE,
# a file's name, its build says it began (the file's name with .started)
# and waits until that file is made: a build in progress for as long as a
# test needs one.
repo=$work/repo
mkdir -p "$repo"
cp -r "$root/scripts" "$root/.gitignore" "$repo/"
cat >"$repo/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(stand_in NONE)
if(DEFINED ENV{AB_TEST_BUILD_GATE})
  execute_process(COMMAND sh -c [=[touch "$1.started"; while [ ! -e "$1" ]; do sleep 0.05; done]=]
                  gate "$ENV{AB_TEST_BUILD_GATE}")
endif()
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
expect "saying that the working tree's edits are not measured" \
    grep -qF "ab: HEAD is measured as committed: the working tree's uncommitted edits are not" "$work/out"
expect "each revision was built in a folder of its own" \
    test -x "$repo/build-ab/$(git rev-parse base)/build/bench/slicebench" \
    -a -x "$repo/build-ab/$(git rev-parse HEAD)/build/bench/slicebench"
expect "the summary names the revisions and their commits" \
    jq -e --arg base "base ($(git rev-parse base | cut -c1-12))" --arg head "HEAD ($(git rev-parse HEAD | cut -c1-12))" \
    '.base == $base and .head == $head' "$repo/build-ab/ab.json"
expect "the working tree and index are as they were" \
    bash -c '[ "$(git -C "$1" status --porcelain)" = "$(cat "$2")" ]' check "$repo" "$work/status.before"
expect "so is HEAD" test "$(git log --format=%s -1)" = head

# Bad usage: status 2, a message saying what is wrong, and the earlier
# comparison's outputs left as they were.
cp "$work/ab/summary.md" "$work/summary.before"
cp "$repo/build-ab/summary.md" "$work/repo_summary.before"
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
expect "and the earlier comparison's summary is kept" cmp "$work/summary.before" "$work/ab/summary.md"
expect "with its runs" "$root/scripts/check_input" ab_test results "$work/ab/runs/head-9.json"
expect "as is the default --out's, after an unknown revision" \
    cmp "$work/repo_summary.before" "$repo/build-ab/summary.md"

# wait_for COMMAND...: waits until COMMAND succeeds, for at most $patience_s.
wait_for() {
    local _
    for _ in $(seq $((patience_s * 20))); do
        "$@" && return 0
        sleep 0.05
    done
    return 1
}

# Stopped mid-run, ab stops its run and exits as TERM's status.
cp "$program" "$work/stopped"
"$root/scripts/ab" --out="$work/stop" --min-time=0.5 \
    --base-program="$work/stopped" --head-program="$work/stopped" '^switch/ping_pong/asm/' >/dev/null 2>&1 &
ab_pid=$!
expect "a comparison begins a run" wait_for pgrep -f "^$work/stopped --benchmark_filter"
kill -TERM "$ab_pid"
expect "a stopped comparison exits 143, as TERM's status" status_is 143 wait "$ab_pid"
expect "and leaves no run behind" test -z "$(pgrep -f "^$work/stopped")"
# ended PID: whether PID ends within wait_for's bound; if not, it is killed,
# so that the test goes on.
ended() {
    wait_for eval "! kill -0 $1 2>/dev/null" && return 0
    kill -KILL "$1"
    return 1
}
# A program that lists nothing, and whose run says its process id and
# waits to be stopped: a comparison in progress for as long as a test needs.
cat >"$work/waiting" <<PROGRAM
#!/bin/sh
case "\$*" in *--benchmark_list_tests*) exit 0 ;; esac
echo \$\$ >>"$work/waiting.pids"
exec sleep 120
PROGRAM
chmod +x "$work/waiting"
waiting=("$root/scripts/ab" --base-program="$work/waiting" --head-program="$work/waiting")

# One --out, two comparisons: the second is refused, and the first's runs
# are left to it.
"${waiting[@]}" --out="$work/locked" >"$work/first.out" 2>&1 &
first=$!
expect "a comparison begins its runs" wait_for test -s "$work/waiting.pids"
expect "a second one into the same --out exits 2" status_is 2 timeout "$patience_s" "${waiting[@]}" --out="$work/locked"
expect "saying that another comparison is writing there" \
    grep -qF "ab: another comparison is writing to $work/locked" "$work/out"
expect "the first's run goes on" kill -0 "$(head -n 1 "$work/waiting.pids")"
expect "its runs folder kept" test -d "$work/locked/runs"
kill -TERM "$first"
expect "stopped, the first ends" ended "$first"
expect "exiting 143" status_is 143 wait "$first"
expect "saying so on its terminal" grep -qx "ab: interrupted" "$work/first.out"
expect "and its run is stopped" ended "$(head -n 1 "$work/waiting.pids")"

# A revision not built yet; HEAD, the working tree and the index stay.
git tag third "$(git commit-tree -p HEAD -m third "HEAD^{tree}")"
third=$(git rev-parse third)
gate=$work/gate
# A non-interactive shell's background job ignores SIGINT; these take it
# as from a terminal.
gated=(env --default-signal=INT AB_TEST_BUILD_GATE="$gate" "$repo/scripts/ab" --base-program="$program" third
       '^no/such/benchmark$')

# Stopped during a build, ab ends the build at once, says so, and leaves
# no part of it.
for signal in TERM INT; do
    "${gated[@]}" --out="$work/stopped_build" >"$work/stopped.out" 2>&1 &
    stopped=$!
    expect "a build begins" wait_for test -e "$gate.started"
    kill -"$signal" "$stopped"
    expect "stopped by SIG$signal during its build, ab ends at once" ended "$stopped"
    touch "$gate" # lets a build that went on end
    expect "exiting $((128 + $(kill -l "$signal")))" status_is $((128 + $(kill -l "$signal"))) wait "$stopped"
    expect "saying so on its terminal, not in the build's log" grep -qx "ab: interrupted" "$work/stopped.out"
    expect "with no build process left" test -z "$(pgrep -f -- "$gate")"
    expect "and no partial build" \
        test -z "$(find "$repo/build-ab" -mindepth 1 -maxdepth 1 -name "$third*" ! -name "$third.lock")"
    rm -f "$gate" "$gate.started"
done
expect "it named no working tree edits, as it measured no HEAD" \
    bash -c '! grep -q "uncommitted" "$1"' check "$work/stopped.out"

# Two comparisons that need one revision built: the second waits for the
# first's build, and both use it.
declare -A comparison=()
"${gated[@]}" --out="$work/first" >"$work/first.out" 2>&1 &
comparison[first]=$!
expect "a build begins" wait_for test -e "$gate.started"
"${gated[@]}" --out="$work/second" >"$work/second.out" 2>&1 &
comparison[second]=$!
expect "a second comparison waits for it" \
    wait_for grep -qF "ab: waiting for another comparison's build of third ($third)" "$work/second.out"
touch "$gate"
for run in first second; do
    expect "the $run comparison exits 2" status_is 2 wait "${comparison[$run]}"
    expect "with the build done, at the filter" grep -qF "no benchmark matched the filter" "$work/$run.out"
done
expect "the revision is built in its folder" test -x "$repo/build-ab/$third/build/bench/slicebench"
expect "whole, with nothing nested in it" test ! -e "$repo/build-ab/$third/src/src.partial"
expect "and nothing else of it beside" \
    test "$(find "$repo/build-ab" -mindepth 1 -maxdepth 1 -name "$third*" | sort | tr '\n' ' ')" = \
    "$repo/build-ab/$third $repo/build-ab/$third.lock "
expect "the working tree and index are still as they were" \
    bash -c '[ "$(git -C "$1" status --porcelain)" = "$(cat "$2")" ]' check "$repo" "$work/status.before"

expect_done ab
