# Definitions shared by the jq programs that read a slicebench results file
# (Google Benchmark JSON) or a machine's history of runs. Include with:
# include "results" {search: "./"};

def median: sort | if length == 0 then null
                   elif length % 2 == 1 then .[length / 2 | floor]
                   else (.[length / 2 - 1] + .[length / 2]) / 2 end;

# Numbers as a data file's "median min max" columns; "NaN NaN NaN", which
# gnuplot skips, when there are none.
def spread: if length == 0 then "NaN NaN NaN" else "\(median) \(min) \(max)" end;

# The distinct values of an array, in the order they first appear.
def unique_in_order: reduce .[] as $x ([]; if index([$x]) then . else . + [$x] end);

# A number to three significant digits, for people to read.
def sig3: if . == 0 then 0 else pow(10; 2 - (fabs | log10 | floor)) as $m | (. * $m | round) / $m end;

# A ratio, and a time given in nanoseconds, for people to read.
def speed: "\(sig3)x";
def duration: # from nanoseconds
  if . >= 1e9 then "\(. / 1e9 | sig3) s" elif . >= 1e6 then "\(. / 1e6 | sig3) ms"
  elif . >= 1e3 then "\(. / 1e3 | sig3) us" else "\(sig3) ns" end;

# The repetitions that ran to the end: no aggregates, nothing interrupted.
def iterations: [ .benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not)) ];

# A benchmark's own name, without Google Benchmark's "/real_time" suffix.
def short_name: .run_name | sub("/real_time$"; "");

# One repetition's real time in nanoseconds, whatever its time unit.
def time_ns: .real_time * ({ns: 1, us: 1e3, ms: 1e6, s: 1e9}[.time_unit] // 1);

# The scaling family's repetitions, one object each.
def scaling_runs:
  [ iterations[] | select(.run_name | startswith("scaling/"))
    | (.run_name | split("/")) as $part
    | { workload: $part[1], model: $part[2], placement: $part[3],
        workers: ($part[4] | ltrimstr("workers:") | tonumber), rate: .items_per_second } ];

# The scaling family's models other than seq, in the order the results list
# them: a model's place here is its colour on every plot.
def scaling_models:
  [.benchmarks[].run_name | split("/") | select(.[0] == "scaling" and .[2] != "seq") | .[2]] | unique_in_order;

# The kind (cpu, io, ...) of each workload, from the results' context.
def workload_kinds:
  .context.slicebench_workloads // "" | split(",") | map(select(contains("=")) | split("=") | {(.[0]): .[1]}) | add // {};

# The speedup curves of one workload: one per model/placement other than seq,
# each point the median, min and max over the repetitions of tasks per
# second, divided by the seq model's median. An error when seq did not run.
def speedup_curves($workload):
  (scaling_runs | map(select(.workload == $workload))) as $mine
  | ($mine | map(select(.model == "seq") | .rate) | if length == 0
       then error("no seq baseline for workload \($workload)") else median end) as $baseline
  | [ $mine | map(select(.model != "seq")) | group_by([.model, .placement])[]
      | { workload: $workload, model: .[0].model, placement: .[0].placement,
          points: [ group_by(.workers)[] | map(.rate / $baseline) as $speedups
                    | { workers: .[0].workers, median: ($speedups | median),
                        min: ($speedups | min), max: ($speedups | max) } ] } ];

# Every workload's speedup curves, skipping workloads that have no seq
# baseline to divide by.
def all_speedup_curves:
  . as $results
  | [ scaling_runs | map(select(.model == "seq") | .workload) | unique[] as $workload
      | $results | speedup_curves($workload)[] ];

# ---- what the scripts need of their inputs ----------------------------------
# scripts/check_input runs these on every input before any script reads it.

# A value from the input, quoted and cut short, for a message of one line.
def quoted: (if type == "number" and isnan then "NaN" else tojson end) | if length > 60 then .[0:57] + "..." else . end;

# A number the figures can be computed from: finite, not NaN, not so large
# that jq clamped it.
def finite_number: type == "number" and (isnan | not) and fabs < 1.7976931348623157e308;

# Why one benchmark row cannot be read, or nothing when it can. Google
# Benchmark writes the names, run type, times and time unit of every row
# (a repetition's times finite and not negative; an aggregate's, such as a
# coefficient of variation, may be NaN); its other fields are the few
# strings below, error_occurred, and counters, which are numbers (NaN too,
# which jq rewrites as null).
# The scaling family's names are parsed by scaling_runs.
def row_problem:
  if type != "object" then "it is \(type), not an object"
  else
    first(
      (["name", "run_name", "run_type", "time_unit"][] as $k
       | select(.[$k] | type != "string" or length == 0) | "\($k) is \(.[$k] | quoted), not a name"),
      (select(.run_type | IN("iteration", "aggregate") | not) | "run_type \(.run_type | quoted) is neither iteration nor aggregate"),
      (select(.time_unit | IN("ns", "us", "ms", "s") | not) | "time_unit \(.time_unit | quoted) is not ns, us, ms or s"),
      (["real_time", "cpu_time"][] as $k
       | select(.[$k] | type != "number") | "\($k) is \(.[$k] | quoted), not a number"),
      (select(.run_type == "iteration") | ["real_time", "cpu_time"][] as $k
       | select(.[$k] | (finite_number and . >= 0) | not) | "\($k) is \(.[$k] | quoted), not a time"),
      (select(has("error_occurred") and (.error_occurred | type != "boolean")) | "error_occurred is not true or false"),
      (del(.name, .run_name, .run_type, .time_unit, .error_occurred, .error_message, .label, .aggregate_name, .aggregate_unit)
       | to_entries[] | select(.value | type != "number" and . != null)
       | "its counter \(.key | quoted) is \(.value | quoted), not a number"),
      (["error_message", "label", "aggregate_name", "aggregate_unit"][] as $k
       | select(has($k) and (.[$k] | type != "string")) | "\($k) is not a string"),
      (select(.run_name | startswith("scaling/")) | .run_name as $name
       | if $name | test("^scaling/[^/]+/[^/]+/[^/]+/workers:[0-9]+(/real_time)?$") | not then
           "its name \($name | quoted) is not scaling/WORKLOAD/MODEL/PLACEMENT/workers:N"
         elif .run_type == "iteration" and (.error_occurred | not) and (.items_per_second | (finite_number and . > 0) | not)
         then "it has no items_per_second above 0"
         else empty end)
    ) // null
  end;

# Why a results file cannot be read, or null when it can: an object with a
# context (whose texts are strings, hwloc_pus a whole number) and a list of
# benchmarks each of which row_problem accepts.
def results_problem:
  if type != "object" then "it is \(type), not an object"
  elif (.context | type) != "object" then "it has no context object"
  elif (.benchmarks | type) != "array" then "it has no list of benchmarks"
  else
    first(
      (.context | to_entries[] | select(.key | test("^(slicebench_|hwloc_)|^(host_name|date)$"))
       | select(.value | type != "string") | "context.\(.key) is \(.value | quoted), not a string"),
      (.context.hwloc_pus | select(. != null and (test("^[0-9]+$") | not)) | "context.hwloc_pus is \(quoted), not a whole number"),
      (.benchmarks | to_entries[] | (.value | row_problem) as $why | select($why != null)
       | "benchmark \(.key + 1)\(.value | if type == "object" and (.name | type) == "string" then " (\(.name | quoted))" else "" end): \($why)")
    ) // null
  end;

# The results themselves, or an error saying why they cannot be read.
def valid_results: results_problem as $why | if $why == null then . else error("not a results file: \($why)") end;

# Why the text of a history (JSON Lines, one run per line, as
# scripts/record_history appends them) cannot be read, or null when it can:
# each line an object with the run's date (or null), its commit, whether the
# tree was dirty, and its medians, real_time_ns, finite numbers by name.
def history_problem:
  [ [splits("\n")] | to_entries[] | select(.value | test("\\S")) | (.key + 1) as $line
    | (.value | try [fromjson] catch null) as $parsed
    | if $parsed == null then "line \($line) is not JSON"
      else $parsed[0] as $run
      | if ($run | type) != "object" then "line \($line) is \($run | type), not an object"
        elif ($run.date | type | IN("string", "null") | not) then "line \($line): date is not a string"
        elif ($run.commit | type) != "string" then "line \($line): commit is not a string"
        elif ($run.dirty | type | IN("boolean", "null") | not) then "line \($line): dirty is not true or false"
        elif ($run.real_time_ns | type) != "object" then "line \($line) has no real_time_ns object"
        elif any($run.real_time_ns[]; finite_number | not) then "line \($line): a figure of real_time_ns is not a finite number"
        else empty end
      end ]
  | .[0];
