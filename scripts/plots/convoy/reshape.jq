# The convoy plot's data (scripts/plot runs this): an IO thread's sleep
# lateness against the CPU-bound threads beside it, one series with a GIL
# and one without; nothing when the family did not run.
#
#   data series_N  series N's rows, one per count of CPU-bound threads:
#                  cpu_threads, then median min max of the lateness p50 and
#                  of its p99 (us), then the lateness CPython's rule expects
#                  (us)
#   vars series    words: the series (gil, no_gil), series_1 first
#        sleep_us  the IO thread's sleep
#        switch_interval_ms  the GIL's switch interval
#
# Medians, minima and maxima are over the repetitions.
include "results";
include "gnuplot";

def runs:
  [ iterations[]
    | select(.run_name | startswith("convoy/"))
    | { series: (.run_name | split("/")[1]), k: .cpu_threads, p50: .lateness_p50_us, p99: .lateness_p99_us,
        expected: .expected_us, sleep_us, interval_us: .switch_interval_us } ];

def spread(f): [.[] | f | select(. != null)] | spread;

# One series' runs as the text of its data file.
def rows:
  [ group_by(.k)[] | "\(.[0].k) \(spread(.p50)) \(spread(.p99)) \(map(.expected) | median)" ] | data_text;

runs
| if . == [] then null
  else
    . as $runs
    | group_by(.series)
    | { data: (to_entries | map({"series_\(.key + 1)": (.value | rows)}) | add),
        vars: { series: (map(.[0].series) | join(" ")),
                sleep_us: ($runs[0].sleep_us),
                switch_interval_ms: ((([$runs[] | select(.series == "gil") | .interval_us][0]) // 0) / 1e3) } }
  end
