# The ipc plot's data (scripts/plot runs this), from the ipc family's
# results; nothing when it did not run.
#
#   data latency     a block per transport, headed by its name, rows
#                    "bytes median min max" of the round trip, in microseconds
#   data throughput  the same for streaming, in MB/s (10^6 bytes a second)
#   data cpu         the same for the CPU time of both processes per message
#                    of a round trip, in microseconds
#   data list        a block per list (manager, shared_list), headed by its
#                    name, rows "x operation median min max", in nanoseconds
#                    per operation; x puts each operation's bars side by side
#   vars <panel>_names  words: the titles of that panel's blocks, in order
#        pinning        how the two processes were placed, for the title
#
# Blocks are separated by two blank lines, transports in the order of
# core/ipc/channel.h. Median, min and max are over the repetitions.
include "results";
include "gnuplot";

def runs:
  [ iterations[]
    | select(.run_name | startswith("ipc/"))
    | (.run_name | split("/")) as $part
    | . + {exchange: $part[1], transport: $part[2], operation: $part[3],
           bytes: ($part[3] // "" | ltrimstr("bytes:") | tonumber? // null)} ];

def order($names): . as $name | ($names | index($name)) // 99;

# A panel's blocks as its data file and the words naming its blocks.
def panel($panel):
  { data: {($panel): data_blocks}, vars: {"\($panel)_names": (map(.title + " ") | add // "")} };

# One block per transport of the runs of `exchange`, rows of value's stats.
def curves($exchange; value):
  [ map(select(.exchange == $exchange))
    | group_by(.transport | order(["shm_spin", "shm_futex", "pipe", "unix", "tcp"]))[]
    | { title: .[0].transport,
        rows: [ group_by(.bytes)[] | map(value) as $values
                | "\(.[0].bytes) \($values | median) \($values | min) \($values | max)" ] } ];

def lists:
  [ map(select(.exchange == "list"))
    | (["set", "append"]) as $operations
    | group_by(.transport | order(["manager", "shared_list"]))[]
    | { title: .[0].transport,
        rows: [ group_by(.operation)[] | map(time_ns) as $values
                | "\((.[0].operation | order($operations)) * 3 + (.[0].transport | order(["manager", "shared_list"])))"
                  + " \(.[0].operation) \($values | median) \($values | min) \($values | max)" ] } ];

. as $results
| runs
| if length == 0 then null
  else
    [ (curves("round_trip"; time_ns / 1e3) | panel("latency")),
      (curves("stream"; .bytes_per_second / 1e6) | panel("throughput")),
      (curves("round_trip"; .cpu_ns_per_message / 1e3) | panel("cpu")),
      (lists | panel("list")),
      { vars: { pinning: ($results
          | [ .benchmarks[] | select(.run_type == "iteration" and (.run_name | startswith("ipc/")) and .child_pu)
              | "\(.parent_pu) \(.child_pu)" ] | unique
          | if length == 1 then (.[0] | split(" ") | "the two processes pinned to PUs \(.[0]) and \(.[1])")
            else "the two processes pinned to two PUs (scatter)" end) } } ]
    | {data: (map(.data // {}) | add), vars: (map(.vars) | add)}
  end
