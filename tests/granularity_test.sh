#!/usr/bin/env bash
# The granularity family run tiny (seq and thread, cpu_int, 3 repetitions of
# one job or so each): every duration's rows with their counters and the
# tasks per job by the family's rule, from which the analysis derives each
# model's speedups and break-even. Then what it registers without seq or its
# workloads: duration rows alone.
set -u
slicebench=$1
source "$(dirname "$0")/expect.sh"

durations='[10, 100, 1000, 10000, 100000]'
out=$work/granularity.json
expect "the family runs" "$slicebench" --workloads=cpu_int --models=seq,thread --benchmark_filter='^granularity/' \
    --benchmark_min_time=0.001 --benchmark_repetitions=3 --benchmark_out="$out" --benchmark_out_format=json

# The repetitions of one benchmark, by its name.
reps='def reps($name): [.benchmarks[] | select(.run_type == "iteration" and .run_name == $name)];
      def row($model; $us): reps("granularity/cpu_int/\($model)/task_us:\($us)/real_time");
'

expect "three repetitions of every duration, seq's and thread's, none failed" jq -e --argjson d "$durations" "$reps"'
    all($d[] as $us | ("seq", "thread") as $m | row($m; $us); length == 3 and all(.[]; .error_occurred | not))' "$out"
expect "only those: no other workload or model, and no row but a duration's" jq -e "$reps"'
    [.benchmarks[] | select(.run_type == "iteration") | .run_name] | unique
    | all(.[]; test("^granularity/cpu_int/(seq|thread)/task_us:[0-9]+/real_time$"))' "$out"
# A model's break-even is derived from its rates over seq's against task_us.
expect "every row has its rate, workers, tasks and task_us; seq one worker, thread the same number throughout" \
    jq -e --argjson d "$durations" "$reps"'
    ([("seq", "thread") as $m | $d[] as $us | row($m; $us)[] | .items_per_second > 0 and .task_us == $us] | all)
    and ([$d[] as $us | row("seq"; $us)[] | .workers == 1] | all)
    and ([$d[] as $us | row("thread"; $us)[] | .workers] | unique | length == 1 and .[0] >= 1)' "$out"
expect "tasks per job: the same for both, at least 4 a worker and at least 2 ms of work, in whole rounds" \
    jq -e --argjson d "$durations" "$reps"'
    [ $d[] as $us | [row("seq"; $us)[], row("thread"; $us)[]]
      | .[-1].workers as $w | [.[].tasks] | unique
      | length == 1 and (.[0] as $tasks | $tasks % $w == 0 and $tasks / $w >= 4 and $tasks * $us >= 2000
                         and ($tasks / $w == 4 or ($tasks - $w) * $us < 2000)) ]
    | all' "$out"
expect "no row carries a speedup: the analysis derives it from the rates" \
    jq -e '[.benchmarks[] | select(.run_type == "iteration") | has("speedup") | not] | all' "$out"

# The names the family registers for the given options.
names() { "$slicebench" "$@" --benchmark_list_tests --benchmark_filter='^granularity/'; }
durations_alone() {
    local listed
    listed=$(names "$@") && [ -n "$listed" ] && ! grep -v '/task_us:' <<<"$listed"
}
without_seq_durations_alone() {
    [ "$(names --workloads=cpu_int --models=thread | grep -c '^granularity/cpu_int/thread/task_us:')" = 5 ] &&
        durations_alone --workloads=cpu_int --models=thread
}
both_workloads() {
    [ "$(names --workloads=cpu_int,timer --models=seq,coroutine | grep -c '^granularity/\(cpu_int\|timer\)/\(seq\|coroutine\)/task_us:')" = 20 ]
}
expect "without seq: the model's durations alone" without_seq_durations_alone
expect "both reference workloads when chosen, under every chosen model" both_workloads
expect "with seq: durations alone too, the break-even being derived from them" durations_alone --workloads=cpu_int,timer
expect_failure "no benchmark matched the filter" names --workloads=http,file_read

expect_done granularity
