# The claims table: for each claim C1..C10 of the design, what was measured,
# the shape expected, the rule that decides, the verdict ("holds", "does not
# hold", "not measured") and the reason in words. Computed from a results
# file; a family missing from it gives "not measured", never an error. The
# texts of each claim (its statement, shape and rule) are docs/claims.json's,
# found by id; an id missing there is an error naming it.
#
#   jq -f claims.jq [--argjson demos DEMOS] results.json
#
# DEMOS holds the runs of the programs that show the claims a benchmark
# cannot (C1's example, C9's semantics tests), made by scripts/report:
#   {"C1": [{"program": "...", "status": 0, "output": "..."}], "C9": [...]}
# An empty list: the program is not built.
#
# The families added beside scaling, overhead and switch are read by shape,
# not by fixed names: a family's rows are those named "<family>/...", the
# concurrency of a row is its last "<key>:<number>" segment, and a counter
# is found by a word in its name (p99, per_waiter, ...).
include "results" {search: "./"};
import "claims" as $claims {search: "../docs"};

def speed: "\(sig3)x";
def duration: # from nanoseconds
  if . >= 1e9 then "\(. / 1e9 | sig3) s" elif . >= 1e6 then "\(. / 1e6 | sig3) ms"
  elif . >= 1e3 then "\(. / 1e3 | sig3) us" else "\(sig3) ns" end;

# A claim's texts, from docs/claims.json: {id, claim, shape, rule}. jq
# reads a data module as the list of the JSON values in its file, so [0] is
# the file's one array.
def row($id):
  [$claims::claims[0][] | select(.id == $id)]
  | if length == 1 then .[0] | {id, claim, shape, rule}
    else error("claims.jq: claim \($id) is \(if length == 0 then "missing from" else "more than once in" end) docs/claims.json") end;
def verdict($verdict; $figures; $reason): . + {verdict: $verdict, figures: $figures, reason: $reason};
def not_measured($reason): verdict("not measured"; []; $reason);
def holds_if($condition): if $condition then "holds" else "does not hold" end;

# A family's finished repetitions, each with its name's segments, its
# concurrency (the last "<key>:<number>" segment, or null) and its series
# (the name without that segment).
def family($name):
  [ iterations[] | select(.run_name | startswith($name + "/"))
    | short_name as $short | ($short | split("/")) as $segments
    | ([$segments[] | select(test("^[a-z_]+:[0-9]+$"))] | last) as $arg
    | . + { short: $short, segments: $segments,
            concurrency: ($arg | if . then split(":")[1] | tonumber else null end),
            series: ($segments | map(select(. != $arg)) | join("/")) } ];

# Median of f over the repetitions of each benchmark: [{short, segments, concurrency, series, value}].
def medians(f):
  group_by(.short) | map(.[0] + {value: (map(f) | median)});

# The first counter of the rows whose name matches the regex, or null.
def counter_named($regex): map(keys[]) | unique | map(select(test($regex))) | first;

# The rows whose segments include one matching the regex.
def having_segment($regex): map(select(any(.segments[]; test($regex))));

# Rows with a segment matching regex $a, each beside the row with a segment
# matching $b that is alike in the rest of its name: [{key, a, b}], the key
# being the name with that segment as "*".
def paired($a; $b):
  def keyed($regex):
    map(select(any(.segments[]; test($regex)))
        | . + {key: (.segments | map(if test($regex) then "*" else . end) | join("/"))});
  (keyed($b) | map({(.key): .}) | add // {}) as $others
  | [ keyed($a)[] | select($others[.key]) | {key, a: ., b: $others[.key]} ];

# A time counter (Google Benchmark's seconds) in nanoseconds, or the real time.
def counter_ns($name): if .[$name] then .[$name] * 1e9 else time_ns end;

. as $results
| ($results.context.hwloc_pus // "0" | tonumber) as $pus
| workload_kinds as $kinds
| (scaling_runs | map(.workload) | unique) as $ran
| ([scaling_runs[] | select(.model == "seq") | .workload] | unique) as $with_seq

# The workload of a kind the claims read: the preferred one when it ran,
# else the first of that kind that ran.
| def pick($kind; $preferred):
    [$ran[] | select($kinds[.] == $kind)] | if index([$preferred]) then $preferred else .[0] end;
  def curves($workload): if $with_seq | index([$workload]) then $results | speedup_curves($workload) else [] end;
  # The medians of one model on one workload, each with its placement;
  # single (everyone on one PU) is left out: it shows placement, not the model.
  def points($curves; $models):
    [ $curves[] | select((.model | IN($models[])) and .placement != "single")
      | . as $c | .points[] | {model: $c.model, placement: $c.placement, workers, speedup: .median} ];
  def where: "\(.model)/\(.placement), \(.workers) workers";
  # Why a workload's curves are missing, or null when they are there.
  def no_curves($kind; $workload):
    if $workload == null then "no \($kind)-bound workload ran in the scaling family"
    elif ($with_seq | index([$workload])) == null then "no seq baseline ran for \($workload), so no speedup"
    else null end;

  (pick("cpu"; "cpu_int")) as $cpu
| (pick("io"; "timer")) as $io
| (curves($cpu // "")) as $cpu_curves
| (curves($io // "")) as $io_curves

| def demo_row($id):
    ($ARGS.named.demos[$id] // []) as $runs
    | if ($runs | length) == 0 then null
      else { runs: $runs, passed: all($runs[]; .status == 0),
             figures: [ $runs[] | (.output | gsub("\n+$"; "") | split("\n")) as $lines
                        # a short output whole; of a test's report, its last line (the tally)
                        | ($lines | if length > 3 then [last] else . end | join("; ") | gsub("  +"; " ")) as $shown
                        | "\(.program) exited \(.status)\(if $shown != "" then ": " + $shown else "" end)" ] }
      end;

  def c1:
    row("C1")
    | demo_row("C1") as $demo
    | if $demo == null then not_measured("examples/separate_memory is not built; run make")
      else ($demo.runs[0].output) as $out
        | (($out | test("child process wrote it: *0")) and ($out | test("thread wrote it: *1"))) as $shown
        | verdict(holds_if($demo.passed and $shown); $demo.figures;
                  if ($demo.passed | not) then "the example failed (exit status \($demo.runs[0].status))"
                  elif $shown then "the child's write stayed in the child; the thread's write reached the parent"
                  else "the example's output does not show the separation" end)
      end;

  def c2:
    row("C2")
    | ($results | family("timeslice")) as $rows
    | ($rows | counter_named("p99")) as $p99
    | if ($rows | length) == 0 then not_measured("the timeslice family is not in the results")
      elif $p99 == null then not_measured("the timeslice rows carry no p99 counter")
      else ($rows | counter_named("jain|fairness")) as $fair
        | ($rows | counter_named("^(steps|items)_per_second$")) as $throughput
        | [ $rows | map(select(.concurrency != null)) | group_by(.series)[]
            | medians(.[$p99]) as $lat | medians(if $throughput then .[$throughput] else 0 end) as $rate
            | ($lat | min_by(.concurrency)) as $lo | ($lat | max_by(.concurrency)) as $hi
            | select($lo.concurrency < $hi.concurrency)
            | { series: .[0].series, lo: $lo, hi: $hi, ratio: (if $lo.value > 0 then $hi.value / $lo.value else null end),
                rate: (($rate | max_by(.concurrency) | .value) as $top | ($rate | min_by(.concurrency) | .value) as $bottom
                       | if $bottom > 0 then $top / $bottom else null end),
                fair: (if $fair then map(select(.concurrency == $hi.concurrency) | .[$fair]) | median else null end) } ] as $series
        | if ($series | length) == 0 then not_measured("no timeslice series ran at more than one thread count")
          else verdict(holds_if(all($series[]; .ratio != null and .ratio >= 2));
                 [ $series[] | "\(.series): \($p99) \(.lo.value | sig3) at \(.lo.concurrency) -> \(.hi.value | sig3) at \(.hi.concurrency)"
                               + (if .ratio then " (\(.ratio | speed))" else "" end)
                               + (if .rate then ", throughput \(.rate | speed)" else "" end)
                               + (if .fair then ", \($fair) \(.fair | sig3)" else "" end) ];
                 if all($series[]; .ratio != null and .ratio >= 2) then "the probe's tail latency grew at least twofold with oversubscription in every series"
                 else "in \([$series[] | select(.ratio == null or .ratio < 2) | .series] | join(", ")) the probe's p99 grew less than twofold" end)
          end
      end;

  def c3:
    row("C3")
    | no_curves("CPU"; $cpu) as $missing
    | if $missing then not_measured($missing)
      elif $pus < 2 then not_measured("one PU: there is no second core to speed up on")
      else [ $cpu_curves[] | select(.model == "thread") | . as $c | .points[] | select(.workers == $pus)
             | {model: "thread", placement: $c.placement, workers, speedup: .median} ] as $at
        | [ $at[] | select(.placement != "single") ] as $spread
        | if ($spread | length) == 0 then not_measured("the thread model did not run \($cpu) at \($pus) workers (= PUs) with a placement other than single")
          else ($spread | max_by(.speedup)) as $best | (0.7 * $pus) as $bar
          | verdict(holds_if($best.speedup >= $bar); [ $at[] | "\($cpu) \(where): \(.speedup | speed)" ];
                    "thread/\($best.placement) reaches \($best.speedup | speed) at \($pus) workers, "
                    + (if $best.speedup >= $bar then "at least" else "short of" end) + " 0.7 x \($pus) = \($bar | speed)")
          end
      end;

  def c4:
    row("C4")
    | no_curves("CPU"; $cpu) as $missing
    | points($cpu_curves; ["gil"]) as $gil
    | points($cpu_curves; ["process", "process_pool"]) as $procs
    | if $missing then not_measured($missing)
      elif ($gil | length) == 0 then not_measured("the gil model did not run on \($cpu)")
      elif ($procs | length) == 0 then not_measured("neither process nor process_pool ran on \($cpu)")
      else ($gil | max_by(.speedup)) as $g | ($procs | max_by(.speedup)) as $p
        | verdict(holds_if($g.speedup <= 1.2 and $p.speedup > 1.2);
                  [ "gil: at most \($g.speedup | speed) (\($g | where))" ]
                  + [ $procs | group_by(.model)[] | max_by(.speedup) | "\(.model): up to \(.speedup | speed) (\(where))" ];
                  if $g.speedup > 1.2 then "the gil model reached \($g.speedup | speed) (\($g | where)): above 1.2, so it did not serialise"
                  elif $p.speedup <= 1.2 then "no process model passed 1.2x (best \($p.speedup | speed), \($p | where))"
                  else "GIL threads stayed at or below \($g.speedup | speed) while \($p.model) reached \($p.speedup | speed)" end)
      end;

  def c5:
    row("C5")
    | no_curves("IO"; $io) as $missing
    | points($io_curves; ["gil"]) as $gil
    | if $missing then not_measured($missing)
      elif ($gil | length) == 0 then not_measured("the gil model did not run on \($io)"
             + ([points($io_curves; ["thread"])[]] | if length > 0 then max_by(.speedup) | "; without a GIL, \(where): \(.speedup | speed)" else "" end))
      else ($gil | map(.workers) | max) as $w
        | if $w <= $pus then not_measured("the gil model ran \($io) with at most \($w) workers, not past the \($pus) PUs")
          else ($gil | map(select(.workers == $w)) | max_by(.speedup)) as $best | (0.7 * $w) as $bar
          | verdict(holds_if($best.speedup >= $bar);
                    [ $gil | map(select(.workers == $w))[] | "\($io) \(where): \(.speedup | speed)" ]
                    + [ points($io_curves; ["thread"]) | map(select(.workers == $w)) | max_by(.speedup) // empty | "without a GIL, \($io) \(where): \(.speedup | speed)" ];
                    "gil/\($best.placement) reaches \($best.speedup | speed) with \($w) workers on \($pus) PUs, "
                    + (if $best.speedup >= $bar then "at least" else "short of" end) + " 0.7 x \($w) = \($bar | speed)")
          end
      end;

  def c6:
    row("C6")
    | ($results | family("waiters")) as $rows
    | ($rows | counter_named("per_waiter")) as $per
    | def memory: if $per then .[$per] elif .peak_rss_kb and .concurrency then .peak_rss_kb * 1024 / .concurrency else null end;
      ($rows | map(select(.concurrency != null)) | having_segment("coroutine") | medians(time_ns)) as $coro
    | ($rows | map(select(.concurrency != null)) | having_segment("^thread") | medians(time_ns)) as $thread
    | if ($rows | length) == 0 then not_measured("the waiters family is not in the results")
      elif ($coro | length) == 0 then not_measured("the waiters family has no coroutine rows")
      else ($coro | max_by(.concurrency)) as $most
        | ([$coro[].concurrency] - ([$coro[].concurrency] - [$thread[].concurrency]) | max) as $common
        | def memory_at($set; $n): [$rows[] | select(.short | IN($set[] | select(.concurrency == $n) | .short)) | memory] | map(select(. != null)) | median;
          (if $common then memory_at($coro; $common) else null end) as $coro_mem
        | (if $common then memory_at($thread; $common) else null end) as $thread_mem
        | ($most.concurrency >= 10000) as $many
        | ($coro_mem == null or $thread_mem == null or $coro_mem < $thread_mem) as $lighter
        | verdict(holds_if($many and $lighter);
                  [ "coroutines: \($most.concurrency) waits in \($most.value | duration)" ]
                  + (if $common and $coro_mem and $thread_mem
                     then [ "memory per waiter at \($common): coroutine \($coro_mem | sig3) B, thread \($thread_mem | sig3) B" ] else [] end);
                  if ($many | not) then "the coroutine series went only to \($most.concurrency) waits, short of 10,000"
                  elif ($lighter | not) then "at \($common) waits a coroutine waiter cost as much memory as a thread"
                  elif $thread_mem == null then "coroutines held \($most.concurrency) waits; no thread series to compare memory with"
                  else "coroutines held \($most.concurrency) waits, each lighter than a thread's" end)
      end;

  def c7:
    row("C7")
    | ($results | family("ctxswitch")) as $ctx
    | ($ctx | map(select(.segments[1] == "spawn")) | medians(time_ns)) as $spawn
    | ($results | family("overhead") | medians(time_ns)) as $overhead
    | ($results | family("switch") | map(select(.segments[1] == "create_destroy")) | medians(time_ns)) as $coro_create
    | def life($rows; $unit): $rows | map(select(.segments | index([$unit]))) | first.value;
      (if life($spawn; "process") and life($spawn; "thread") and life($spawn; "coroutine")
       then {source: "ctxswitch/spawn", process: life($spawn; "process"), thread: life($spawn; "thread"), coroutine: life($spawn; "coroutine")}
       else {source: "overhead, switch/create_destroy", process: life($overhead; "process"), thread: life($overhead; "thread"),
             coroutine: ($coro_create | min_by(.value) | .value)} end) as $life
    | ($results | family("switch") | map(select(.segments[1] == "ping_pong" and .switch_time)) | medians(counter_ns("switch_time")) | min_by(.value)) as $coro_switch
    | ($ctx | map(select(.segments[1] != "spawn")) | medians(counter_ns("switch_time")) | paired("^thread$"; "^process$")) as $pairs
    | if $life.process == null or $life.thread == null then not_measured("neither ctxswitch/spawn nor the overhead family priced both a thread and a process")
      elif $life.coroutine == null then not_measured("no coroutine's creation was timed (ctxswitch/spawn/coroutine or switch/create_destroy)")
      else ($life.process > $life.thread and $life.thread > $life.coroutine) as $create
        | ($pairs | all(.b.value >= 0.9 * .a.value)) as $switch_order
        | ($pairs | length > 0) as $have_switches
        | ($coro_switch == null or ($pairs | all($coro_switch.value < .a.value))) as $coro_lighter
        | verdict(holds_if($create and (($have_switches | not) or ($switch_order and $coro_lighter)));
                  [ "one life (\($life.source)): process \($life.process | duration), thread \($life.thread | duration), coroutine \($life.coroutine | duration)" ]
                  + (if $coro_switch then [ "coroutine switch: \($coro_switch.value | duration) (\($coro_switch.segments[2]))" ] else [] end)
                  + [ $pairs[] | "\(.key) switch: thread \(.a.value | duration), process \(.b.value | duration)" ];
                  if ($create | not) then "creation is not ordered process > thread > coroutine"
                  elif ($have_switches | not) then "creation is ordered process > thread > coroutine; no thread and process switches were timed (ctxswitch)"
                  elif ($switch_order | not) then "a process switch cost over 10% less than its thread twin in \([$pairs[] | select(.b.value < 0.9 * .a.value) | .key] | join(", "))"
                  elif ($coro_lighter | not) then "a thread switch cost no more than a coroutine switch"
                  else "creation is ordered process > thread > coroutine; a coroutine switch is the cheapest, and process switches cost \($pairs | map(.b.value / .a.value) | "\(min | sig3) to \(max | sig3)") x their thread twins" end)
      end;

  def c8:
    row("C8")
    | ($results | family("ipc") | medians(time_ns)) as $rows
    | ($rows | paired("^(shared_list|shm)"; "^manager$")) as $pairs
    | ($rows | map(select(.segments[1] == "round_trip" and .concurrency != null))) as $trips
    | [ $trips | map(select(.concurrency == ($trips | map(.concurrency) | min)))[]
        | "round trip of \(.concurrency) bytes over \(.segments[2]): \(.value | duration)" ] as $trip_figures
    | if ($rows | length) == 0 then not_measured("the ipc family is not in the results")
      elif ($pairs | length) == 0 then not_measured("the ipc family has no shared-memory and manager rows alike in the rest of their name") | .figures = $trip_figures
      else ($pairs | map(select(.a.value >= .b.value) | .key)) as $slower
        | verdict(holds_if($slower | length == 0);
                  [ $pairs[] | "\(.key): \(.a.segments | map(select(test("^(shared_list|shm)"))) | first) \(.a.value | duration), manager \(.b.value | duration) (\(.b.value / .a.value | speed))" ]
                  + $trip_figures;
                  if ($slower | length) == 0 then "shared memory was faster in all \($pairs | length) comparisons, by \($pairs | map(.b.value / .a.value) | "\(min | speed) to \(max | speed)")"
                  else "shared memory was not faster in \($slower | join(", "))" end)
      end;

  def c9:
    row("C9")
    | demo_row("C9") as $demo
    | ($results | family("sync") | medians(counter_ns("op_time"))) as $costs
    | [ $costs | group_by(.segments[1])[] | sort_by(.concurrency)
        | "\(.[0].segments[1]): " + (map("\(.value | duration) at \(.concurrency // "?") thread\(if .concurrency == 1 then "" else "s" end)") | join(", ")) ] as $cost_figures
    | ([ "lock", "rlock", "semaphore", "event", "condition" ]
       | map(. as $name | select($costs | all(.segments[1] | contains($name) | not)))) as $unpriced
    | (if ($costs | length) == 0 then "; the sync family (their costs) is not in the results"
       elif ($unpriced | length) > 0 then "; no cost rows for \($unpriced | join(", "))" else "" end) as $cost_note
    | if $demo == null then not_measured("no sync semantics test is built (tests/test_sync*)" + $cost_note) | .figures = $cost_figures
      else verdict(holds_if($demo.passed); $demo.figures + $cost_figures;
                   (if $demo.passed then "the semantics tests passed" else "a semantics test failed" end) + $cost_note)
      end;

  def c10:
    row("C10")
    | ($results | family("overhead") | medians(time_ns)) as $overhead
    | def cost($model): $overhead | map(select(.segments[1] == $model)) | first.value;
      if cost("pool") == null or cost("thread") == null then not_measured("the overhead family did not price both pool and thread tasks")
      else verdict(holds_if(cost("pool") <= 0.5 * cost("thread"));
                   [ $overhead[] | "\(.segments[1]): \(.value | duration) per task" ];
                   "a task costs \(cost("pool") | duration) in the pool, \(cost("thread") | duration) with a thread per task ("
                   + "\(cost("thread") / cost("pool") | speed))")
      end;

  [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10]
