# Reshapes the scaling family's results into speedup against the share of a
# task spent computing: timer (0%), mixed25, mixed50, mixed75, cpu_int
# (100%), whichever ran, at each curve's largest worker count, placement
# none.
#
#   jq -r -f mixed.jq results.json
#       gnuplot data: one block per model, headed by "<model> <colour>" (the
#       model's place among the non-seq models of the results, as in the
#       scaling plot), rows "percent median min max" of speedup over seq,
#       blocks separated by two blank lines; nothing when no mixed workload ran
include "results" {search: "./"};

def computing_percent:
  if . == "timer" then 0
  elif . == "cpu_int" then 100
  elif test("^mixed[0-9]+$") then ltrimstr("mixed") | tonumber
  else null end;

scaling_runs as $runs
| ($runs | map(select(.model != "seq") | .model)
  | reduce .[] as $m ([]; if index([$m]) then . else . + [$m] end)) as $models
| ($runs | map(select(.model == "seq") | .workload) | unique
  | map(select(computing_percent != null))) as $workloads
| if ($workloads | any(startswith("mixed")) | not) then empty
  else
    [ $workloads[] as $workload | speedup_curves($workload)[] | select(.placement == "none")
      | { model, percent: ($workload | computing_percent), point: (.points | max_by(.workers)) } ]
    | map(.model as $model | .colour = ($models | index([$model]) + 1))
    | group_by(.colour)[]
    | "\(.[0].model) \(.[0].colour)",
      (sort_by(.percent)[] | "\(.percent) \(.point.median) \(.point.min) \(.point.max)"),
      "", ""
  end
