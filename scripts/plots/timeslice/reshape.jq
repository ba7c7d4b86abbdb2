# The timeslice plot's data (scripts/plot runs this): curves against
# spinners per PU, one per series (a kind of spinner, and the priority its
# probe ran at); nothing when the family did not run.
#
#   data series_N  series N's curve: one row per spinners-per-PU count:
#                  spinners_per_pu, then median min max of each of:
#                  throughput (over that of the series' fewest spinners per
#                  PU), fairness, the probe's p50, p99 and p99.9 lateness
#                  (us), involuntary switches per second
#   vars series    how many series, the default probe's first
#        kind_N    series N's kind of spinner (thread, process: its colour)
#        probe_N   the priority its probe ran at (default, nice-10, fifo:
#                  its dash and point)
#        title_N   its title in the key
#        pus       PUs the spinners were spread over
#        period_us how often the probe asks to wake (1000 in results
#                  from before it said so)
#        lateness_low, lateness_high   the lowest and highest lateness
#                  drawn (us), so that the three lateness panels share a
#                  scale; 1 and 10 when there is none
#
# Medians, minima and maxima are over the repetitions; a figure no
# repetition has (the probe never woke, or results from before p99.9 was
# measured) is NaN, which gnuplot skips.
include "results";
include "gnuplot";

# spread over the repetitions that have figure f.
def spread(f): [.[] | f | select(. != null)] | spread;

# The probe's priority, from a "probe:<priority>" segment; "default" without.
def probe_of($segments): [$segments[] | select(startswith("probe:")) | ltrimstr("probe:")] | first // "default";

def probe_rank: {"default": 0, "nice-10": 1, "fifo": 2}[.] // 3;

def probe_title: {"default": "", "nice-10": ", probe at nice -10", "fifo": ", probe under SCHED_FIFO"}[.]
                 // ", probe \(.)";

def runs:
  [ iterations[]
    | select(.run_name | startswith("timeslice/"))
    | (.run_name | split("/")) as $segments
    | { kind: $segments[1], probe: probe_of($segments), per_pu: .spinners_per_pu, throughput: .steps_per_second,
        fairness, p50: .probe_p50_us, p99: .probe_p99_us, p999: .probe_p999_us,
        involuntary: .involuntary_switches_per_second } ];

# One series' runs as the text of its data file.
def curve:
  (map(.per_pu) | min) as $fewest
  | (map(select(.per_pu == $fewest) | .throughput) | median) as $baseline
  | [ group_by(.per_pu)[]
      | "\(.[0].per_pu) \(spread(if $baseline > 0 then .throughput / $baseline else null end)) \(spread(.fairness))"
        + " \(spread(.p50)) \(spread(.p99)) \(spread(.p999)) \(spread(.involuntary))" ]
  | data_text;

. as $results
| runs as $runs
| [ $runs[] | [.kind, .probe] ] | unique_in_order | sort_by(.[1] | probe_rank)
| map(. as [$kind, $probe] | [$runs[] | select(.kind == $kind and .probe == $probe)])
| if . == [] then null
  else
    [ $runs[] | .p50, .p99, .p999 | numbers | select(. > 0) ] as $lateness
    | { data: (to_entries | map({"series_\(.key + 1)": (.value | curve)}) | add),
        vars: ({ series: length,
                 pus: ($results | [.benchmarks[] | select(.run_name | startswith("timeslice/")) | .pus][0]),
                 period_us: ($results | [.benchmarks[] | select(.run_name | startswith("timeslice/"))
                                         | .probe_period_us | numbers][0] // 1000),
                 lateness_low: ($lateness | min // 1), lateness_high: ($lateness | max // 10) }
               + (to_entries | map((.key + 1) as $n | .value[0]
                                   | { "kind_\($n)": .kind, "probe_\($n)": .probe,
                                       "title_\($n)": (.kind + (.probe | probe_title)) }) | add)) }
  end
