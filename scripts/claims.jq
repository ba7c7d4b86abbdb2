# The claims table: for each claim C1..C10 of the design, what was measured,
# the shape expected, the rule that decides, the verdict ("holds", "does not
# hold", "not measured") and the reason in words. Computed from a results
# file alone; the texts of each claim (its statement, shape and rule) are
# docs/claims.json's, found by id; an id missing there is an error naming it.
#
#   jq -f claims.jq results.json
#
# A rule is judged only on every part it reads: a row it needs that is
# absent, or that failed (Google Benchmark's error_occurred, with its
# error_message; an interrupted or skipped run), leaves the claim "not
# measured", and the reason names what is missing, the failed rows by name.
# A family missing altogether gives "not measured" too, never an error.
#
# The families added beside scaling, overhead and switch are read by shape,
# not by fixed names: a family's rows are those named "<family>/...", the
# concurrency of a row is its last "<key>:<number>" segment, and a counter
# is found by a word in its name (p99, per_waiter, ...).
include "results" {search: "./"};
import "claims" as $claims {search: "../docs"};

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

# Why a rule cannot be judged: the first of reasons, each a reason in words
# or nothing; null when there is none. missing_if gives one when its
# condition is true.
def first_reason(reasons): first(reasons) // null;
def missing_if($condition; $reason): if $condition then $reason else empty end;

# The benchmarks of which a repetition did not finish: errored (an
# interrupted run too, as gbench.cc stops it) or skipped. Each is
# {short, segments, message}; the rules read the other benchmarks only.
def failures:
  [ .benchmarks[] | select(.run_type == "iteration" and (.error_occurred or .skipped))
    | {short: short_name, message: (.error_message // .skip_message // "skipped")} ]
  | unique_by(.short) | map(. + {segments: (.short | split("/"))});

# Failed rows as a reason: "N <what> rows errored: name (message), ...",
# the first four by name; nothing when there are none.
def errored_reason($rows; $what):
  $rows | select(length > 0)
  | "\(length) \($what) row\(if length == 1 then "" else "s" end) errored: "
    + (.[:4] | map("\(.short) (\(.message))") | join(", "))
    + (if length > 4 then " and \(length - 4) more" else "" end);

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

# The rules read the results without their failed benchmarks ($results);
# $failed names those, for the reasons.
valid_results as $input
| ($input | failures) as $failed
| ($input | .benchmarks |= map(select(short_name as $name | all($failed[]; .short != $name)))) as $results
| ($results.context.hwloc_pus // "0" | tonumber) as $pus
| ($results | workload_kinds) as $kinds
# The workloads the scaling family ran; one whose rows all failed counts,
# so that its failures are named rather than passed over.
| ([$results | scaling_runs[].workload] + [$failed[] | select(.segments[0] == "scaling") | .segments[1]] | unique) as $ran
| ([$results | scaling_runs[] | select(.model == "seq") | .workload] | unique) as $with_seq

# The failed rows whose name matches the regex, as a reason (errored_reason).
| def errored($regex; $what): errored_reason([$failed[] | select(.short | test($regex))]; $what);

# The workload of a kind the claims read: the preferred one when it ran,
# else the first of that kind that ran.
  def pick($kind; $preferred):
    [$ran[] | select($kinds[.] == $kind)] | if index([$preferred]) then $preferred else .[0] end;
  def curves($workload): if $with_seq | index([$workload]) then $results | speedup_curves($workload) else [] end;
  # The medians of one model on one workload, each with its placement;
  # single (everyone on one PU) is left out: it shows placement, not the model.
  def points($curves; $models):
    [ $curves[] | select((.model | IN($models[])) and .placement != "single")
      | . as $c | .points[] | {model: $c.model, placement: $c.placement, workers, speedup: .median} ];
  def where: "\(.model)/\(.placement), \(.workers) workers";
  # Why a workload's curves are missing, or nothing when they are there.
  def no_curves($kind; $workload):
    if $workload == null then "no \($kind)-bound workload ran in the scaling family"
    else errored("^scaling/\($workload)/seq/"; "seq"),
         missing_if(($with_seq | index([$workload])) == null; "no seq baseline ran for \($workload), so no speedup") end;
  # The worker counts a set of points spans, in words, when fewer than two.
  def one_count: map(.workers) | unique | if length == 0 then "did not run" else "ran at \(.[0]) worker\(if .[0] == 1 then "" else "s" end) only" end;

  (pick("cpu"; "cpu_int")) as $cpu
| (pick("io"; "timer")) as $io
| (curves($cpu // "")) as $cpu_curves
| (curves($io // "")) as $io_curves

# One check of the semantics family (C1, C9): {name, missing, right, shown}.
# Every repetition of semantics/<check> must carry $counters; right says
# whether one's counters show the semantics, shown says what they show.
| def semantics($check; $counters; right; shown):
    "semantics/\($check)" as $name
    | ($results | family("semantics") | map(select(.segments[1] == $check))) as $rows
    | { name: $name,
        missing: first_reason(
          errored("^\($name)/"; "semantics"),
          missing_if($rows | length == 0; "\($name) is not in the results"),
          ($counters[] as $counter | missing_if(any($rows[]; .[$counter] == null); "\($name) has no \($counter) counter"))),
        right: ($rows | all(right)),
        shown: ($rows | map(shown) | unique | join("; ")) };

  def c1:
    row("C1")
    | semantics("memory"; ["child_write_seen", "thread_write_seen"];
                .child_write_seen == 0 and .thread_write_seen == 1;
                "after a forked child wrote 1 the parent read \(.child_write_seen); after a thread wrote 1, \(.thread_write_seen)") as $memory
    | if $memory.missing then not_measured($memory.missing)
      else verdict(holds_if($memory.right); ["\($memory.name): \($memory.shown)"];
                   if $memory.right then "the child's write stayed in the child; the thread's write reached the parent"
                   else "the parent's reads do not show the separation: a process's memory is its own, a thread's its process's" end)
      end;

  def c2:
    row("C2")
    | ($results | family("timeslice")) as $rows
    | ($rows | counter_named("p99")) as $p99
    | ($rows | counter_named("jain|fairness")) as $fair
    | ($rows | counter_named("^(steps|items)_per_second$")) as $throughput
    # Each series at its ends, its fewest and most spinners: the medians of
    # each counter there, null where a row lacks it.
    | [ $rows | map(select(.concurrency != null)) | group_by(.series)[]
        | . as $group | (map(.concurrency) | min) as $lo | (map(.concurrency) | max) as $hi
        | def ends($counter):
            [$lo, $hi] | map(. as $n | [$group[] | select(.concurrency == $n) | if $counter then .[$counter] else null end]
                                       | if any(. == null) then null else median end);
          { series: .[0].series, kind: .[0].segments[1], lo: $lo, hi: $hi,
            parts: [ {what: "p99 latency", ends: ends($p99)}, {what: "throughput", ends: ends($throughput)},
                     {what: "fairness", ends: ends($fair)} ] } ] as $series
    | first_reason(
        errored("^timeslice/"; "timeslice"),
        missing_if($rows | length == 0; "the timeslice family is not in the results"),
        (["thread", "process"][] as $kind | missing_if(all($series[]; .kind != $kind); "no \($kind) series ran in the timeslice family")),
        ($series[] | missing_if(.lo == .hi; "\(.series) ran at \(.lo) spinners only")),
        ($series[] | . as $s | .parts[] | select(.ends | any(. == null))
         | "\($s.series) has no \(.what) counter at \(if .ends[0] == null then $s.lo else $s.hi end) spinners")) as $missing
    | if $missing then not_measured($missing)
      else [ $series[] | (.parts | map({(.what): .ends}) | add) as $at
             | . + { latency: (if $at["p99 latency"][0] > 0 then $at["p99 latency"][1] / $at["p99 latency"][0] else null end),
                     rate: (if $at.throughput[0] > 0 then $at.throughput[1] / $at.throughput[0] else null end),
                     fairness: $at.fairness }
             | . + { failing: [ (select(.latency == null or .latency < 2) | "the probe's p99 grew less than twofold"),
                                (select(.rate == null or .rate < 0.8 or .rate > 1.25) | "throughput went outside 0.8 to 1.25 x"),
                                (select(.fairness[1] < 0.5) | "fairness fell below 0.5") ] } ] as $judged
        | verdict(holds_if(all($judged[]; .failing == []));
                  [ $judged[] | (.parts | map({(.what): .ends}) | add) as $at
                    | "\(.series): \($p99) \($at["p99 latency"][0] | sig3) at \(.lo) -> \($at["p99 latency"][1] | sig3) at \(.hi)"
                      + (if .latency then " (\(.latency | speed))" else "" end)
                      + ", throughput " + (if .rate then "\(.rate | speed)" else "from 0" end)
                      + ", \($fair) \(.fairness[0] | sig3) -> \(.fairness[1] | sig3)" ];
                  if all($judged[]; .failing == [])
                  then "in every series the probe's p99 grew at least twofold with oversubscription, while throughput held within 0.8 to 1.25 x and fairness at 0.5 or more"
                  else [ $judged[] | select(.failing != []) | "in \(.series) \(.failing | join(" and "))" ] | join("; ") end)
      end;

  def c3:
    row("C3")
    | [ $cpu_curves[] | select(.model == "thread") | . as $c | .points[] | select(.workers == $pus)
        | {model: "thread", placement: $c.placement, workers, speedup: .median} ] as $at
    | [ $at[] | select(.placement != "single") ] as $spread
    | first_reason(
        no_curves("CPU"; $cpu),
        missing_if($pus < 2; "one PU: there is no second core to speed up on"),
        errored("^scaling/\($cpu)/thread/(?!single/)[^/]+/workers:\($pus)$"; "thread"),
        missing_if($spread | length == 0; "the thread model did not run \($cpu) at \($pus) workers (= PUs) with a placement other than single")) as $missing
    | if $missing then not_measured($missing)
      else ($spread | max_by(.speedup)) as $best | (0.7 * $pus) as $bar
        | verdict(holds_if($best.speedup >= $bar); [ $at[] | "\($cpu) \(where): \(.speedup | speed)" ];
                  "thread/\($best.placement) reaches \($best.speedup | speed) at \($pus) workers, "
                  + (if $best.speedup >= $bar then "at least" else "short of" end) + " 0.7 x \($pus) = \($bar | speed)")
      end;

  def c4:
    row("C4")
    | points($cpu_curves; ["gil"]) as $gil
    | points($cpu_curves; ["process", "process_pool"]) as $procs
    | first_reason(
        no_curves("CPU"; $cpu),
        errored("^scaling/\($cpu)/gil/(?!single/)"; "gil"),
        errored("^scaling/\($cpu)/(process|process_pool)/(?!single/)"; "process model"),
        missing_if($gil | map(.workers) | unique | length < 2;
                   "the gil model \($gil | one_count) on \($cpu) (other than single): the rule needs more than one worker count"),
        missing_if($procs | map(.workers) | unique | length < 2;
                   "process and process_pool \($procs | one_count) on \($cpu) (other than single): the rule needs more than one worker count")) as $missing
    | if $missing then not_measured($missing)
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
    | points($io_curves; ["gil"]) as $gil
    | ($gil | map(.workers) | max) as $w
    | first_reason(
        no_curves("IO"; $io),
        errored("^scaling/\($io)/gil/(?!single/)"; "gil"),
        missing_if($gil | length == 0; "the gil model did not run on \($io)"
             + ([points($io_curves; ["thread"])[]] | if length > 0 then max_by(.speedup) | "; without a GIL, \(where): \(.speedup | speed)" else "" end)),
        missing_if($w <= $pus; "the gil model ran \($io) with at most \($w) workers, not past the \($pus) PUs")) as $missing
    | if $missing then not_measured($missing)
      else ($gil | map(select(.workers == $w)) | max_by(.speedup)) as $best | (0.7 * $w) as $bar
        | verdict(holds_if($best.speedup >= $bar);
                  [ $gil | map(select(.workers == $w))[] | "\($io) \(where): \(.speedup | speed)" ]
                  + [ points($io_curves; ["thread"]) | map(select(.workers == $w)) | max_by(.speedup) // empty | "without a GIL, \($io) \(where): \(.speedup | speed)" ];
                  "gil/\($best.placement) reaches \($best.speedup | speed) with \($w) workers on \($pus) PUs, "
                  + (if $best.speedup >= $bar then "at least" else "short of" end) + " 0.7 x \($w) = \($bar | speed)")
      end;

  def c6:
    row("C6")
    | ($results | family("waiters")) as $rows
    | ($rows | counter_named("^rss_bytes_per_waiter$")) as $per
    | def memory: if $per and .[$per] then .[$per] elif .peak_rss_kb and .concurrency then .peak_rss_kb * 1024 / .concurrency else null end;
      ($rows | map(select(.concurrency != null)) | having_segment("coroutine") | medians(time_ns)) as $coro
    | ($rows | map(select(.concurrency != null)) | having_segment("^thread") | medians(time_ns)) as $thread
    | ($coro | max_by(.concurrency)) as $most
    | ([$coro[].concurrency] - ([$coro[].concurrency] - [$thread[].concurrency]) | max) as $common
    # The median memory per waiter of a series' rows at $common waits; null
    # when one of them has no memory counter.
    | def memory_at($set): [$rows[] | select(.short | IN($set[] | select(.concurrency == $common) | .short)) | memory]
                           | if any(. == null) then null else median end;
      first_reason(
        errored("^waiters/"; "waiters"),
        missing_if($rows | length == 0; "the waiters family is not in the results"),
        missing_if($coro | length == 0; "the waiters family has no coroutine rows"),
        missing_if($most.concurrency < 10000; "the coroutine series went only to \($most.concurrency) waits; the rule needs 10,000 or more"),
        missing_if($thread | length == 0; "the waiters family has no thread series to compare memory with"),
        missing_if($common == null; "the coroutine and thread series ran at no common count of waits"),
        ({coroutine: $coro, thread: $thread} | to_entries[]
         | missing_if(memory_at(.value) == null; "the \(.key) rows at \($common) waits have no memory counter (rss_bytes_per_waiter)"))) as $missing
    | if $missing then not_measured($missing)
      else memory_at($coro) as $coro_mem | memory_at($thread) as $thread_mem
        | verdict(holds_if($coro_mem < $thread_mem);
                  [ "coroutines: \($most.concurrency) waits in \($most.value | duration)",
                    "memory per waiter at \($common): coroutine \($coro_mem | sig3) B, thread \($thread_mem | sig3) B" ];
                  if $coro_mem < $thread_mem then "coroutines held \($most.concurrency) waits, each lighter than a thread's"
                  else "at \($common) waits a coroutine waiter cost as much memory as a thread" end)
      end;

  def c7:
    row("C7")
    | ($results | family("ctxswitch")) as $ctx
    | ($ctx | map(select(.segments[1] == "spawn")) | medians(time_ns)) as $spawn
    | ($results | family("overhead") | medians(time_ns)) as $overhead
    | ($results | family("switch") | map(select(.segments[1] == "create_destroy")) | medians(time_ns)) as $coro_create
    | def life($rows; $unit): $rows | map(select(.segments | index([$unit]))) | first.value;
      # One life of each unit, from the first source that priced all three
      # without a failed row: ctxswitch/spawn, else overhead and
      # switch/create_destroy; null when neither did.
      [ { source: "ctxswitch/spawn", failed: first_reason(errored("^ctxswitch/spawn/"; "spawn")),
          process: life($spawn; "process"), thread: life($spawn; "thread"), coroutine: life($spawn; "coroutine") },
        { source: "overhead, switch/create_destroy",
          failed: first_reason(errored("^(overhead/(process|thread)|switch/create_destroy)/"; "overhead and create_destroy")),
          process: life($overhead; "process"), thread: life($overhead; "thread"), coroutine: ($coro_create | min_by(.value) | .value) } ] as $sources
    | (first($sources[] | select(.failed == null and .process and .thread and .coroutine)) // null) as $life
    | ($results | family("switch") | map(select(.segments[1] == "ping_pong" and .switch_time)) | medians(counter_ns("switch_time")) | min_by(.value)) as $coro_switch
    | ($ctx | map(select(.segments[1] != "spawn")) | medians(counter_ns("switch_time")) | paired("^thread$"; "^process$")) as $pairs
    | first_reason(
        missing_if($life == null; $sources | map(.failed // empty) | first
                   // "neither ctxswitch/spawn nor the overhead and switch families (create_destroy) priced a process, a thread and a coroutine"),
        errored("^switch/ping_pong/"; "coroutine switch"),
        missing_if($coro_switch == null; "no coroutine switch was timed (switch/ping_pong)"),
        errored("^ctxswitch/(?!spawn/)"; "ctxswitch"),
        missing_if($pairs | length == 0; "no thread and process switches alike in the rest of their name were timed (ctxswitch)")) as $missing
    | if $missing then not_measured($missing)
      else ($life.process > $life.thread and $life.thread > $life.coroutine) as $create
        | ($pairs | all(.b.value >= 0.9 * .a.value)) as $switch_order
        | ($pairs | all($coro_switch.value < .a.value)) as $coro_lighter
        | verdict(holds_if($create and $switch_order and $coro_lighter);
                  [ "one life (\($life.source)): process \($life.process | duration), thread \($life.thread | duration), coroutine \($life.coroutine | duration)",
                    "coroutine switch: \($coro_switch.value | duration) (\($coro_switch.segments[2]))" ]
                  + [ $pairs[] | "\(.key) switch: thread \(.a.value | duration), process \(.b.value | duration)" ];
                  if ($create | not) then "creation is not ordered process > thread > coroutine"
                  elif ($switch_order | not) then "a process switch cost over 10% less than its thread twin in \([$pairs[] | select(.b.value < 0.9 * .a.value) | .key] | join(", "))"
                  elif ($coro_lighter | not) then "a thread switch cost no more than a coroutine switch"
                  else "creation is ordered process > thread > coroutine; a coroutine switch is the cheapest, and process switches cost \($pairs | map(.b.value / .a.value) | "\(min | sig3) to \(max | sig3)") x their thread twins" end)
      end;

  def c8:
    row("C8")
    | ($results | family("ipc") | medians(time_ns)) as $rows
    | ($rows | paired("^(shared_list|shm)"; "^manager$")) as $pairs
    # The comparisons a failed row would have been in.
    | ([$rows[], ($failed[] | select(.segments[0] == "ipc"))] | paired("^(shared_list|shm)"; "^manager$")
       | [.[] | .a, .b | select(.message)] | unique_by(.short)) as $failed_pairs
    | ($rows | map(select(.segments[1] == "round_trip" and .concurrency != null))) as $trips
    | [ $trips | map(select(.concurrency == ($trips | map(.concurrency) | min)))[]
        | "round trip of \(.concurrency) bytes over \(.segments[2]): \(.value | duration)" ] as $trip_figures
    | first_reason(
        errored_reason($failed_pairs; "ipc"),
        missing_if($rows | length == 0; "the ipc family is not in the results"),
        missing_if($pairs | length == 0; "the ipc family has no shared-memory and manager rows alike in the rest of their name")) as $missing
    | if $missing then not_measured($missing) | .figures = $trip_figures
      else ($pairs | map(select(.a.value >= .b.value) | .key)) as $slower
        | verdict(holds_if($slower | length == 0);
                  [ $pairs[] | "\(.key): \(.a.segments | map(select(test("^(shared_list|shm)"))) | first) \(.a.value | duration), manager \(.b.value | duration) (\(.b.value / .a.value | speed))" ]
                  + $trip_figures;
                  if ($slower | length) == 0 then "shared memory was faster in all \($pairs | length) comparisons, by \($pairs | map(.b.value / .a.value) | "\(min | speed) to \(max | speed)")"
                  else "shared memory was not faster in \($slower | join(", "))" end)
      end;

  def c9:
    row("C9")
    | [ semantics("lock"; ["lock_tries", "lock_admitted"];
                  .lock_tries > 1 and .lock_admitted == 1;
                  "Lock: \(.lock_admitted) of \(.lock_tries) threads admitted"),
        semantics("bounded_semaphore"; ["semaphore_places", "semaphore_tries", "semaphore_admitted", "semaphore_over_release_refused"];
                  .semaphore_tries > .semaphore_places and .semaphore_admitted == .semaphore_places and .semaphore_over_release_refused == 1;
                  "BoundedSemaphore(\(.semaphore_places)): \(.semaphore_admitted) of \(.semaphore_tries) threads admitted, "
                  + "a release past its places \(if .semaphore_over_release_refused == 1 then "refused" else "accepted" end)"),
        semantics("event"; ["event_waiters", "event_released"];
                  .event_waiters > 1 and .event_released == .event_waiters;
                  "Event: set released \(.event_released) of \(.event_waiters) waiters"),
        semantics("condition"; ["notify_waiters", "notify_n", "notify_released", "notify_still_waiting"];
                  .notify_n < .notify_waiters and .notify_released == .notify_n and .notify_still_waiting == .notify_waiters - .notify_n;
                  "Condition: notify(\(.notify_n)) released \(.notify_released) of \(.notify_waiters) waiters, \(.notify_still_waiting) still waiting"),
        semantics("rlock"; ["rlock_acquires", "rlock_depth", "rlock_other_admitted", "rlock_freed"];
                  .rlock_acquires > 1 and .rlock_depth == .rlock_acquires and .rlock_other_admitted == 0 and .rlock_freed == 1;
                  "RLock: its holder re-entered \(.rlock_depth) of \(.rlock_acquires) times; another thread "
                  + "\(if .rlock_other_admitted == 0 then "kept out" else "let in" end) meanwhile, "
                  + "\(if .rlock_freed == 1 then "let in" else "still kept out" end) once all were undone") ] as $checks
    | ($results | family("sync") | medians(counter_ns("op_time"))) as $costs
    | [ $costs | group_by(.segments[1])[] | sort_by(.concurrency)
        | "\(.[0].segments[1]): " + (map("\(.value | duration) at \(.concurrency // "?") thread\(if .concurrency == 1 then "" else "s" end)") | join(", ")) ] as $cost_figures
    | ([ "lock", "rlock", "semaphore", "event", "condition" ]
       | map(. as $name | select($costs | all(.segments[1] | contains($name) | not)))) as $unpriced
    # The costs are shown beside the verdict, not judged: what is missing of
    # them is said, not counted against the claim.
    | ([ errored("^sync/"; "sync"),
         if ($costs | length) == 0 then "the sync family (their costs) is not in the results"
         elif ($unpriced | length) > 0 then "no cost rows for \($unpriced | join(", "))" else empty end ]
       | map("; " + .) | join("")) as $cost_note
    | first_reason($checks[] | .missing // empty) as $missing
    | if $missing then not_measured($missing + $cost_note) | .figures = $cost_figures
      else ([$checks[] | select(.right | not) | .name]) as $wrong
        | verdict(holds_if($wrong == []); [$checks[] | "\(.name): \(.shown)"] + $cost_figures;
                  (if $wrong == [] then "every primitive kept Python's semantics in every repetition"
                   else "\($wrong | join(", ")) did not keep Python's semantics" end) + $cost_note)
      end;

  def c10:
    row("C10")
    | ($results | family("overhead") | medians(time_ns)) as $overhead
    | def cost($model): $overhead | map(select(.segments[1] == $model)) | first.value;
      first_reason(
        errored("^overhead/(pool|thread)/"; "overhead"),
        missing_if(cost("pool") == null or cost("thread") == null; "the overhead family did not price both pool and thread tasks")) as $missing
    | if $missing then not_measured($missing)
      else verdict(holds_if(cost("pool") <= 0.5 * cost("thread"));
                   [ $overhead[] | "\(.segments[1]): \(.value | duration) per task" ];
                   "a task costs \(cost("pool") | duration) in the pool, \(cost("thread") | duration) with a thread per task ("
                   + "\(cost("thread") / cost("pool") | speed))")
      end;

  [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10]
