# The placement plot's data (scripts/plot runs this): how pinning changes
# each model's scaling, on the reference workloads: the first CPU-bound and
# the first IO-bound workload (in the order they ran) measured under more
# than one placement. One panel per workload and model, one curve per
# placement: speedup over seq against workers, median, min and max over the
# repetitions, with the curve's knee. Nothing when no workload ran under
# several placements.
#
#   data panel_N  panel N's curves: one block per placement (none, compact,
#                 scatter, single, those that ran), headed by its name, rows
#                 "workers median min max", blocks separated by two blank
#                 lines
#        knee_N   the knees in the same blocks, one row "workers speedup";
#                 "NaN NaN" where the curve has no knee
#   vars rows, columns   the grid: a row per workload, a column per model
#        title_N  panel N's title: the model and the workload
#        model_N  panel N's model (its colour)
#        places_N words: each block's placement (its dash)
#        log_N    1: log x (base 2) and log y, for IO-bound work; 0: linear
#        xmax_N, ymin_N, ymax_N   panel N's ranges
#        placements  words: every placement drawn, for the figure's one key
#        pus      PUs of the machine
include "results";
include "gnuplot";
include "scaling_points";
include "scaling_plot";

["none", "compact", "scatter", "single"] as $order
| . as $results
| scaling_knees as $knees
| scaling_curves as $curves
| [ ordered_workloads($curves)[] | . as {workload: $w}
    | select([$curves[] | select(.workload == $w) | .placement] | unique | length > 1) ] as $pinned
| [ first($pinned[] | select(.kind == "cpu")), first($pinned[] | select(.kind == "io")) ] as $workloads
| (scaling_models | map(select(. as $m | any($curves[]; .model == $m and IN(.workload; $workloads[].workload))))) as $models
| [ $workloads[] as $row | $models[] as $model
    | {row: $row, model: $model,
       curves: [$curves[] | select(.workload == $row.workload and .model == $model)]
               | sort_by(.placement as $p | $order | index([$p]) // length)} ] as $panels
| if $workloads == [] then null
  else
    [ $panels | to_entries[] | (.key + 1) as $n | .value as $panel
      | $panel.curves
      | scaling_panel($n; "\($panel.model): \($panel.row.workload) (\($panel.row.kind | ascii_upcase)-bound)";
                      $panel.row.kind; []; $knees; .placement)
      # This figure compares placements; the fits are the models figure's.
      | del(.data["fit_\($n)"])
      | .vars += {"model_\($n)": $panel.model, "places_\($n)": ($panel.curves | map(.placement) | join(" "))} ]
    | { data: (map(.data) | add),
        vars: (map(.vars) | add
               + {rows: ($workloads | length), columns: ($models | length),
                  placements: ($order | map(select(IN($panels[].curves[].placement))) | join(" ")),
                  pus: ($results.context.hwloc_pus | tonumber)}) }
  end
