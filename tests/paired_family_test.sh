#!/usr/bin/env bash
# The paired family: its nineteen rows on this machine, each run once whatever
# the repetitions, each with an interval that its sampling stopped on
# correctly (decided: wholly on one side of the claim's bar; undecided:
# only when its cap or its pair limit ended it), the bars of docs/claims.json
# times the PUs or workers they scale with, and the rows the run's
# workloads, models and PUs leave.
set -u
slicebench=$1
source "$(dirname "$0")/expect.sh"
claims=$(dirname "$0")/../docs/claims.json

out=$work/paired.json
expect "the family runs" "$slicebench" --benchmark_filter='^paired/' --benchmark_repetitions=3 \
    --benchmark_min_time=0.001 --benchmark_out="$out" --benchmark_out_format=json
pus=$(jq -r '.context.hwloc_pus' "$out")

rows='[.benchmarks[] | select(.run_type == "iteration")]'
# A row's figure and its ends, whichever its kind: a speedup or a twin's ratio.
figure='def figure: if has("speedup") then [.speedup, .speedup_lo, .speedup_hi] else [.ratio, .ratio_lo, .ratio_hi] end;'
expect "one row each: speedups at workers = PUs on cpu_int and 4 x PUs on timer, then the costs and throughputs" \
    jq -e --argjson p "$pus" "$rows"' | map(.run_name) == [
        "paired/cpu_int/thread/none/workers:\($p)/iterations:1/repeats:1/real_time",
        "paired/cpu_int/gil/none/workers:\($p)/iterations:1/repeats:1/real_time",
        "paired/cpu_int/process_pool/none/workers:\($p)/iterations:1/repeats:1/real_time",
        "paired/timer/gil/none/workers:\(4 * $p)/iterations:1/repeats:1/real_time",
        "paired/ctxswitch/futex/same_pu/iterations:1/repeats:1/real_time",
        "paired/ctxswitch/futex/cross_pu/iterations:1/repeats:1/real_time",
        "paired/ctxswitch/pipe/same_pu/iterations:1/repeats:1/real_time",
        "paired/ctxswitch/pipe/cross_pu/iterations:1/repeats:1/real_time",
        "paired/thread_switch/futex/same_pu/iterations:1/repeats:1/real_time",
        "paired/thread_switch/futex/cross_pu/iterations:1/repeats:1/real_time",
        "paired/thread_switch/pipe/same_pu/iterations:1/repeats:1/real_time",
        "paired/thread_switch/pipe/cross_pu/iterations:1/repeats:1/real_time",
        "paired/spawn/process/thread/iterations:1/repeats:1/real_time",
        "paired/spawn/thread/coroutine/iterations:1/repeats:1/real_time",
        "paired/list/set/iterations:1/repeats:1/real_time",
        "paired/list/append/iterations:1/repeats:1/real_time",
        "paired/overhead/pool/thread/iterations:1/repeats:1/real_time",
        "paired/timeslice/thread/iterations:1/repeats:1/real_time",
        "paired/timeslice/process/iterations:1/repeats:1/real_time"]' "$out"
expect "no row failed" jq -e "$rows"' | all(.[]; .error_occurred | not)' "$out"
expect "the bars: C3 x PUs, C4 as it is, C5 x workers, C7's twin share and weights, C8's, C10's, C2's" \
    jq -e --argjson p "$pus" --slurpfile c "$claims" '
        ($c[0] | map({(.id): .bars}) | add) as $bars
        | [.benchmarks[] | select(.run_type == "iteration") | .bar]
          == [$bars.C3.speedup_per_pu * $p, $bars.C4.speedup, $bars.C4.speedup, $bars.C5.speedup_per_worker * 4 * $p]
             + [range(4) | $bars.C7.process_over_thread_switch] + [range(6) | $bars.C7.heavier]
             + [range(2) | $bars.C8.manager_over_shared] + [$bars.C10.pool_over_thread]
             + [range(2) | $bars.C2.throughput_low]' \
    "$out"
expect "each interval holds its median" jq -e "$figure$rows"' | all(.[]; figure as [$m, $lo, $hi]
    | $lo == null or ($lo <= $m and $m <= $hi))' "$out"
expect "a decided row has an interval wholly on one side of its bar, from 5 pairs or more" jq -e "$figure$rows"' | all(.[];
    figure as [$m, $lo, $hi] | .decided == 0 or (.pairs >= 5 and all(.bar, (.upper_bar // empty); $lo >= . or $hi <= .)))' "$out"
expect "the throughput rows: C2's upper bar, and 64 and 1 spinners a PU" jq -e --argjson p "$pus" --slurpfile c "$claims" "$rows"'
    | ($c[0][] | select(.id == "C2") | .bars) as $bars | map(select(.run_name | startswith("paired/timeslice/")))
    | length == 2 and all(.[]; .upper_bar == $bars.throughput_high and .most_spinners == 64 * $p
                               and .fewest_spinners == $p)' "$out"
expect "a cost's slices are whole runs" jq -e "$rows"' | map(select(has("per_slice")) | .per_slice, .over_per_slice)
    | length == 26 and all(.[]; . >= 1 and . == floor)' "$out"
expect "the switch twins run one count on both sides" jq -e "$rows"' | map(select(.run_name | startswith("paired/ctxswitch/")))
    | length == 4 and all(.[]; .per_slice == .over_per_slice)' "$out"
# Sized each on its own, a side a hundred times lighter or more runs many
# times the count of the other in its slice; load only widens the gap.
expect "a thread switch and a manager's operation run fewer a slice than what they are set against" \
    jq -e "$rows"' | map(select(.run_name | test("^paired/(thread_switch|list)/")))
    | length == 6 and all(.[]; .per_slice < .over_per_slice)' "$out"
expect "an undecided row ran out of time (6 s) or pairs (1,000)" \
    jq -e "$rows"' | all(.[]; .decided == 1 or .sampling_s >= 6 or .pairs == 1000)' "$out"
expect "every row says what sampled it and beside what load" jq -e "$rows"' | all(.[];
    .pairs >= 1 and .sampling_s > 0 and .others_cpu_pus >= 0)' "$out"
expect "every speedup row says its model's job, whole rounds of its workers of 20 ms or more each" \
    jq -e "$rows"' | map(select(has("speedup"))) | all(.[]; .workers >= 2 and .tasks % .workers == 0
        and .tasks / .workers * .task_us >= 20000 and .fixed_cost_share >= 0 and .fixed_cost_share <= 1)' "$out"

# The rows the options and the machine leave.
names() { "$slicebench" "$@" --benchmark_list_tests --benchmark_filter='^paired/'; }
only() {
    local expected=$1
    shift
    [ "$(names "$@" | sed 's|/iterations.*||' | paste -sd' ')" = "$expected" ]
}
twins="paired/ctxswitch/futex/same_pu paired/ctxswitch/futex/cross_pu paired/ctxswitch/pipe/same_pu paired/ctxswitch/pipe/cross_pu"
switches="paired/thread_switch/futex/same_pu paired/thread_switch/futex/cross_pu paired/thread_switch/pipe/same_pu paired/thread_switch/pipe/cross_pu"
costs="$twins $switches paired/spawn/process/thread paired/spawn/thread/coroutine paired/list/set paired/list/append"
spinning="paired/timeslice/thread paired/timeslice/process"
pool="paired/overhead/pool/thread"
expect "thread and seq alone: the C3 row, the costs but the pool's, and the threads' throughput" \
    only "paired/cpu_int/thread/none/workers:$pus $costs paired/timeslice/thread" --models=seq,thread
expect "timer alone: the C5 row, the costs and C2's" \
    only "paired/timer/gil/none/workers:$((4 * pus)) $costs $pool $spinning" --workloads=timer
expect "16 PUs: workers 16 and 64" env HWLOC_SYNTHETIC="pack:2 core:4 pu:2" bash -c \
    "$(declare -f names only); slicebench='$slicebench'; only 'paired/cpu_int/thread/none/workers:16 paired/cpu_int/gil/none/workers:16 paired/cpu_int/process_pool/none/workers:16 paired/timer/gil/none/workers:64 $costs $pool $spinning'"
expect "without seq: the costs but the pool's, and the threads' throughput" \
    only "$costs paired/timeslice/thread" --models=thread,gil
expect "one PU: the costs but the cross-PU switches" env HWLOC_SYNTHETIC="pack:1 core:1 pu:1" bash -c \
    "$(declare -f names only); slicebench='$slicebench'; only 'paired/ctxswitch/futex/same_pu paired/ctxswitch/pipe/same_pu paired/thread_switch/futex/same_pu paired/thread_switch/pipe/same_pu paired/spawn/process/thread paired/spawn/thread/coroutine paired/list/set paired/list/append $pool $spinning'"

expect_done paired
