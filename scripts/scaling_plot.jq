# What the scaling and placement plots' reshapers share: the panel of one
# workload, its axis chosen by the workload's kind, its curves as data
# blocks beside their USL fits and their knees. Include with:
# include "scaling_plot"; (jq -L scripts/)
include "results";
include "scaling_points";
include "gnuplot";

# The workloads that ran, in the order of the results' context (the order
# the family registers them), each with its kind.
def ordered_workloads($curves):
  workload_kinds as $kinds
  | ($curves | map(.workload) | unique) as $ran
  | [ ($kinds | keys_unsorted[]), ($ran - ($kinds | keys))[] | select(IN($ran[])) ]
  | map({workload: ., kind: ($kinds[.] // "")});

# The fitted USL of a curve as rows "workers speedup", from 1 to the curve's
# largest count (log-spaced on a log axis), scaled back from the curve's own
# one-worker point to speedup over seq; one NaN row when the fit was refused
# or is missing, which keeps the blocks aligned.
def fit_rows($fit; $log):
  if $fit != null and $fit.refused == null then
    ($fit.points | map(.[0]) | max) as $last
    | $fit.one_worker_speedup as $scale | $fit.a as $a | $fit.b as $b
    | range(0; 61)
    | (if $log == 1 then pow($last; . / 60) else 1 + (. / 60) * ($last - 1) end)
    | "\(.) \(. / (1 + $a * (. - 1) + $b * . * (. - 1)) * $scale)"
  else "1 NaN" end;

# A curve's knee as one row "workers speedup", the speedup being the curve's
# median there; "NaN NaN" when it has none (efficiency never fell below one
# half, or no knee row).
def knee_row($knee; $curve):
  ($knee.knee_workers // 0) as $at
  | ($curve.points | map(select(.workers == $at)) | .[0]) as $point
  | if $at > 0 and $point != null then "\($at) \($point.median)" else "NaN NaN" end;

# The fit and knee of a curve, from lists of them.
def fit_of($fits): . as $c | first($fits[] | select(.workload == $c.workload and .model == $c.model and .placement == $c.placement)) // null;
def knee_of($knees): fit_of($knees);

# One panel of curves: data blocks "panel_N" (rows "workers median min max"),
# "fit_N" and "knee_N" in the same block order, and its axis: log_N (1: log
# base 2 x and log y, for IO-bound work; 0: linear), xmax_N, ymin_N, ymax_N.
# $title is the panel's title, $block_title maps a curve to its block's title.
def scaling_panel($n; $title; $kind; $fits; $knees; block_title):
  . as $curves
  | (if $kind == "io" then 1 else 0 end) as $log
  | [$curves[].points[] | .min, .max | select(. > 0)] as $speedups
  | { data: { "panel_\($n)": ($curves | map({title: block_title, rows: [.points[] | "\(.workers) \(.median) \(.min) \(.max)"]}) | data_blocks),
              "fit_\($n)": ($curves | map({title: block_title, rows: [fit_rows(fit_of($fits); $log)]}) | data_blocks),
              "knee_\($n)": ($curves | map(. as $curve | {title: block_title, rows: [knee_row($curve | knee_of($knees); $curve)]}) | data_blocks) },
      vars: { "title_\($n)": $title, "log_\($n)": $log,
              "xmax_\($n)": ([$curves[].points[].workers] | max),
              "ymin_\($n)": (if $log == 1 then ($speedups | min) / 1.5 else 0 end),
              "ymax_\($n)": (($speedups | max) * (if $log == 1 then 2 else 1.1 end)) } };
