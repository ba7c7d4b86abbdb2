# The scaling plot's data (scripts/plot runs this): speedup against workers,
# one panel per workload, each curve beside its fitted Universal Scalability
# Law ($fits: [scripts/fit_scaling's output]). Speedup is tasks per second
# over that of seq for the same workload; median, min and max over the
# repetitions.
#
#   data panel_N   panel N's curves: one block per model/placement, headed
#                  by its title, rows "workers median min max", blocks
#                  separated by two blank lines
#        fit_N     its fitted curves in the same blocks, rows "workers
#                  speedup" from 1 to the largest worker count; a curve not
#                  fitted gets one NaN row, which keeps the blocks aligned
#   vars panels    how many panels (workloads)
#        title_N   panel N's title: the workload and its kind
#        models_N  words: each block's colour, its model's place among the
#                  models of the results, the same in every panel
#        places_N  words: each block's dash, its placement's place in
#                  none compact scatter single
#        pus       PUs of the machine
include "results";
include "gnuplot";

# 1-based place of a word in a list; one past the end when missing.
def place($list): . as $word | ($list | index([$word]) // length) + 1;

# The fitted USL curve, scaled back from the curve's own one-worker point to
# speedup over seq.
def fit_rows:
  if .status == "fitted" then
    (.points | map(.[0]) | max) as $last
    | .one_worker_speedup as $scale
    | .usl as {a: $a, b: $b}
    | range(0; 61) | 1 + (. / 60) * ($last - 1)
    | "\(.) \(. / (1 + $a * (. - 1) + $b * . * (. - 1)) * $scale)"
  else "1 NaN" end;

. as $results
| ($fits[0] // []) as $fits
| workload_kinds as $kinds
# Colour by model (in the order the results list them), dash by placement.
| scaling_models as $models
| [ scaling_runs | map(.workload) | unique[] as $workload
    | { workload: $workload, curves: ($results | speedup_curves($workload)),
        fits: [$fits[] | select(.workload == $workload)] } ] as $panels
| if $panels == [] then null
  else
    [ $panels | to_entries[] | (.key + 1) as $n | .value
      | { data: { "panel_\($n)": (.curves | map({title: "\(.model)/\(.placement)", rows: [.points[] | "\(.workers) \(.median) \(.min) \(.max)"]}) | data_blocks),
                  "fit_\($n)": (.fits | map({title: "\(.model)/\(.placement)", rows: [fit_rows]}) | data_blocks) },
          vars: { "title_\($n)": "\(.workload) (\($kinds[.workload] // "" | ascii_upcase)-bound work)",
                  "models_\($n)": (.curves | map("\(.model | place($models)) ") | add // ""),
                  "places_\($n)": (.curves | map("\(.placement | place(["none", "compact", "scatter", "single"])) ") | add // "") } } ]
    | { data: (map(.data) | add), vars: (map(.vars) | add + {panels: length, pus: ($results.context.hwloc_pus | tonumber)}) }
  end
