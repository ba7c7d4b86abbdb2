# The waiters plot's data (scripts/plot runs this); nothing when the family
# did not run.
#
#   data data     one block per series (coroutine/<backend>, thread), headed
#                 by its title, rows "waiters milliseconds_per_round
#                 bytes_per_waiter", medians over the repetitions, blocks
#                 separated by two blank lines
#   vars series   how many blocks
#        models   words: each block's model (coroutine, thread: its colour)
#        dashes   words: each block's dash, 1 for a model's first series,
#                 2 for its second (coroutine's second backend), ...
#        wait_ms  the duration of each wait
include "results";
include "gnuplot";

. as $results
| [ iterations[]
    | select(.run_name | startswith("waiters/"))
    | (.run_name | split("/")) as $part
    | { series: ($part[1:-2] | join("/")), waiters, ms: (time_ns / 1e6), bytes: .rss_bytes_per_waiter } ]
| group_by(.series)
| if . == [] then null
  else
    { data: { data: (map({ title: .[0].series,
                           rows: [group_by(.waiters)[] | "\(.[0].waiters) \(map(.ms) | median) \(map(.bytes) | median)"] })
                     | data_blocks) },
      vars: { series: length,
              models: (map(.[0].series | split("/")[0]) | join(" ")),
              dashes: (map(.[0].series | split("/")[0]) as $models
                       | [range(0; $models | length) as $i | $models[:$i + 1] | map(select(. == $models[$i])) | length]
                       | join(" ")),
              wait_ms: ($results | [.benchmarks[] | select(.run_name | startswith("waiters/")) | .wait_ms][0]) } }
  end
