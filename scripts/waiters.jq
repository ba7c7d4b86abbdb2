# Reshapes the waiters family's results for gnuplot: one block per series
# (coroutine/<backend>, thread), headed by its title, rows
# "waiters milliseconds_per_round bytes_per_waiter", medians over the
# repetitions, blocks separated by two blank lines.

include "results" {search: "./"};

[ iterations[]
  | select(.run_name | startswith("waiters/"))
  | (.run_name | split("/")) as $part
  | { series: ($part[1:-2] | join("/")), waiters, ms: (time_ns / 1e6), bytes: .rss_bytes_per_waiter } ]
| group_by(.series)[]
| .[0].series,
  (group_by(.waiters)[] | "\(.[0].waiters) \(map(.ms) | median) \(map(.bytes) | median)"),
  "", ""
