# The mixed plot's data (scripts/plot runs this): the scaling family's
# results as speedup against the share of a task spent computing: timer
# (0%), mixed25, mixed50, mixed75, cpu_int (100%), whichever ran, at the
# largest worker count every one of their curves reached (CPU-bound curves
# stop at 4 x PUs, IO-bound ones go much further: one count keeps the line
# a comparison), placement none; nothing when no mixed workload ran.
#
#   data data     one block per model, headed by its name, rows "percent
#                 median min max" of speedup over seq, blocks separated by
#                 two blank lines, models in the order the results list them
#   vars models   words: each block's model (its colour, palette.gp)
#        workers  that worker count
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
    | . + {percent: ($workload | computing_percent)} ] as $curves
| ($curves | map(.points | map(.workers) | max) | min) as $workers
| [ $curves[] | { model, percent, point: (.points[] | select(.workers == $workers)),
                  place: (.model as $model | $models | index([$model])) } ]
  | group_by(.place) as $blocks
| if ($workloads | any(startswith("mixed")) | not) or $blocks == [] then null
  else
    { data: { data: ($blocks | map({ title: .[0].model,
                                     rows: [sort_by(.percent)[] | "\(.percent) \(.point.median) \(.point.min) \(.point.max)"] })
                     | data_blocks) },
      vars: { models: ($blocks | map(.[0].model) | join(" ")),
              workers: $workers,
              pus: ($results.context.hwloc_pus | tonumber) } }
  end
