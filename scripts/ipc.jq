# Reshapes the ipc family's Google Benchmark JSON into gnuplot data.
#
#   jq -r -f ipc.jq --arg panel PANEL results.json
#
#   latency     a block per transport, headed by its name, rows
#               "bytes median min max" of the round trip, in microseconds
#   throughput  the same for streaming, in MB/s (10^6 bytes a second)
#   cpu         the same for the CPU time of both processes per message of
#               a round trip, in microseconds
#   list        a block per list (manager, shared_list), headed by its
#               name, rows "x operation median min max", in nanoseconds per
#               operation; x puts each operation's bars side by side
#   rows        how many ipc rows there are
#
# Blocks are separated by two blank lines, transports in the order of
# core/ipc/channel.h. Median, min and max are over the repetitions.

include "results" {search: "./"};

def runs:
  [ iterations[]
    | select(.run_name | startswith("ipc/"))
    | (.run_name | split("/")) as $part
    | . + {exchange: $part[1], transport: $part[2], operation: $part[3],
           bytes: ($part[3] // "" | ltrimstr("bytes:") | tonumber? // null)} ];

def order($names): . as $name | ($names | index($name)) // 99;

# One block per transport of the runs of `exchange`, rows of value's stats.
def curves($exchange; value):
  map(select(.exchange == $exchange))
  | group_by(.transport | order(["shm_spin", "shm_futex", "pipe", "unix", "tcp"]))[]
  | .[0].transport,
    (group_by(.bytes)[] | map(value) as $values
     | "\(.[0].bytes) \($values | median) \($values | min) \($values | max)"),
    "", "";

runs
| if $panel == "rows" then length
  elif $panel == "latency" then curves("round_trip"; time_ns / 1e3)
  elif $panel == "throughput" then curves("stream"; .bytes_per_second / 1e6)
  elif $panel == "cpu" then curves("round_trip"; .cpu_ns_per_message / 1e3)
  elif $panel == "list" then
    map(select(.exchange == "list"))
    | (["set", "append"]) as $operations
    | group_by(.transport | order(["manager", "shared_list"]))[]
    | .[0].transport,
      (group_by(.operation)[] | map(time_ns) as $values
       | "\((.[0].operation | order($operations)) * 3 + (.[0].transport | order(["manager", "shared_list"])))"
         + " \(.[0].operation) \($values | median) \($values | min) \($values | max)"),
      "", ""
  else error("unknown panel \($panel)") end
