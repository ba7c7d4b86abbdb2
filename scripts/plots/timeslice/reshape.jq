# The timeslice plot's data (scripts/plot runs this): curves against
# spinners per PU, one per kind of spinner; nothing when the family did not
# run.
#
#   data kind_N  kind N's curves: a title line, then one row per
#                spinners-per-PU count: spinners_per_pu, then median min max
#                of each of: throughput (over that of the fewest spinners per
#                PU), fairness, probe p50, p99 and max (us), involuntary
#                switches per second
#   vars kinds   words: the kinds, kind_1 first
#        pus     PUs the spinners were spread over
#
# Medians, minima and maxima are over the repetitions; a figure no
# repetition has (the probe never woke) is NaN, which gnuplot skips.
include "results";
include "gnuplot";

# spread over the repetitions that have figure f.
def spread(f): [.[] | f | select(. != null)] | spread;

def runs:
  [ iterations[]
    | select(.run_name | startswith("timeslice/"))
    | { kind: (.run_name | split("/")[1]), per_pu: .spinners_per_pu, throughput: .steps_per_second,
        fairness, p50: .probe_p50_us, p99: .probe_p99_us, max: .probe_max_us,
        involuntary: .involuntary_switches_per_second } ];

# One kind's runs as the text of its data file.
def curves:
  (map(.per_pu) | min) as $fewest
  | (map(select(.per_pu == $fewest) | .throughput) | median) as $baseline
  | [ .[0].kind,
      (group_by(.per_pu)[]
       | "\(.[0].per_pu) \(spread(.throughput / $baseline)) \(spread(.fairness))"
         + " \(spread(.p50)) \(spread(.p99)) \(spread(.max)) \(spread(.involuntary))") ]
  | data_text;

. as $results
| runs | group_by(.kind)
| if . == [] then null
  else
    { data: (to_entries | map({"kind_\(.key + 1)": (.value | curves)}) | add),
      vars: { kinds: (map(.[0].kind) | join(" ")),
              pus: ($results | [.benchmarks[] | select(.run_name | startswith("timeslice/")) | .pus][0]) } }
  end
