# The ctxswitch plot's data (scripts/plot runs this): the ctxswitch family's
# results, with the switch family's coroutine ping-pong, when present, as the
# coroutine's switch. Times in nanoseconds, median min max over the
# repetitions.
#
#   data switches  "mechanism same_median same_min same_max cross_median
#                  cross_min cross_max" per switch, lightest mechanism first,
#                  NaN where not measured; absent without the family's own
#                  rows (a coroutine bar alone says nothing)
#   data spawns    "unit median min max" per unit created, run and reclaimed;
#                  absent when none ran
#   vars tallest   the largest figure in switches, to six significant digits
#        same_pus, cross_pus   the PUs (OS indices) of each placement, e.g.
#                  "0+0" and "0+1"; "" where it did not run
include "results";
include "gnuplot";

# A number to six significant digits, a whole number whole: enough for the
# y range that tallest sets.
def sig6:
  if . == floor then .
  else (5 - (fabs | log10 | floor)) as $e
    | if $e >= 0 then pow(10; $e) as $m | (. * $m | round) / $m
      else pow(10; -$e) as $m | (. / $m | round) * $m end
  end;

def runs:
  [ iterations[]
    | (.run_name | split("/")) as $part
    | if $part[0] == "ctxswitch" and $part[1] == "spawn" then
        {part: "spawn", mechanism: $part[2], ns: time_ns}
      elif $part[0] == "ctxswitch" then
        {part: "switch", mechanism: "\($part[1])/\($part[2])", where: $part[3], ns: (.switch_time * 1e9),
         pus: "\(.caller_pu)+\(.partner_pu)"}
      elif $part[0] == "switch" and $part[1] == "ping_pong" and $part[2] == "asm" then
        {part: "switch", mechanism: "coroutine", where: "same_pu", ns: (.switch_time * 1e9)}
      else empty end ];

def ns_of($where): map(select(.where == $where) | .ns) | spread;

runs as $runs
| [ ["coroutine", "futex/thread", "futex/process", "pipe/thread", "pipe/process"][] as $mechanism
    | $runs | map(select(.part == "switch" and .mechanism == $mechanism))
    | select(length > 0)
    | {mechanism: $mechanism, line: "\($mechanism) \(ns_of("same_pu")) \(ns_of("cross_pu"))"} ] as $switches
| [ ["pooled_coroutine", "coroutine", "thread", "process"][] as $unit
    | $runs | map(select(.part == "spawn" and .mechanism == $unit))
    | select(length > 0)
    | "\($unit) \(map(.ns) | spread)" ] as $spawns
| ($runs | map(select(.pus)) | group_by(.where) | map({(.[0].where): .[0].pus}) | add // {}) as $pus
| (if any($switches[]; .mechanism | contains("/")) then {switches: ($switches | map(.line) | data_text)} else null end) as $switch_data
| (if $spawns != [] then {spawns: ($spawns | data_text)} else null end) as $spawn_data
| if $switch_data == null and $spawn_data == null then null
  else
    { data: (($switch_data // {}) + ($spawn_data // {})),
      vars: { tallest: ([$switches[].line | split(" ")[1:][] | select(. != "NaN") | tonumber | select(. > 0)] | max // 0 | sig6),
              same_pus: ($pus.same_pu // ""), cross_pus: ($pus.cross_pu // "") } }
  end
