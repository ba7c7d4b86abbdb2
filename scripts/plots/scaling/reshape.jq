# The scaling plot's data (scripts/plot runs this): the models figure. One
# panel per workload at placement none, one curve per model: speedup (tasks
# per second over seq's median) against workers, median, min and max over
# the repetitions; beside each curve its USL fit where scripts/fit_scaling
# did not refuse it ($fits) and its knee (the knee rows' knee_workers).
#
#   data panel_N  panel N's curves: one block per model, headed by its name,
#                 rows "workers median min max", blocks separated by two
#                 blank lines
#        fit_N    the fitted curves in the same blocks, rows "workers
#                 speedup"; one NaN row where there is no fit
#        knee_N   the knees in the same blocks, one row "workers speedup";
#                 "NaN NaN" where the curve has no knee
#   vars panels   how many panels (workloads)
#        title_N  panel N's title: the workload and its kind
#        models_N words: each block's model (its colour)
#        log_N    1: log x (base 2) and log y, for IO-bound work; 0: linear
#        xmax_N, ymin_N, ymax_N   panel N's ranges
#        models   words: every model drawn, for the figure's one key
#        pus      PUs of the machine
include "results";
include "gnuplot";
include "scaling_points";
include "scaling_plot";

. as $results
| ($fits[0] // []) as $fits
| scaling_knees as $knees
| [scaling_curves[] | select(.placement == "none")] as $curves
| (scaling_models | map(select(IN($curves[].model)))) as $models
| [ ordered_workloads($curves)[] as {workload: $workload, kind: $kind}
    | {workload: $workload, kind: $kind,
       curves: [$curves[] | select(.workload == $workload)] | sort_by(.model as $m | $models | index([$m]))} ] as $panels
| if $panels == [] then null
  else
    [ $panels | to_entries[] | (.key + 1) as $n | .value as $panel
      | $panel.curves
      | scaling_panel($n; "\($panel.workload) (\($panel.kind | ascii_upcase)-bound work)"; $panel.kind; $fits; $knees; .model)
      | .vars += {"models_\($n)": ($panel.curves | map(.model) | join(" "))} ]
    | { data: (map(.data) | add),
        vars: (map(.vars) | add + {panels: length, models: ($models | join(" ")), pus: ($results.context.hwloc_pus | tonumber)}) }
  end
