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

def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;

def runs:
  [ .benchmarks[]
    | select(.run_type == "iteration" and (.run_name | startswith("scaling/")) and (.error_occurred | not))
    | (.run_name | split("/")) as $part
    | { workload: $part[1], model: $part[2], placement: $part[3],
        workers: ($part[4] | ltrimstr("workers:") | tonumber), rate: .items_per_second } ];

runs as $runs
| if $workload == "" then
    $runs | map(.workload) | unique[]
  else
    ($runs | map(select(.workload == $workload))) as $mine
    | ($mine | map(select(.model == "seq") | .rate) | if length == 0
         then error("no seq baseline for workload \($workload)") else median end) as $baseline
    | $mine | map(select(.model != "seq"))
    | group_by([.model, .placement])[]
    | "\(.[0].model)/\(.[0].placement)",
      (group_by(.workers)[] | map(.rate / $baseline) as $speedups
       | "\(.[0].workers) \($speedups | median) \($speedups | min) \($speedups | max)"),
      "", ""
  end
