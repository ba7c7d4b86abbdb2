#!/usr/bin/env bash
# The report's pieces, on inputs whose answers are known: the claims on small
# hand-made results through scripts/analyse (each verdict reached), the
# history and the wall-time comparison, and every script's error on bad
# input. No figure here comes from a timing. (The fits and each claim's
# rule are unit-tested in tests/analysis/.)
#
#   report_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# ---- claims ------------------------------------------------------------------
# results GOOD PUS: a results file whose figures make every claim hold
# (GOOD = true) or fail (false), with PUS PUs.
results() {
    jq -n --argjson good "$1" --arg pus "$2" '
        # Five repetitions, alike: enough for the claims interval of a median.
        def row($name; fields): range(5) as $i
            | {name: "\($name)/real_time", run_name: "\($name)/real_time", run_type: "iteration", repetition_index: $i,
               time_unit: "ns", real_time: 1000, cpu_time: 1000} + fields;
        def scaling($workload; $model; rates): [rates] | to_entries[]
            | row("scaling/\($workload)/\($model)/none/workers:\(.key + 1)"; {items_per_second: .value});
        def pick(yes; no): if $good then yes else no end;
        {context: {hwloc_pus: $pus, slicebench_machine: "hand-made", slicebench_workloads: "cpu_int=cpu,timer=io"},
         benchmarks: [
            scaling("cpu_int"; "seq"; 100),
            scaling("cpu_int"; "thread"; 100, pick(190; 110), 185, 180),
            scaling("cpu_int"; "gil"; 100, pick(105; 150), 102, 101),
            scaling("cpu_int"; "process"; 80, 150, 145, 140),
            scaling("timer"; "seq"; 100),
            scaling("timer"; "gil"; 100, 200, pick(290; 120), pick(390; 150)),
            (("thread", "process") as $kind
             | row("timeslice/\($kind)/pus:2/spinners:2"; {probe_p99_us: 80, steps_per_second: 1e9, fairness: 1}),
               row("timeslice/\($kind)/pus:2/spinners:128"; {probe_p99_us: pick(40000; 100), steps_per_second: 1e9, fairness: 0.8})),
            row("waiters/coroutine/epoll/waiters:10000"; {rss_bytes_per_waiter: pick(5000; 9000), real_time: 5e7}),
            row("waiters/coroutine/epoll/waiters:\(pick(100000; 1000))"; {rss_bytes_per_waiter: 5200, real_time: 4e8}),
            row("waiters/thread/waiters:10000"; {rss_bytes_per_waiter: 8000, real_time: 4e8}),
            row("ctxswitch/spawn/process"; {real_time: 900000}),
            row("ctxswitch/spawn/thread"; {real_time: pick(60000; 2000000)}),
            row("ctxswitch/spawn/coroutine"; {real_time: 10000}),
            row("ctxswitch/futex/thread/same_pu"; {switch_time: 2.2e-6}),
            row("ctxswitch/futex/process/same_pu"; {switch_time: 2.4e-6}),
            row("switch/ping_pong/asm"; {switch_time: 7e-9}),
            row("ipc/list/shared_list/set"; {real_time: pick(30; 90000)}),
            row("ipc/list/manager/set"; {real_time: 50000}),
            row("ipc/round_trip/shm_spin/bytes:8"; {real_time: 400}),
            row("sync/lock/threads:1"; {op_time: 5e-9}),
            row("semantics/memory/iterations:1"; {child_write_seen: pick(0; 1), thread_write_seen: 1}),
            row("semantics/lock/iterations:1"; {lock_tries: 3, lock_admitted: pick(1; 2)}),
            row("semantics/bounded_semaphore/iterations:1";
                {semaphore_places: 3, semaphore_tries: 4, semaphore_admitted: 3, semaphore_over_release_refused: 1}),
            row("semantics/rlock/iterations:1"; {rlock_acquires: 3, rlock_depth: 3, rlock_other_admitted: 0, rlock_freed: 1}),
            row("semantics/event/iterations:1"; {event_waiters: 4, event_released: 4}),
            row("semantics/condition/iterations:1"; {notify_waiters: 4, notify_n: 2, notify_released: 2, notify_still_waiting: 2}),
            row("overhead/pool/workers:2"; {real_time: pick(120; 20000)}),
            row("overhead/thread/workers:2"; {real_time: 34000})
         ]}'
}
# analysed RESULTS: the claims scripts/analyse finds in a results file.
analysed() {
    rm -rf "$work/analysed" && mkdir -p "$work/analysed" && cp "$1" "$work/analysed/bench.json" &&
        "$root/scripts/analyse" "$work/analysed" >/dev/null && jq '.claims' "$work/analysed/analysis.json"
}
claims() { # claims RESULTS: "id verdict" lines
    analysed "$1" | jq -r '.[] | "\(.id) \(.verdict)"'
}
ids() { jq -r '.[].id' "$root/docs/claims.json"; }

results true 2 >"$work/good.json"
results false 2 >"$work/bad.json"
claims "$work/good.json" >"$work/good.verdicts"
claims "$work/bad.json" >"$work/bad.verdicts"
expect "every claim holds on figures that meet its rule" diff <(ids | sed 's/$/ holds/') "$work/good.verdicts"
expect "every claim does not hold on figures that miss its rule" diff <(ids | sed 's/$/ does not hold/') "$work/bad.verdicts"

echo '{"context": {"hwloc_pus": "2"}, "benchmarks": []}' >"$work/empty.json"
claims "$work/empty.json" >"$work/empty.verdicts"
expect "with no families, every claim is not measured" \
    diff <(ids | sed 's/$/ not measured/') "$work/empty.verdicts"
expect "each not-measured claim gives its reason" jq -e '
    all(.[]; (.reason | length) > 10 and (.rule | length) > 10 and (.shape | length) > 10)' \
    <(analysed "$work/empty.json")
results true 1 >"$work/one_pu.json"
expect "one PU leaves C3 not measured, saying so" jq -e '
    .[] | select(.id == "C3") | .verdict == "not measured" and (.reason | contains("one PU"))' \
    <(analysed "$work/one_pu.json")
jq '.benchmarks |= map(select(.name | test("timer/gil/none/workers:[34]") | not))' "$work/good.json" >"$work/few_workers.json"
expect "IO concurrency that stops at the PU count leaves C5 not measured" jq -e '
    .[] | select(.id == "C5") | .verdict == "not measured" and (.reason | contains("not past the 2 PUs"))' \
    <(analysed "$work/few_workers.json")
jq '.benchmarks |= map(select(.name | startswith("scaling/cpu_int/seq") | not))' "$work/good.json" >"$work/no_seq.json"
expect "no seq baseline leaves C3 and C4 not measured, not an error" jq -e '
    [.[] | select(.id == "C3" or .id == "C4") | .verdict == "not measured" and (.reason | contains("no seq baseline"))] == [true, true]' \
    <(analysed "$work/no_seq.json")

# ---- history -----------------------------------------------------------------
mkdir -p "$work/results/m/plots"
cp "$work/good.json" "$work/results/m/bench.json"
expect "a run is recorded" "$root/scripts/record_history" "$work/good.json" "$work/results/history/m.jsonl" full
expect "and another" "$root/scripts/record_history" "$work/bad.json" "$work/results/history/m.jsonl" quick
expect "one line per run, with the date, commit, mode and every median" jq -e -s '
    length == 2 and all(.[]; (.commit | length) > 0 and .machine == "hand-made")
    and .[0].mode == "full" and .[1].mode == "quick"
    and .[0].real_time_ns["overhead/pool/workers:2"] == 120 and .[1].real_time_ns["overhead/pool/workers:2"] == 20000' \
    "$work/results/history/m.jsonl"
expect "the trend is drawn" "$root/scripts/plot" "$work/results/m" history
expect "as PNG and SVG" test -s "$work/results/m/plots/history.png" -a -s "$work/results/m/plots/history.svg"
echo 'not json' >>"$work/results/history/m.jsonl"
expect_failure "is not a slicebench history" "$root/scripts/plot" "$work/results/m" history
expect_failure "record_history: no results at $work/nothing.json" \
    "$root/scripts/record_history" "$work/nothing.json" "$work/results/history/x.jsonl" full

# ---- compare -------------------------------------------------------------------
expect "compare reports on two results files" "$root/scripts/compare" "$work/good.json" "$work/bad.json"
expect "with compare.py's table" grep -q "Comparing" "$work/out"
expect_failure "no results at $work/nothing.json" "$root/scripts/compare" "$work/nothing.json" "$work/good.json"
echo '{"benchmarks": [' >"$work/malformed.json"
expect_failure "is not a Google Benchmark JSON report" "$root/scripts/compare" "$work/good.json" "$work/malformed.json"
expect_failure "usage: scripts/compare OLD.json NEW.json" "$root/scripts/compare" "$work/good.json"
jq '.benchmarks |= map(.name |= "other/" + . | .run_name |= "other/" + .)' "$work/good.json" >"$work/other.json"
expect_failure "compare: OLD and NEW have no benchmark in common" "$root/scripts/compare" "$work/good.json" "$work/other.json"
jq '.benchmarks[0] |= del(.time_unit)' "$work/good.json" >"$work/no_unit.json"
expect_failure "compare: $work/no_unit.json is not a Google Benchmark JSON report: benchmark 1" \
    "$root/scripts/compare" "$work/good.json" "$work/no_unit.json"
expect "without a traceback" bash -c "! grep -q Traceback '$work/out'"

# ---- the report ------------------------------------------------------------------
expect_failure "report: $work/results/history/m.jsonl is not a slicebench history" \
    "$root/scripts/report" "$work/results/m" "$work/report"
sed -i '/^not json$/d' "$work/results/history/m.jsonl"
expect "a report is made from hand-made results" "$root/scripts/report" "$work/results/m" "$work/report"
expect "it prints the claims table" grep -q "C10  holds" "$work/out"
expect "the history page is made beside the page, which links it" bash -c "test -s '$work/report/history.html' &&
    grep -q '<a href=\"history.html\">' '$work/report/index.html'"
expect "the page has every claim and the plots" bash -c "grep -c 'id=\"claim-C' '$work/report/index.html' | grep -qx $(ids | wc -l) &&
    grep -q 'src=\"../results/m/plots/history.svg\"' '$work/report/index.html'"
cp "$work/report/index.html" "$work/kept.html"
cp "$work/malformed.json" "$work/results/m/bench.json"
expect_failure "is not a Google Benchmark JSON report" "$root/scripts/report" "$work/results/m" "$work/report"
expect "a failed report leaves the last page whole" cmp "$work/kept.html" "$work/report/index.html"
expect "and no partial file" bash -c "! ls '$work/report' | grep -q partial"
expect_failure "no results at $work/empty/bench.json; run 'make bench' first" "$root/scripts/report" "$work/empty" "$work/report"
cp "$work/malformed.json" "$work/results/m/bench.json"
expect_failure "analyse: $work/results/m/bench.json is not a Google Benchmark JSON report" "$root/scripts/analyse" "$work/results/m"

# Interrupted while it draws the machine's picture (results made on this
# host, without one: lstopo, here a stand-in that waits), the report leaves
# the last page as it was and no temporary file, in its folder or in
# $TMPDIR. It runs in a process group of its own, signalled whole as a
# terminal would, with INT not ignored (as it is in a background job).
mkdir -p "$work/tmp" "$work/bin"
jq --arg host "$(hostname)" '.context.host_name = $host' "$work/good.json" >"$work/results/m/bench.json"
rm -f "$work/results/m/topology.svg"
printf '#!/bin/sh\ntouch "%s/started"\nexec sleep 30\n' "$work" >"$work/bin/lstopo-no-graphics"
chmod +x "$work/bin/lstopo-no-graphics"
for signal in INT TERM; do
    rm -f "$work/started"
    PATH=$work/bin:$PATH TMPDIR=$work/tmp setsid env --default-signal=INT "$root/scripts/report" "$work/results/m" "$work/report" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 300); do [ -e "$work/started" ] && break; sleep 0.1; done
    expect "the report draws the picture" test -e "$work/started"
    kill -"$signal" -- -"$pid"
    wait "$pid"
    expect "a report stopped by $signal leaves the last page whole" cmp "$work/kept.html" "$work/report/index.html"
    expect "and no temporary file beside it" test "$(ls -A "$work/report" | tr '\n' ' ')" = "history.html index.html "
    expect "nor in TMPDIR" test -z "$(ls -A "$work/tmp")"
done

expect_done report
