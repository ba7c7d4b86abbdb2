#!/usr/bin/env bash
# The granularity family run tiny (seq and thread, cpu_int, 3 repetitions of
# one job or so each): every duration's rows with their counters, the tasks
# per job by the family's rule, speedups that agree with the rates, and a
# break_even row that agrees with the speedups of the same output, worked
# out again here. Then what it registers without seq or its workloads, and
# a break_even row whose curve did not run.
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
      def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;'

expect "three repetitions of every duration, seq's and thread's, none failed" jq -e --argjson d "$durations" "$reps"'
    all($d[] as $us | ("seq", "thread") as $m | row($m; $us); length == 3 and all(.[]; .error_occurred | not))' "$out"
expect "only those: no other workload or model, no break_even for seq" jq -e "$reps"'
    [.benchmarks[] | select(.run_type == "iteration") | .run_name] | unique
    | all(.[]; test("^granularity/cpu_int/(seq|thread)/task_us:[0-9]+/real_time$")
               or . == "granularity/cpu_int/thread/break_even/iterations:1")
      and index(["granularity/cpu_int/thread/break_even/iterations:1"]) != null' "$out"
expect "every row has its workers, tasks and task_us; seq one worker, thread the same number throughout" \
    jq -e --argjson d "$durations" "$reps"'
    ([$d[] as $us | row("seq"; $us)[] | .workers == 1 and .task_us == $us] | all)
    and ([$d[] as $us | row("thread"; $us)[] | .task_us == $us] | all)
    and ([$d[] as $us | row("thread"; $us)[] | .workers] | unique | length == 1 and .[0] >= 1)' "$out"
expect "tasks per job: the same for both, at least 4 a worker and at least 2 ms of work, in whole rounds" \
    jq -e --argjson d "$durations" "$reps"'
    [ $d[] as $us | [row("seq"; $us)[], row("thread"; $us)[]]
      | .[-1].workers as $w | [.[].tasks] | unique
      | length == 1 and (.[0] as $tasks | $tasks % $w == 0 and $tasks / $w >= 4 and $tasks * $us >= 2000
                         and ($tasks / $w == 4 or ($tasks - $w) * $us < 2000)) ]
    | all' "$out"
expect "thread has a speedup, seq none; each is its rate over seq's median at that duration" \
    jq -e --argjson d "$durations" "$reps"'
    [ $d[] as $us | row("seq"; $us)[] | has("speedup") | not ]
    + [ $d[] as $us | ([row("seq"; $us)[].items_per_second] | median) as $seq | row("thread"; $us)[]
        # The family times the loop itself, as Google Benchmark does: the
        # two agree but for the bookkeeping between them.
        | .speedup > 0 and (.speedup / (.items_per_second / $seq)) as $r | $r > 0.5 and $r < 2 ]
    | all' "$out"

# The break-even worked out from the speedups in the output, by the rule of
# base/break_even.h: the last upward crossing of 1, in log-log.
expect "break_even agrees with the medians of thread's speedups" jq -e --argjson d "$durations" "$reps"'
    [$d[] as $us | [$us, ([row("thread"; $us)[].speedup] | median)]] as $points
    | ([range(0; $points | length) | select($points[.][1] < 1)] | last) as $last_losing
    | reps("granularity/cpu_int/thread/break_even/iterations:1") as $rows
    | ($rows | length == 3) and all($rows[];
        .points == 5 and (.error_occurred | not) and
        if $last_losing == null then .below_range == 1 and .above_range == 0 and (has("break_even_us") | not)
        elif $last_losing == 4 then .below_range == 0 and .above_range == 1 and (has("break_even_us") | not)
        else ($points[$last_losing]) as [$d0, $s0] | ($points[$last_losing + 1]) as [$d1, $s1]
             | ((($d0 | log) + ($s0 | log) / (($s0 | log) - ($s1 | log)) * (($d1 | log) - ($d0 | log))) | exp) as $at
             | .below_range == 0 and .above_range == 0 and (.break_even_us / $at - 1 | fabs) < 1e-9
               and .break_even_us >= $d0 and .break_even_us <= $d1
        end)' "$out"

# The names the family registers for the given options.
names() { "$slicebench" "$@" --benchmark_list_tests --benchmark_filter='^granularity/'; }
without_seq_no_break_even() {
    [ "$(names --workloads=cpu_int --models=thread | grep -c '^granularity/cpu_int/thread/task_us:')" = 5 ] &&
        ! names --workloads=cpu_int --models=thread | grep -q break_even
}
without_seq_no_speedup() {
    "$slicebench" --workloads=cpu_int --models=thread --benchmark_filter='^granularity/cpu_int/thread/task_us:10/' \
        --benchmark_min_time=0.001 --benchmark_format=json |
        jq -e '[.benchmarks[] | select(.run_type == "iteration")] | length == 1 and all(.[]; (has("speedup") | not) and .tasks > 0)'
}
both_workloads() {
    [ "$(names --workloads=cpu_int,timer --models=seq,coroutine | grep -c '^granularity/\(cpu_int\|timer\)/\(seq\|coroutine\)/task_us:')" = 20 ]
}
expect "without seq: the model's durations, no break_even row" without_seq_no_break_even
expect "and no speedup on its rows" without_seq_no_speedup
expect "both reference workloads when chosen, under every chosen model" both_workloads
expect_failure "no benchmark matched the filter" names --workloads=http,file_read
expect_failure "no speedups to read: granularity/cpu_int/thread/task_us:* and granularity/cpu_int/seq/task_us:* must run" \
    "$slicebench" --workloads=cpu_int --models=seq,thread --benchmark_filter='^granularity/cpu_int/thread/break_even'

expect_done granularity
