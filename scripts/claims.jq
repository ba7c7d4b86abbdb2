# The claims table: for each claim C1..C10 of the design, what was measured,
# the shape expected, the rule that decides, the verdict and the reason in
# words. Computed from a results file alone; the texts of each claim (its
# statement, shape and rule) are docs/claims.json's, found by id; an id
# missing there is an error naming it.
#
#   jq -f claims.jq results.json
#
# A verdict is one of four:
#   holds           every check of the rule passed, each decided by
#                   intervals lying wholly on the passing side of its bar;
#   does not hold   a check failed, its interval wholly on the failing side;
#   inconclusive    no check failed but one could not be decided, and the
#                   reason (also in .cause) says why: "too noisy" (an
#                   interval straddles its bar), "too few samples" (fewer
#                   repetitions than an interval needs, or too few wake-ups
#                   of a probe), "fixed costs dominate the job" (C4: every
#                   process point that could decide spent more than 5% of
#                   its job on forks), or "the machine was busy" (a timed
#                   rule that would not hold, on a run results.jq's
#                   machine_load calls busy);
#   not measured    a row the rule reads is absent or failed.
# Every figure a rule judges is results.jq's median_interval over its
# repetitions, a quotient of two figures its ratio_interval; each figure is
# shown as "median (lo to hi, n repetitions)". Every reason ends with the
# machine's load (machine_load's text): busy, quiet, or not recorded.
#
# A rule is judged only on every part it reads: a row it needs that is
# absent, or that failed (Google Benchmark's error_occurred, with its
# error_message; an interrupted or skipped run), leaves the claim "not
# measured", and the reason names what is missing, the failed rows by name.
# A family missing altogether gives "not measured" too, never an error.
#
# The families added beside scaling, overhead and switch are read by shape,
# not by fixed names: a family's rows are those named "<family>/...", the
# concurrency of a row is its last "<key>:<number>" segment other than
# iterations:<n>, and counters are read by their exact names.
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

# What an undecided check's status ("noisy", "few", "fixed", ...) means, as
# an inconclusive verdict's cause.
def cause_of: {noisy: "too noisy", few: "too few samples", fixed: "fixed costs dominate the job",
               fixed_unknown: "fixed costs not measured", busy: "the machine was busy"}[.] // .;

# One check of a rule: {status, text}, status "yes", "no" or one of
# cause_of's, text what was checked, with its figures.
def check($status; $text): {status: $status, text: $text};

# Statuses combined: all of them must pass (all_pass), or one of them
# (any_pass). An undecided one is "noisy" when any is noisy, else the first.
def undecided: if index(["noisy"]) then "noisy" else map(select(. != "yes" and . != "no")) | .[0] end;
def all_pass: if length == 0 then "yes" elif index(["no"]) then "no" elif all(. == "yes") then "yes" else undecided end;
def any_pass: if length == 0 then "no" elif index(["yes"]) then "yes" elif all(. == "no") then "no" else undecided end;

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
# concurrency (the last "<key>:<number>" segment other than iterations:<n>,
# or null) and its series (the name without that segment).
def family($name):
  [ iterations[] | select(.run_name | startswith($name + "/"))
    | short_name as $short | ($short | split("/")) as $segments
    | ([$segments[] | select(test("^[a-z_]+:[0-9]+$") and (startswith("iterations:") | not))] | last) as $arg
    | . + { short: $short, segments: $segments,
            concurrency: ($arg | if . then split(":")[1] | tonumber else null end),
            series: ($segments | map(select(. != $arg)) | join("/")) } ];

# f over the repetitions of each benchmark, as a figure (median_interval):
# [{short, segments, concurrency, series, value}].
def intervals(f):
  group_by(.short) | map(.[0] + {value: (map(f) | median_interval)});

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

# Figures for people to read: a ratio, a time in nanoseconds, a number.
def ratio_text: interval_text(speed);
def time_text: interval_text(duration);
def number_text: interval_text(sig3);

# The rules read the results without their failed benchmarks ($results);
# $failed names those, for the reasons.
valid_results as $input
| ($input | failures) as $failed
| ($input | .benchmarks |= map(select(short_name as $name | all($failed[]; .short != $name)))) as $results
| ($results.context.hwloc_pus // "0" | tonumber) as $pus
| ($results | workload_kinds) as $kinds
| ($results | machine_load) as $load
# The workloads the scaling family ran; one whose rows all failed counts,
# so that its failures are named rather than passed over.
| ($results | scaling_runs) as $runs
| ([$runs[].workload] + [$failed[] | select(.segments[0] == "scaling") | .segments[1]] | unique) as $ran
| ([$runs[] | select(.model == "seq") | .workload] | unique) as $with_seq

# The failed rows whose name matches the regex, as a reason (errored_reason).
| def errored($regex; $what): errored_reason([$failed[] | select(.short | test($regex))]; $what);

# A rule's verdict from its checks. Timed rules ($timed) read times and
# rates, which other work on the machine slows: on a busy run, a check that
# failed cannot tell the claim from the load, and the claim is inconclusive;
# a rule that passes stands. Every reason ends with the machine's load.
  # holds is a filter, evaluated only when the rule holds: its figures may
  # not exist otherwise.
  def judge($timed; $checks; $figures; holds):
    ($checks | map(select(.status == "no"))) as $failing
    | ($checks | map(select(.status != "yes" and .status != "no"))) as $undecided
    | (if $failing != [] then
         if $timed and $load.busy then {verdict: "inconclusive", cause: "busy", why: $failing}
         else {verdict: "does not hold", why: $failing} end
       elif $undecided == [] then {verdict: "holds"}
       else {verdict: "inconclusive", cause: ($undecided | map(.status) | undecided), why: $undecided} end) as $v
    | verdict($v.verdict; $figures;
              (if $v.verdict == "holds" then holds
               elif $v.verdict == "does not hold" then $v.why | map(.text) | join("; ")
               else "\($v.cause | cause_of): " + ($v.why | map(if $v.cause == "busy" or .status == $v.cause then .text else "\(.status | cause_of): \(.text)" end) | join("; ")) end)
              + "; " + $load.text)
    | if $v.cause then .cause = ($v.cause | cause_of) else . end;

# The workload of a kind the claims read: the preferred one when it ran,
# else the first of that kind that ran.
  def pick($kind; $preferred):
    [$ran[] | select($kinds[.] == $kind)] | if index([$preferred]) then $preferred else .[0] end;
  # The speedup over seq of each model, placement and worker count of one
  # workload other than seq: {model, placement, workers, speedup (the
  # ratio_interval of its tasks per second over seq's), fixed_cost_share
  # (the median of its repetitions', or null)}; none without seq.
  def points($workload):
    [$runs[] | select(.workload == $workload)] as $mine
    | ($mine | map(select(.model == "seq") | .rate) | median_interval) as $seq
    | if $with_seq | index([$workload]) | not then []
      else [ $mine | map(select(.model != "seq")) | group_by([.model, .placement, .workers])[]
             | { model: .[0].model, placement: .[0].placement, workers: .[0].workers,
                 rate: (map(.rate) | median_interval),
                 speedup: ratio_interval(map(.rate) | median_interval; $seq),
                 fixed_cost_share: (map(.fixed_cost_share | numbers) | if length > 0 then median else null end) } ] end;
  # The points of some models, single (everyone on one PU) left out: it
  # shows placement, not the model.
  def spread_points($points; $models): [ $points[] | select((.model | IN($models[])) and .placement != "single") ];
  def where: "\(.model)/\(.placement), \(.workers) worker\(if .workers == 1 then "" else "s" end)";
  # Why a workload's points are missing, or nothing when they are there.
  def no_curves($kind; $workload):
    if $workload == null then "no \($kind)-bound workload ran in the scaling family"
    else errored("^scaling/\($workload)/seq/"; "seq"),
         missing_if(($with_seq | index([$workload])) == null; "no seq baseline ran for \($workload), so no speedup") end;
  # The worker counts a set of points spans, in words, when fewer than two.
  def one_count: map(.workers) | unique | if length == 0 then "did not run" else "ran at \(.[0]) worker\(if .[0] == 1 then "" else "s" end) only" end;

  (pick("cpu"; "cpu_int")) as $cpu
| (pick("io"; "timer")) as $io
| ($results | family("ctxswitch") | map(select(.segments[1] == "spawn")) | intervals(time_ns)) as $spawn
| (points($cpu // "")) as $cpu_points
| (points($io // "")) as $io_points

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

# A claim the results cannot judge; the reason ends with the machine's load.
  def not_measured($reason): verdict("not measured"; []; "\($reason); \($load.text)");

  def c1:
    row("C1")
    | semantics("memory"; ["child_write_seen", "thread_write_seen"];
                .child_write_seen == 0 and .thread_write_seen == 1;
                "after a forked child wrote 1 the parent read \(.child_write_seen); after a thread wrote 1, \(.thread_write_seen)") as $memory
    | if $memory.missing then not_measured($memory.missing)
      else judge(false; [check(if $memory.right then "yes" else "no" end;
                               "the parent's reads do not show the separation: a process's memory is its own, a thread's its process's")];
                 ["\($memory.name): \($memory.shown)"];
                 "the child's write stayed in the child; the thread's write reached the parent")
      end;

  def c2:
    row("C2")
    # The default series: those of no probe: variant (a probe at another
    # priority or policy shows the scheduler's classes, not time slicing).
    | ($results | family("timeslice") | map(select(all(.segments[]; startswith("probe:") | not)))) as $rows
    # Each series at its ends, its fewest and most spinners: each counter's
    # figure there, null where a row lacks it; short lists the ends where
    # the probe woke fewer than 1,000 times and said it fell short.
    | [ $rows | map(select(.concurrency != null)) | group_by(.series)[]
        | . as $group | (map(.concurrency) | min) as $lo | (map(.concurrency) | max) as $hi
        | def at($n; $counter): [$group[] | select(.concurrency == $n) | .[$counter]]
                                | if any(. == null) then null else median_interval end;
          def ends($counter): [at($lo; $counter), at($hi; $counter)];
          { series: .[0].series, kind: .[0].segments[1], lo: $lo, hi: $hi,
            p99: ends("probe_p99_us"), p50: ends("probe_p50_us"), max: ends("probe_max_us"),
            throughput: ends("steps_per_second"), fairness: ends("fairness"),
            short: [ $lo, $hi | . as $n
                     | select(any($group[]; .concurrency == $n and (.probe_shortfall // 0) > 0 and (.probe_wakeups // 0) < 1000)) ],
            wakeups: [ $lo, $hi | . as $n | [$group[] | select(.concurrency == $n) | .probe_wakeups | numbers] | min ] } ] as $series
    | first_reason(
        errored("^timeslice/(?![^/]+/probe:)"; "timeslice"),
        missing_if($rows | length == 0; "the timeslice family is not in the results"),
        (["thread", "process"][] as $kind | missing_if(all($series[]; .kind != $kind); "no \($kind) series ran in the timeslice family")),
        ($series[] | missing_if(.lo == .hi; "\(.series) ran at \(.lo) spinners only")),
        ($series[] | . as $s | ["p99 latency", "p99"], ["throughput", "throughput"], ["fairness", "fairness"]
         | . as [$what, $key] | $s[$key] | select(any(. == null))
         | "\($s.series) has no \($what) counter at \(if .[0] == null then $s.lo else $s.hi end) spinners")) as $missing
    | if $missing then not_measured($missing)
      else def us: . * 1000 | duration;
        [ $series[]
          | . + { growth: ratio_interval(.p99[1]; .p99[0]), rate: ratio_interval(.throughput[1]; .throughput[0]) }
          # With too few wake-ups at an end its p99 is not to be trusted;
          # the growth is still decided when even the median at the most
          # spinners (at most their p99) is twice the fewest spinners' p99,
          # or their largest lateness where they fell short.
          | . as $s
          | (if .short == [] then .growth | at_least(2)
             else ratio_interval(if $s.short | index([$s.hi]) then .p50[1] else .p99[1] end;
                                 if $s.short | index([$s.lo]) then .max[0] else .p99[0] end) | at_least(2)
                  | if . == "yes" then . else "few" end end) as $latency
          | . + { checks: [
              check($latency;
                    if $latency == "few" then
                      "in \(.series) the probe woke \([.short[] as $n | "\(.wakeups[if $n == .lo then 0 else 1 end] // "?") times at \($n) spinners"] | join(" and ")), short of 1,000, too few for its p99"
                    elif $latency == "no" then "in \(.series) the probe's p99 grew less than twofold, \(.growth | ratio_text)"
                    else "in \(.series) the probe's p99 grew \(.growth | ratio_text) against twofold" end),
              (.rate | [at_least(0.8), at_most(1.25)] | all_pass) as $flat
              | check($flat; "in \(.series) throughput " + (if $flat == "no" then "went outside" else "against" end)
                             + " 0.8 to 1.25 x: \(.rate | ratio_text)"),
              (.fairness[1] | at_least(0.5)) as $fair
              | check($fair; "in \(.series) fairness at \(.hi) spinners " + (if $fair == "no" then "fell below" else "against" end)
                             + " 0.5: \(.fairness[1] | number_text)") ] } ] as $judged
        | judge(true; [$judged[].checks[]];
                [ $judged[]
                  | "\(.series): probe_p99_us \(.p99[0] | interval_text(us)) at \(.lo) -> \(.p99[1] | interval_text(us)) at \(.hi) (\(.growth | ratio_text))"
                    + ", throughput \(.rate | ratio_text), fairness \(.fairness[0].median | sig3) -> \(.fairness[1] | number_text)"
                    + (if .short != [] then ", fewer than 1,000 wake-ups at \(.short | map(tostring) | join(" and ")) spinners" else "" end) ];
                "in every series the probe's p99 grew at least twofold with oversubscription, while throughput held within 0.8 to 1.25 x and fairness at 0.5 or more")
      end;

  def c3:
    row("C3")
    | [ $cpu_points[] | select(.model == "thread" and .workers == $pus) ] as $at
    | [ $at[] | select(.placement != "single") ] as $spread
    | first_reason(
        no_curves("CPU"; $cpu),
        missing_if($pus < 2; "one PU: there is no second core to speed up on"),
        errored("^scaling/\($cpu)/thread/(?!single/)[^/]+/workers:\($pus)$"; "thread"),
        missing_if($spread | length == 0; "the thread model did not run \($cpu) at \($pus) workers (= PUs) with a placement other than single")) as $missing
    | if $missing then not_measured($missing)
      else (0.7 * $pus) as $bar | ($spread | map(.speedup | at_least($bar)) | any_pass) as $status
        | ($spread | max_by(.speedup.median)) as $best
        | judge(true; [check($status;
                             (if $status == "no" then "no placement of the thread model reached" else "the thread model" end)
                             + " 0.7 x \($pus) = \($bar | speed) at \($pus) workers: "
                             + ($spread | map("\(.placement) \(.speedup | ratio_text)") | join(", ")))];
                [ $at[] | "\($cpu) \(where): \(.speedup | ratio_text)" ];
                "thread/\($best.placement) reaches \($best.speedup | ratio_text) at \($pus) workers, at least 0.7 x \($pus) = \($bar | speed)")
      end;

  def c4:
    row("C4")
    | spread_points($cpu_points; ["gil"]) as $gil
    | spread_points($cpu_points; ["process", "process_pool"]) as $process_points
    | first_reason(
        no_curves("CPU"; $cpu),
        errored("^scaling/\($cpu)/gil/(?!single/)"; "gil"),
        errored("^scaling/\($cpu)/(process|process_pool)/(?!single/)"; "process model"),
        missing_if($gil | map(.workers) | unique | length < 2;
                   "the gil model \($gil | one_count) on \($cpu) (other than single): the rule needs more than one worker count"),
        missing_if($process_points | map(.workers) | unique | length < 2;
                   "process and process_pool \($process_points | one_count) on \($cpu) (other than single): the rule needs more than one worker count")) as $missing
    | if $missing then not_measured($missing)
      else
        # Each process point's fixed costs over its job: the family's
        # fixed_cost_share, or where the results predate it an estimate,
        # one process's life (ctxswitch/spawn/process) for every fork on the
        # caller's path (a process per task: every task; the pool: one per
        # worker) over the job's wall time (its tasks over its rate).
        ($spawn | map(select(.segments[2] == "process")) | first.value.median // null) as $life
        | ($results.context.slicebench_tasks_per_job // "" | tonumber? // null) as $tasks
        | [ $process_points[]
            | . + { share: (.fixed_cost_share
                            // (if $life != null and $tasks != null and .rate.median > 0
                                then [1, (if .model == "process" then $tasks else .workers end) * $life / ($tasks / .rate.median * 1e9)] | min
                                else null end)),
                    estimated: (.fixed_cost_share == null) } ] as $procs
        | def share_text: if .share == null then "fixed costs unknown" else "\(.share * 100 | sig3)% fixed costs\(if .estimated then " (estimated)" else "" end)" end;
          # A fixed cost share above this leaves a process point unable to
          # show that processes do not speed up: its forks, not its work,
          # set its rate. A point that passes stands whatever its share.
          0.05 as $small
        | ($gil | map(.speedup | at_most(1.2)) | all_pass) as $gil_status
        | ($gil | max_by(.speedup.median)) as $g
        | ($procs | map(select(.speedup | above(1.2) == "yes"))) as $passed
        | ($procs | map(select(.share != null and .share <= $small))) as $judged
        | ($procs | max_by(.speedup.median)) as $p
        | (if $passed != [] then ($passed | max_by(.speedup.median)) as $b
             | check("yes"; "\($b.model) reached \($b.speedup | ratio_text) (\($b | where))")
           elif $judged != [] then
             ($judged | map(.speedup | above(1.2)) | any_pass) as $s | ($judged | max_by(.speedup.median)) as $b
             | check($s; (if $s == "no" then "no process model with fixed costs of 5% or less passed 1.2x" else "the process models with fixed costs of 5% or less against 1.2x" end)
                         + " (best \($b.speedup | ratio_text), \($b | where), \($b | share_text))")
           elif any($procs[]; .share == null) then
             check("fixed_unknown"; "no process model passed 1.2x (best \($p.speedup | ratio_text), \($p | where)) and their fixed costs were not measured "
                                    + "(no fixed_cost_share; no ctxswitch/spawn/process or tasks per job to estimate them from)")
           else
             check("fixed"; "every process point spent more than 5% of its job on fixed costs (\($procs | map(.share) | "\(min * 100 | sig3)% to \(max * 100 | sig3)%")"
                            + (if all($procs[]; .estimated) then ", estimated from one process's life, \($life | duration), and \($tasks) tasks per job" else "" end)
                            + "); the best, \($p | where), reached \($p.speedup | ratio_text)")
           end) as $process_check
        # The task duration at which each process model breaks even with
        # seq (the granularity family), where it ran: it tells how large a
        # task must be on this machine for forks to pay.
        | [ $results | family("granularity")
            | map(select(.segments[1] == $cpu and (.segments[2] | IN("process", "process_pool")) and .segments[3] == "break_even"))
            | group_by(.segments[2])[]
            | "\(.[0].segments[2]) breaks even with seq at "
              + (if all(.[]; .break_even_us | type == "number" and . > 0 and (isinfinite | not))
                 then "tasks of \(map(.break_even_us * 1000) | median_interval | time_text)"
                 else [.[] | to_entries[] | select((.key | test("above|below")) and (.value | type == "number" and . != 0)) | .key] | unique
                      | if length > 0 then "no task duration measured (\(join(", ")))" else "no task duration measured" end end)
              + " (granularity; the scaling job's tasks are \($results.context.slicebench_task_us // "?") us)" ] as $break_even
        | judge(true;
                [ check($gil_status; if $gil_status == "no" then "the gil model reached \($g.speedup | ratio_text) (\($g | where)): above 1.2, so it did not serialise"
                                     else "the gil model against 1.2x: at most \($g.speedup | ratio_text) (\($g | where))" end),
                  $process_check ];
                [ "gil: at most \($g.speedup | ratio_text) (\($g | where))" ]
                + [ $procs | group_by(.model)[] | max_by(.speedup.median) | "\(.model): up to \(.speedup | ratio_text) (\(where); \(share_text))" ]
                + $break_even;
                "GIL threads stayed at or below \($g.speedup | ratio_text) while \($passed | max_by(.speedup.median) | "\(.model) reached \(.speedup | ratio_text)")")
      end;

  def c5:
    row("C5")
    | spread_points($io_points; ["gil"]) as $gil
    | ($gil | map(.workers) | max) as $w
    | first_reason(
        no_curves("IO"; $io),
        errored("^scaling/\($io)/gil/(?!single/)"; "gil"),
        missing_if($gil | length == 0; "the gil model did not run on \($io)"
             + (spread_points($io_points; ["thread"]) | if length > 0 then max_by(.speedup.median) | "; without a GIL, \(where): \(.speedup | ratio_text)" else "" end)),
        missing_if($w <= $pus; "the gil model ran \($io) with at most \($w) workers, not past the \($pus) PUs")) as $missing
    | if $missing then not_measured($missing)
      # Every count past the PUs is a chance to show that GIL threads
      # overlap their waits: at an efficiency of one half or more (short of
      # the curve's knee) the claim holds, at the largest count where it does.
      else ($gil | map(select(.workers > $pus) | (0.5 * .workers) as $bar | . + {status: (.speedup | at_least($bar))})) as $past
        | ($past | map(.status) | any_pass) as $status
        | ($past | map(select(.status == "yes")) | max_by(.workers)) as $shown
        | ($gil | max_by(.speedup.median)) as $peak
        | judge(true; [check($status; "the gil model at 0.5 x its workers or more, past the \($pus) PUs: "
                                      + ($past | map("\(.placement) \(.workers): \(.speedup | ratio_text)") | join(", ")))];
                [ $past[] | select(.workers == ($shown // $past[0]).workers) | "\($io) \(where): \(.speedup | ratio_text)" ]
                + [ "its peak: \($peak | where), \($peak.speedup | ratio_text)" ]
                + [ spread_points($io_points; ["thread"]) | map(select(.workers == $peak.workers)) | max_by(.speedup.median) // empty
                    | "without a GIL, \($io) \(where): \(.speedup | ratio_text)" ];
                if $shown then "gil/\($shown.placement) reaches \($shown.speedup | ratio_text) with \($shown.workers) workers on \($pus) PUs, at least 0.5 x \($shown.workers) = \(0.5 * $shown.workers | speed)" else "" end)
      end;

  def c6:
    row("C6")
    | ($results | family("waiters")) as $rows
    | def memory: if .rss_bytes_per_waiter then .rss_bytes_per_waiter elif .peak_rss_kb and .concurrency then .peak_rss_kb * 1024 / .concurrency else null end;
      ($rows | map(select(.concurrency != null)) | having_segment("coroutine") | intervals(time_ns)) as $coro
    | ($rows | map(select(.concurrency != null)) | having_segment("^thread") | intervals(time_ns)) as $thread
    | ($coro | max_by(.concurrency)) as $most
    | ([$coro[].concurrency] - ([$coro[].concurrency] - [$thread[].concurrency]) | max) as $common
    # The memory per waiter of a series' repetitions at $common waits, as a
    # figure; null when one of them has no memory counter.
    | def memory_at($set): [$rows[] | select(.short | IN($set[] | select(.concurrency == $common) | .short)) | memory]
                           | if any(. == null) then null else median_interval end;
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
        | (ratio_interval($coro_mem; $thread_mem) | below(1)) as $status
        # Memory, not time: other work on the machine does not change it.
        | judge(false; [check($status; "at \($common) waits a coroutine waiter cost "
                                       + {no: "as much memory as a thread", yes: "less memory than a thread"}[$status] // "against a thread"
                                       + ": \(ratio_interval($coro_mem; $thread_mem) | ratio_text)")];
                [ "coroutines: \($most.concurrency) waits in \($most.value | time_text)",
                  "memory per waiter at \($common): coroutine \($coro_mem | interval_text("\(sig3) B")), thread \($thread_mem | interval_text("\(sig3) B"))" ];
                "coroutines held \($most.concurrency) waits, each lighter than a thread's")
      end;

  def c7:
    row("C7")
    | ($results | family("ctxswitch")) as $ctx
    | ($results | family("overhead") | intervals(time_ns)) as $overhead
    | ($results | family("switch") | map(select(.segments[1] == "create_destroy")) | intervals(time_ns)) as $coro_create
    | def life($rows; $unit): $rows | map(select(.segments | index([$unit]))) | first.value;
      # One life of each unit, from the first source that priced all three
      # without a failed row: ctxswitch/spawn, else overhead and
      # switch/create_destroy; null when neither did.
      [ { source: "ctxswitch/spawn", failed: first_reason(errored("^ctxswitch/spawn/"; "spawn")),
          process: life($spawn; "process"), thread: life($spawn; "thread"), coroutine: life($spawn; "coroutine") },
        { source: "overhead, switch/create_destroy",
          failed: first_reason(errored("^(overhead/(process|thread)|switch/create_destroy)/"; "overhead and create_destroy")),
          process: life($overhead; "process"), thread: life($overhead; "thread"), coroutine: ($coro_create | min_by(.value.median) | .value) } ] as $sources
    | (first($sources[] | select(.failed == null and .process and .thread and .coroutine)) // null) as $life
    | ($results | family("switch") | map(select(.segments[1] == "ping_pong" and .switch_time)) | intervals(counter_ns("switch_time")) | min_by(.value.median)) as $coro_switch
    | ($ctx | map(select(.segments[1] != "spawn")) | intervals(counter_ns("switch_time")) | paired("^thread$"; "^process$")) as $pairs
    | first_reason(
        missing_if($life == null; $sources | map(.failed // empty) | first
                   // "neither ctxswitch/spawn nor the overhead and switch families (create_destroy) priced a process, a thread and a coroutine"),
        errored("^switch/ping_pong/"; "coroutine switch"),
        missing_if($coro_switch == null; "no coroutine switch was timed (switch/ping_pong)"),
        errored("^ctxswitch/(?!spawn/)"; "ctxswitch"),
        missing_if($pairs | length == 0; "no thread and process switches alike in the rest of their name were timed (ctxswitch)")) as $missing
    | if $missing then not_measured($missing)
      else def heavier($a; $b; $what):
             (ratio_interval($a; $b) | above(1)) as $s
             | check($s; "\($what): \(if $s == "no" then "not above" else "against" end) 1x, \(ratio_interval($a; $b) | ratio_text)");
        [ heavier($life.process; $life.thread; "one process's life over one thread's"),
          heavier($life.thread; $life.coroutine; "one thread's life over one coroutine's"),
          ($pairs[] | heavier(.a.value; $coro_switch.value; "\(.key)'s thread switch over the cheapest coroutine switch")),
          ($pairs[] | (ratio_interval(.b.value; .a.value) | at_least(0.9)) as $s
           | check($s; "\(.key): a process switch " + (if $s == "no" then "cost over 10% less than" else "against 0.9 x" end)
                       + " its thread twin, \(ratio_interval(.b.value; .a.value) | ratio_text)")) ] as $checks
        | judge(true; $checks;
                [ "one life (\($life.source)): process \($life.process | time_text), thread \($life.thread | time_text), coroutine \($life.coroutine | time_text)",
                  "coroutine switch: \($coro_switch.value | time_text) (\($coro_switch.segments[2]))" ]
                + [ $pairs[] | "\(.key) switch: thread \(.a.value | time_text), process \(.b.value | time_text); process over thread \(ratio_interval(.b.value; .a.value) | ratio_text)" ];
                "creation is ordered process > thread > coroutine; a coroutine switch is the cheapest, and process switches cost "
                + "\($pairs | map(.b.value.median / .a.value.median) | "\(min | sig3) to \(max | sig3)") x their thread twins")
      end;

  def c8:
    row("C8")
    | ($results | family("ipc") | intervals(time_ns)) as $rows
    | ($rows | paired("^(shared_list|shm)"; "^manager$")) as $pairs
    # The comparisons a failed row would have been in.
    | ([$rows[], ($failed[] | select(.segments[0] == "ipc"))] | paired("^(shared_list|shm)"; "^manager$")
       | [.[] | .a, .b | select(.message)] | unique_by(.short)) as $failed_pairs
    | ($rows | map(select(.segments[1] == "round_trip" and .concurrency != null))) as $trips
    | [ $trips | map(select(.concurrency == ($trips | map(.concurrency) | min)))[]
        | "round trip of \(.concurrency) bytes over \(.segments[2]): \(.value | time_text)" ] as $trip_figures
    | first_reason(
        errored_reason($failed_pairs; "ipc"),
        missing_if($rows | length == 0; "the ipc family is not in the results"),
        missing_if($pairs | length == 0; "the ipc family has no shared-memory and manager rows alike in the rest of their name")) as $missing
    | if $missing then not_measured($missing) | .figures = $trip_figures
      else def shared: .a.segments | map(select(test("^(shared_list|shm)"))) | first;
        judge(true;
              [ $pairs[] | (ratio_interval(.b.value; .a.value) | above(1)) as $s
                | check($s; "\(.key): \(shared) " + (if $s == "no" then "was not faster than" else "against" end)
                            + " the manager, manager over \(shared) \(ratio_interval(.b.value; .a.value) | ratio_text)") ];
              [ $pairs[] | "\(.key): \(shared) \(.a.value | time_text), manager \(.b.value | time_text) (\(ratio_interval(.b.value; .a.value) | ratio_text))" ]
              + $trip_figures;
              "shared memory was faster in all \($pairs | length) comparisons, by \($pairs | map(.b.value.median / .a.value.median) | "\(min | speed) to \(max | speed)")")
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
    | ($results | family("sync") | intervals(counter_ns("op_time"))) as $costs
    | [ $costs | group_by(.segments[1])[] | sort_by(.concurrency)
        | "\(.[0].segments[1]): " + (map("\(.value.median | duration) at \(.concurrency // "?") thread\(if .concurrency == 1 then "" else "s" end)") | join(", ")) ] as $cost_figures
    | ([ "lock", "rlock", "semaphore", "event", "condition" ]
       | map(. as $name | select($costs | all(.segments[1] | contains($name) | not)))) as $unpriced
    # The costs are shown beside the verdict (their medians), not judged:
    # what is missing of them is said, not counted against the claim.
    | ([ errored("^sync/"; "sync"),
         if ($costs | length) == 0 then "the sync family (their costs) is not in the results"
         elif ($unpriced | length) > 0 then "no cost rows for \($unpriced | join(", "))" else empty end ]
       | map("; " + .) | join("")) as $cost_note
    | first_reason($checks[] | .missing // empty) as $missing
    | if $missing then not_measured($missing + $cost_note) | .figures = $cost_figures
      else ([$checks[] | select(.right | not) | .name]) as $wrong
        | judge(false; [check(if $wrong == [] then "yes" else "no" end; "\($wrong | join(", ")) did not keep Python's semantics" + $cost_note)];
                [$checks[] | "\(.name): \(.shown)"] + $cost_figures;
                "every primitive kept Python's semantics in every repetition" + $cost_note)
      end;

  def c10:
    row("C10")
    | ($results | family("overhead") | intervals(time_ns)) as $overhead
    | def cost($model): $overhead | map(select(.segments[1] == $model)) | first.value;
      first_reason(
        errored("^overhead/(pool|thread)/"; "overhead"),
        missing_if(cost("pool") == null or cost("thread") == null; "the overhead family did not price both pool and thread tasks")) as $missing
    | if $missing then not_measured($missing)
      else ratio_interval(cost("pool"); cost("thread")) as $share | ($share | at_most(0.5)) as $status
        | judge(true; [check($status; "a task in the pool cost " + (if $status == "no" then "more than half" else "against half" end)
                                      + " of one with a thread per task: \($share | ratio_text)")];
                [ $overhead[] | "\(.segments[1]): \(.value | time_text) per task" ];
                "a task costs \(cost("pool") | time_text) in the pool, \(cost("thread") | time_text) with a thread per task ("
                + "pool over thread \($share | ratio_text))")
      end;

  [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10]
