# Reshapes the waiters family's results for gnuplot: one block per series
# (coroutine/<backend>, thread), headed by its title, rows
# "waiters milliseconds_per_round bytes_per_waiter", medians over the
# repetitions, blocks separated by two blank lines.

def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def to_ms: {"ns": 1e-6, "us": 1e-3, "ms": 1, "s": 1e3}[.time_unit] * .real_time;

[ .benchmarks[]
  | select(.run_type == "iteration" and (.run_name | startswith("waiters/")) and (.error_occurred | not))
  | (.run_name | split("/")) as $part
  | { series: ($part[1:-2] | join("/")), waiters, ms: to_ms, bytes: .rss_bytes_per_waiter } ]
| group_by(.series)[]
| .[0].series,
  (group_by(.waiters)[] | "\(.[0].waiters) \(map(.ms) | median) \(map(.bytes) | median)"),
  "", ""
