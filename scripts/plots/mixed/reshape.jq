# The mixed plot's data (scripts/plot runs this): the scaling family's
# results as speedup against the share of a task spent computing: timer
# (0%), mixed25, mixed50, mixed75, cpu_int (100%), whichever ran, at each
# curve's largest worker count, placement none; nothing when no mixed
# workload ran.
#
#   data data     one block per model, headed by "<model> <colour>", rows
#                 "percent median min max" of speedup over seq, blocks
#                 separated by two blank lines
#   vars colours  words: each block's colour, the model's place among the
#                 non-seq models of the results (as in the scaling plot)
#        workers  the largest worker count of the mixed workloads
#        pus      PUs of the machine
include "results";
include "gnuplot";

def computing_percent:
  if . == "timer" then 0
  elif . == "cpu_int" then 100
  elif test("^mixed[0-9]+$") then ltrimstr("mixed") | tonumber
  else null end;

. as $results
| scaling_runs as $runs
| scaling_models as $models
| ($runs | map(select(.model == "seq") | .workload) | unique
  | map(select(computing_percent != null))) as $workloads
| [ $workloads[] as $workload | speedup_curves($workload)[] | select(.placement == "none")
    | { model, percent: ($workload | computing_percent), point: (.points | max_by(.workers)),
        colour: (.model as $model | $models | index([$model]) + 1) } ]
  | group_by(.colour) as $blocks
| if ($workloads | any(startswith("mixed")) | not) or $blocks == [] then null
  else
    { data: { data: ($blocks | map({ title: "\(.[0].model) \(.[0].colour)",
                                     rows: [sort_by(.percent)[] | "\(.percent) \(.point.median) \(.point.min) \(.point.max)"] })
                     | data_blocks) },
      vars: { colours: ($blocks | map("\(.[0].colour) ") | add),
              workers: ($results | [.benchmarks[] | select(.run_name | startswith("scaling/mixed")) | .workers] | max),
              pus: ($results.context.hwloc_pus | tonumber) } }
  end
