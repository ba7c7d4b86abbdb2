# The headline figures of each family in a results file, for the machines
# page (scripts/report_machines): a few per family, each the median over the
# repetitions, as [{family, figure, text}], figure naming what is measured
# (the same words on every machine, so rows line up) and text the figure for
# people to read. A family missing from the results has no headline.
#
#   jq -L scripts -f scripts/headlines.jq results/<machine>/bench.json
include "results" {search: "./"};

# The repetitions of each benchmark whose name matches $regex, grouped:
# [{name, segments, concurrency, rows}], concurrency the number of the last
# "<key>:<n>" segment (null without one).
def benchmarks($regex):
  [ iterations[] | select(short_name | test($regex)) ] | group_by(short_name)
  | map((.[0] | short_name) as $name
        | {name: $name, segments: ($name | split("/")),
           concurrency: ($name | capture(":(?<n>[0-9]+)$").n // null | if . then tonumber else null end), rows: .});
# The median over the repetitions of f, which may need counters a row
# lacks (those rows are skipped); null when no row has them.
def median_of(f): [.rows[] | f? | numbers] | median;
# A figure as text, "-" when there is none.
def shown(format): if . == null then "-" else format end;
def headline($family; $figure; $text): {family: $family, figure: $figure, text: $text};
# The benchmarks of each series (a name less its last segment) at its
# largest concurrency.
def at_most: group_by(.segments[:-1]) | map(max_by(.concurrency));

[ ( all_speedup_curves | group_by(.workload)[]
    | .[0].workload as $workload
    | [ .[] | . as $curve | .points[] | {model: $curve.model, placement: $curve.placement, workers, median} ] | max_by(.median)
    | headline("scaling"; "\($workload): best speedup over seq";
               "\(.median | speed) (\(.model)/\(.placement), \(.workers) worker\(if .workers == 1 then "" else "s" end))") ),
  ( benchmarks("^overhead/")[]
    | headline("overhead"; "\(.segments[1]): cost per task"; median_of(1e9 / .items_per_second) | shown(duration)) ),
  ( benchmarks("^switch/ping_pong/")[]
    | headline("switch"; "\(.segments[2]): one coroutine switch"; median_of(.switch_time * 1e9) | shown(duration)) ),
  ( benchmarks("^ctxswitch/spawn/")[]
    | headline("ctxswitch"; "\(.segments[2]): one life (spawn and join)"; median_of(time_ns) | shown(duration)) ),
  ( benchmarks("^ctxswitch/futex/.*/same_pu$")[]
    | headline("ctxswitch"; "\(.segments[2]): one futex switch on one PU"; median_of(.switch_time * 1e9) | shown(duration)) ),
  ( benchmarks("^waiters/") | at_most[]
    | (.segments[1:-1] | join("/")) as $series
    | headline("waiters"; "\($series): round over the wait, at its most waiters";
               "\(median_of(.round_over_wait) | shown(speed)) (\(.concurrency) waiters)"),
      headline("waiters"; "\($series): resident bytes per waiter, at its most waiters";
               "\(median_of(.rss_bytes_per_waiter) | shown(sig3)) B (\(.concurrency) waiters)") ),
  ( benchmarks("^timeslice/") | at_most[]
    | headline("timeslice"; "\(.segments[1:-1] | map(select(startswith("pus:") | not)) | join("/")): wake-up p99, at the most spinners";
               "\(median_of(.probe_p99_us * 1e3) | shown(duration)) (\(.concurrency) spinners)") ),
  ( benchmarks("^sync/[^/]+/threads:1$")[]
    | headline("sync"; "\(.segments[1]): one operation, one thread"; median_of(.op_time * 1e9) | shown(duration)) ),
  ( benchmarks("^ipc/round_trip/[^/]+/bytes:8$")[]
    | headline("ipc"; "\(.segments[2]): round trip of 8 bytes"; median_of(time_ns) | shown(duration)) ) ]
