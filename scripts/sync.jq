# Reshapes the sync family's Google Benchmark JSON into gnuplot rows: per
# primitive, one "median min max" triple over the repetitions for each
# thread count that ran (NaN NaN NaN where a count did not run).
#
#   jq -r -f sync.jq --arg part threads results.json
#       the thread counts that ran, smallest first, one per line
#   jq -r -f sync.jq --arg part op_time results.json
#       "primitive median min max ...": nanoseconds per operation
#   jq -r -f sync.jq --arg part switches results.json
#       "primitive median min max ...": context switches (voluntary and
#       involuntary) per operation
#
# Primitives come in the order they ran: the pthread mutex baseline first.
include "results" {search: "./"};

def sync_runs:
  [ iterations[] | select(.run_name | startswith("sync/"))
    | (short_name | split("/")) as $part
    | { primitive: $part[1], threads: ($part[2] | ltrimstr("threads:") | tonumber),
        op_time: (.op_time * 1e9), switches: (.voluntary_switches_per_op + .involuntary_switches_per_op) } ];

def spread: if length == 0 then "NaN NaN NaN" else "\(median) \(min) \(max)" end;

sync_runs as $runs
| ($runs | map(.threads) | unique) as $threads
| if $part == "threads" then
    $threads[]
  elif $part == "op_time" or $part == "switches" then
    ($runs | reduce .[].primitive as $p ([]; if index([$p]) then . else . + [$p] end))[] as $primitive
    | [$primitive]
      + [ $threads[] as $t | $runs | map(select(.primitive == $primitive and .threads == $t) | .[$part]) | spread ]
    | join(" ")
  else
    error("unknown part \($part) (expected threads, op_time or switches)")
  end
