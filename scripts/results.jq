# Definitions shared by the jq programs that read a slicebench results file
# (Google Benchmark JSON). Include with: include "results" {search: "./"};

def median: sort | if length == 0 then null
                   elif length % 2 == 1 then .[length / 2 | floor]
                   else (.[length / 2 - 1] + .[length / 2]) / 2 end;

# A number to three significant digits, for people to read.
def sig3: if . == 0 then 0 else pow(10; 2 - (fabs | log10 | floor)) as $m | (. * $m | round) / $m end;

# The repetitions that ran to the end: no aggregates, nothing interrupted.
def iterations: [ .benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not)) ];

# A benchmark's own name, without Google Benchmark's "/real_time" suffix.
def short_name: .run_name | sub("/real_time$"; "");

# One repetition's real time in nanoseconds, whatever its time unit.
def time_ns: .real_time * ({ns: 1, us: 1e3, ms: 1e6, s: 1e9}[.time_unit] // 1);

# The scaling family's repetitions, one object each.
def scaling_runs:
  [ iterations[] | select(.run_name | startswith("scaling/"))
    | (.run_name | split("/")) as $part
    | { workload: $part[1], model: $part[2], placement: $part[3],
        workers: ($part[4] | ltrimstr("workers:") | tonumber), rate: .items_per_second } ];

# The kind (cpu, io, ...) of each workload, from the results' context.
def workload_kinds:
  .context.slicebench_workloads // "" | split(",") | map(select(contains("=")) | split("=") | {(.[0]): .[1]}) | add // {};

# The speedup curves of one workload: one per model/placement other than seq,
# each point the median, min and max over the repetitions of tasks per
# second, divided by the seq model's median. An error when seq did not run.
def speedup_curves($workload):
  (scaling_runs | map(select(.workload == $workload))) as $mine
  | ($mine | map(select(.model == "seq") | .rate) | if length == 0
       then error("no seq baseline for workload \($workload)") else median end) as $baseline
  | [ $mine | map(select(.model != "seq")) | group_by([.model, .placement])[]
      | { workload: $workload, model: .[0].model, placement: .[0].placement,
          points: [ group_by(.workers)[] | map(.rate / $baseline) as $speedups
                    | { workers: .[0].workers, median: ($speedups | median),
                        min: ($speedups | min), max: ($speedups | max) } ] } ];

# Every workload's speedup curves, skipping workloads that have no seq
# baseline to divide by.
def all_speedup_curves:
  . as $results
  | [ scaling_runs | map(select(.model == "seq") | .workload) | unique[] as $workload
      | $results | speedup_curves($workload)[] ];
