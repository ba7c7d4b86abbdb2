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

# ---- intervals over repetitions ---------------------------------------------
# A figure measured over n repetitions is {median, lo, hi, n}: its median
# and an interval that covers the true median with probability 90% or more.
# The interval is one of order statistics, [x(k), x(n + 1 - k)] of the
# sorted values, needing no assumption about their distribution: it misses
# the median only when k or more values fall on one side of it, which has
# probability 2 P(Binomial(n, 1/2) < k); k is the largest that keeps that at
# 10% or less. That is [min, max] from 5 to 7 repetitions (93.75% at 5),
# the second lowest and second highest from 8. Below 5 repetitions even
# [min, max] covers the median with less than 90% (87.5% at 4, 75% at 3):
# lo and hi are null, and a rule that needs them is short of samples.
def interval_confidence: 0.9;
def interval_min_repetitions: 5;

# The k above for n values, 0 when there is none.
def order_statistic_rank($n):
  [ foreach range(0; $n) as $i ({pmf: pow(0.5; $n), cdf: 0};
                                 .cdf += .pmf | .pmf *= ($n - $i) / ($i + 1);
                                 .cdf) ]
  | [ to_entries[] | select(2 * .value <= 1 - interval_confidence and .key + 1 <= ($n + 1) / 2) | .key + 1 ]
  | max // 0;

# The numbers of an array as a figure: {median, lo, hi, n}.
def median_interval:
  sort as $x | length as $n | order_statistic_rank($n) as $k
  | { median: ($x | median), n: $n,
      lo: (if $k > 0 then $x[$k - 1] else null end), hi: (if $k > 0 then $x[$n - $k] else null end) };

# A figure divided by another ($a / $b), each an interval: the quotient's
# interval is bounded at both ends by the worst pairing of theirs, lo_a /
# hi_b to hi_a / lo_b, so that it covers the true quotient whenever both
# cover theirs (at least 80%, at least 87.5% at 5 repetitions each). n is
# the fewer repetitions of the two.
def ratio_interval($a; $b):
  { median: (if $b.median > 0 then $a.median / $b.median else null end), n: ([$a.n, $b.n] | min),
    lo: (if $a.lo != null and $b.hi != null and $b.hi > 0 then $a.lo / $b.hi else null end),
    hi: (if $a.hi != null and $b.lo != null and $b.lo > 0 then $a.hi / $b.lo else null end) };

# Where a figure's interval lies against a bar: "yes" when all of it is on
# the side asked for, "no" when all of it is on the other, "noisy" when it
# straddles the bar, "few" when there are too few repetitions for one.
def at_least($bar): if .lo == null or .hi == null then "few" elif .lo >= $bar then "yes" elif .hi < $bar then "no" else "noisy" end;
def above($bar): if .lo == null or .hi == null then "few" elif .lo > $bar then "yes" elif .hi <= $bar then "no" else "noisy" end;
def at_most($bar): if .lo == null or .hi == null then "few" elif .hi <= $bar then "yes" elif .lo > $bar then "no" else "noisy" end;
def below($bar): if .lo == null or .hi == null then "few" elif .hi < $bar then "yes" elif .lo >= $bar then "no" else "noisy" end;

# A figure for people to read, each number through f: "1.84x (1.71x to
# 1.9x, 5 repetitions)"; without an interval, "1.84x (3 repetitions, too
# few for an interval)".
def interval_text(f):
  "\(.median | f) (" + (if .lo != null and .hi != null then "\(.lo | f) to \(.hi | f), " else "" end)
  + "\(.n) repetition\(if .n == 1 then "" else "s" end)"
  + (if .lo == null or .hi == null then ", too few for an interval" else "" end) + ")";

# ---- the machine's load -------------------------------------------------------
# How busy the machine was with other work while the suite ran, from the
# noise family's row noise/over_run (one per repetition, each counter taken
# at its highest over them) and the context's noise_load_avg_before and
# noise_governor: {recorded, busy, others_cpu_pus, steal_share,
# runnable_others, load_avg_before, governor, text}.
#
# The one rule for a busy run: other processes kept more than 0.1 PU busy
# on average over the run (others_cpu_pus), or the hypervisor stole more
# than 5% of the CPU time (steal_share), or more than 0.5 tasks other than
# the suite's were runnable on average just before or just after it
# (runnable_others_before, runnable_others_after). A results file without
# the row has its load not recorded: not busy, and said so.
def busy_others_cpu_pus: 0.1;
def busy_steal_share: 0.05;
def busy_runnable_others: 0.5;
def machine_load:
  .context as $context
  | [ iterations[] | select(.run_name | startswith("noise/over_run/")) ] as $rows
  | def highest(f): [$rows[] | f | numbers] | max;
    { load_avg_before: ($context.noise_load_avg_before // null), governor: ($context.noise_governor // null) }
  + if $rows == [] then
      {recorded: false, busy: false, text: "the machine's load was not recorded (no noise/over_run row)"}
    else
      { recorded: true, others_cpu_pus: highest(.others_cpu_pus), steal_share: highest(.steal_share),
        runnable_others: highest(.runnable_others_before, .runnable_others_after) }
      | .busy = ((.others_cpu_pus // 0) > busy_others_cpu_pus or (.steal_share // 0) > busy_steal_share
                 or (.runnable_others // 0) > busy_runnable_others)
      | .text = "the machine was \(if .busy then "busy" else "quiet" end) (other tasks kept "
                + "\(.others_cpu_pus // "?" | if type == "number" then sig3 else . end) PUs busy on average, "
                + "steal \(.steal_share // "?" | if type == "number" then . * 100 | sig3 else . end)%, "
                + "\(.runnable_others // "?" | if type == "number" then sig3 else . end) other tasks runnable before or after)"
    end;

# The scaling family's points, one object per repetition: the rows
# scaling/<workload>/<model>/<placement>/workers:<n>. The family's other rows
# (a curve's knee, .../<placement>/knee/iterations:1) have no workers
# segment and are no point: they are left out. fixed_cost_share (the share
# of the job's wall time the suite measured as fixed costs) is null in
# results that predate it.
def scaling_runs:
  [ iterations[] | select(.run_name | startswith("scaling/"))
    | (.run_name | split("/")) as $part
    | select($part[4] // "" | startswith("workers:"))
    | { workload: $part[1], model: $part[2], placement: $part[3],
        workers: ($part[4] | ltrimstr("workers:") | tonumber), rate: .items_per_second,
        fixed_cost_share } ];

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
      # A point names its workers; the family's other rows (a curve's knee)
      # name what they are, then their arguments.
      (select(.run_name | startswith("scaling/")) | .run_name as $name
       | if $name | test("^scaling/[^/]+/[^/]+/[^/]+/workers:") then
           if $name | test("^scaling/[^/]+/[^/]+/[^/]+/workers:[0-9]+(/real_time)?$") | not then
             "its name \($name | quoted) is not scaling/WORKLOAD/MODEL/PLACEMENT/workers:N"
           elif .run_type == "iteration" and (.error_occurred | not) and (.items_per_second | (finite_number and . > 0) | not)
           then "it has no items_per_second above 0"
           else empty end
         elif $name | test("^scaling/[^/]+/[^/]+/[^/]+/[a-z_]+(/[a-z_]+:[0-9]+)+(/real_time)?$") | not then
           "its name \($name | quoted) is neither scaling/WORKLOAD/MODEL/PLACEMENT/workers:N nor a curve's row such as scaling/WORKLOAD/MODEL/PLACEMENT/knee/iterations:1"
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
