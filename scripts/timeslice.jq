# Reshapes the timeslice family's Google Benchmark JSON into curves against
# spinners per PU.
#
#   jq -r -f timeslice.jq --arg kind thread results.json
#       gnuplot data for one kind of spinner: a title line, then one row per
#       spinners-per-PU count:
#         spinners_per_pu, then median min max of each of: throughput (over
#         that of the fewest spinners per PU), fairness, probe p50, p99 and
#         max (us), involuntary switches per second
#   jq -r -f timeslice.jq --arg kind '' results.json
#       the kinds present, one per line
#
# Medians, minima and maxima are over the repetitions; a figure no
# repetition has (the probe never woke) is NaN, which gnuplot skips.

include "results" {search: "./"};

def spread(f): [.[] | f | select(. != null)] | if length == 0 then "NaN NaN NaN" else "\(median) \(min) \(max)" end;

def runs:
  [ iterations[]
    | select(.run_name | startswith("timeslice/"))
    | { kind: (.run_name | split("/")[1]), per_pu: .spinners_per_pu, throughput: .steps_per_second,
        fairness, p50: .probe_p50_us, p99: .probe_p99_us, max: .probe_max_us,
        involuntary: .involuntary_switches_per_second } ];

runs as $runs
| if $kind == "" then
    $runs | map(.kind) | unique[]
  else
    ($runs | map(select(.kind == $kind))) as $mine
    | ($mine | (map(.per_pu) | min) as $fewest | map(select(.per_pu == $fewest) | .throughput) | median) as $baseline
    | $kind,
      ($mine | group_by(.per_pu)[]
       | "\(.[0].per_pu) \(spread(.throughput / $baseline)) \(spread(.fairness))"
         + " \(spread(.p50)) \(spread(.p99)) \(spread(.max)) \(spread(.involuntary))")
  end
