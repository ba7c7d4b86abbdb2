# The scaling family's measured points and knees, for the fit
# (scripts/fit_scaling) and the scaling and placement plots. Include with:
# include "scaling_points"; (jq -L scripts/)
#
# A curve's rows are scaling/<workload>/<model>/<placement>/workers:<n>; after
# each curve a row .../<placement>/knee/iterations:1 (one per repetition)
# carries what the family concluded about it (knee_workers, peak_speedup,
# peak_workers, bound_speedup, ...). The points come from results.jq's
# scaling_runs, which reads the first kind only: a knee row is never a point.
include "results";

# Every workload's speedup curves (those that have a seq baseline to divide
# by): {workload, model, placement, points: [{workers, median, min, max,
# speedups}]}, speedups being each repetition's tasks per second over seq's
# median, in the order the repetitions ran.
def scaling_curves:
  scaling_runs as $runs
  | [ $runs | map(select(.model == "seq")) | group_by(.workload)[]
      | {workload: .[0].workload, baseline: (map(.rate) | median)} ] as $baselines
  | [ $baselines[] as {workload: $workload, baseline: $baseline}
      | $runs | map(select(.workload == $workload and .model != "seq")) | group_by([.model, .placement])[]
      | { workload: $workload, model: .[0].model, placement: .[0].placement,
          points: [ group_by(.workers)[] | map(.rate / $baseline) as $speedups
                    | { workers: .[0].workers, median: ($speedups | median), min: ($speedups | min),
                        max: ($speedups | max), speedups: $speedups } ] } ];

# The knee row's counters (bench/families/scaling.c says what each is).
def knee_counters: [ "knee_workers", "peak_speedup", "peak_workers", "largest_workers", "bound_speedup",
                     "cpu_us_per_task", "caller_cpu_us_per_task", "fixed_cost_share", "task_us" ];

# Each curve's knee: {workload, model, placement} and each of knee_counters,
# the median over the repetitions' knee rows (null where a row lacks it).
# knee_workers is 0 where efficiency never fell below one half.
def scaling_knees:
  [ iterations[] | select(.run_name | test("^scaling/[^/]+/[^/]+/[^/]+/knee(/|$)"))
    | (.run_name | split("/")) as $part
    | {workload: $part[1], model: $part[2], placement: $part[3]} + with_entries(select(.key | IN(knee_counters[]))) ]
  | group_by([.workload, .model, .placement])
  | map(.[0] + (. as $rows | [ knee_counters[] as $key | {($key): ($rows | map(.[$key] | numbers) | median)} ] | add));
