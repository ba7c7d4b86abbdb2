# Reshapes the ctxswitch family's Google Benchmark JSON (with the switch
# family's coroutine ping-pong, when present, as the coroutine's switch) into
# gnuplot rows; times in nanoseconds, median min max over the repetitions.
#
#   jq -r -f ctxswitch.jq --arg part switch results.json
#       "mechanism same_median same_min same_max cross_median cross_min cross_max"
#       per switch, lightest mechanism first; NaN where not measured
#   jq -r -f ctxswitch.jq --arg part spawn results.json
#       "unit median min max" per unit created, run and reclaimed
#   jq -r -f ctxswitch.jq --arg part pus results.json
#       "same_pu 0+0" and "cross_pu 0+1": the PUs (OS indices) of each placement

include "results" {search: "./"};

def spread: if length == 0 then "NaN NaN NaN" else "\(median) \(min) \(max)" end;

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
| if $part == "switch" then
    ["coroutine", "futex/thread", "futex/process", "pipe/thread", "pipe/process"][] as $mechanism
    | $runs | map(select(.part == "switch" and .mechanism == $mechanism))
    | select(length > 0)
    | "\($mechanism) \(ns_of("same_pu")) \(ns_of("cross_pu"))"
  elif $part == "spawn" then
    ["coroutine", "thread", "process"][] as $unit
    | $runs | map(select(.part == "spawn" and .mechanism == $unit))
    | select(length > 0)
    | "\($unit) \(map(.ns) | spread)"
  elif $part == "pus" then
    $runs | map(select(.pus)) | group_by(.where)[] | "\(.[0].where) \(.[0].pus)"
  else
    error("unknown part \($part) (expected switch, spawn or pus)")
  end
