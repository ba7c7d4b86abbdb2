# Reshapes the scaling family's Google Benchmark JSON into speedup curves.
#
#   jq -r -f scaling.jq --arg workload cpu_int results.json
#       gnuplot data: one block per model/placement, headed by its title,
#       rows "workers median min max" of speedup over the seq model,
#       blocks separated by two blank lines
#   jq -r -f scaling.jq --arg workload '' results.json
#       the workloads present, one per line, with their kind
#
# Speedup is tasks per second over that of seq for the same workload; the
# median, min and max are over the repetitions.
include "results" {search: "./"};

if $workload == "" then
  scaling_runs | map(.workload) | unique[]
else
  speedup_curves($workload)[]
  | "\(.model)/\(.placement)",
    (.points[] | "\(.workers) \(.median) \(.min) \(.max)"),
    "", ""
end
