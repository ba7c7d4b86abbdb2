# The sync plot's data (scripts/plot runs this): per primitive, one "median
# min max" triple over the repetitions for each thread count that ran (NaN
# NaN NaN where a count did not run); nothing when the family did not run.
#
#   data op_time   "primitive median min max ...": nanoseconds per operation
#        switches  "primitive median min max ...": context switches
#                  (voluntary and involuntary) per operation
#   vars threads   words: the thread counts that ran, smallest first
#        pus       PUs of the machine
#
# Primitives come in the order they ran: the pthread mutex baseline first.
include "results";
include "gnuplot";

def sync_runs:
  [ iterations[] | select(.run_name | startswith("sync/"))
    | (short_name | split("/")) as $part
    | { primitive: $part[1], threads: ($part[2] | ltrimstr("threads:") | tonumber),
        op_time: (.op_time * 1e9), switches: (.voluntary_switches_per_op + .involuntary_switches_per_op) } ];

. as $results
| sync_runs as $runs
| ($runs | map(.threads) | unique) as $threads
| ($runs | map(.primitive) | unique_in_order) as $primitives
# A data file's text: a row per primitive of the figure's triples.
| def rows($figure):
    $primitives | map(. as $primitive
                      | [$primitive] + [ $threads[] as $t | $runs | map(select(.primitive == $primitive and .threads == $t) | .[$figure]) | spread ]
                      | join(" ")) | data_text;
  if $threads == [] then null
  else
    { data: {op_time: rows("op_time"), switches: rows("switches")},
      vars: {threads: ($threads | map("\(.) ") | add), pus: ($results.context.hwloc_pus | tonumber)} }
  end
