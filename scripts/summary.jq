# The few lines scripts/bench ends a run with: the CPU-bound reference
# workload's speedup at as many workers as PUs, and the IO-bound one's peak
# and knee (where efficiency first fell below one half), per model at
# placement none (the medians over the repetitions, with their lowest and
# highest), the claims' verdicts (holds,
# does not hold, inconclusive, not measured), why each inconclusive one is,
# and how busy the machine was. Plain text, one line each; a part the
# results lack is left out.
#
#   jq -r -L scripts -f scripts/summary.jq --slurpfile claims CLAIMS.json RESULTS.json
#
# CLAIMS.json is scripts/claims.jq's output on the same results.
include "results" {search: "./"};
include "scaling_points" {search: "./"};

# "model 1.8x (1.75 to 1.82)" for each curve of $curves at $workers workers.
def speedups_at($curves; $workers):
  [ $curves[] | . as $curve | .points[] | select(.workers == $workers)
    | "\($curve.model) \(.median | speed) (\(.min | sig3) to \(.max | sig3))" ] | join(", ");

(.context.hwloc_pus // "" | tonumber? // null) as $pus
| workload_kinds as $kinds
| . as $results
| [ (["cpu_int", "CPU-bound"], ["timer", "IO-bound"]) as [$workload, $kind]
    | select($kinds[$workload] != null)
    | ($results | [speedup_curves($workload)[]? | select(.placement == "none")]) as $curves
    | select($curves != [])
    | if $kind == "CPU-bound" then
        ([$curves[].points[].workers] | max) as $most
        | (if $pus != null and any($curves[].points[]; .workers == $pus) then $pus else $most end) as $at
        | "\($kind) (\($workload)), \($at) workers, speedup over seq: \(speedups_at($curves; $at))"
      else
        ($results | scaling_knees | map(select(.workload == $workload and .placement == "none"))) as $knees
        | "\($kind) (\($workload)), each model's peak speedup over seq, and its knee: "
          + ([ $curves[] | .model as $model | (.points | max_by(.median)) as $peak
               | ($knees | map(select(.model == $model)) | first // null) as $knee
               | "\($model) \($peak.median | speed) (\($peak.min | sig3) to \($peak.max | sig3)) at \($peak.workers)"
                 + (if $knee == null then ""
                    elif ($knee.knee_workers // 0) == 0 then ", no knee up to \($knee.largest_workers // "its end")"
                    else ", knee \($knee.knee_workers)" end) ] | join("; "))
      end ]
+ [ $claims[0] | select(length > 0)
    | "claims: " + (map("\(.id) \(.verdict)") | join(", ")),
      (map(select(.verdict == "inconclusive") | "\(.id) (\(.cause // "see the report"))") | select(length > 0)
       | "inconclusive: " + join(", ")) ]
+ [ $results | machine_load | "load: \(.text)" ]
| .[]
