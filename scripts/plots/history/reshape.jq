# The history plot's data (scripts/plot runs this): the trend of chosen
# figures over a machine's runs, from its history ($history: the text of
# results/history/<machine>.jsonl, appended by scripts/bench, one JSON object
# per run, which scripts/plot checked with results.jq's history_problem). Each figure's median real time is relative to the first run that
# has it, so figures of different sizes share one axis and 1 means
# unchanged. Nothing to draw without a history, or when no figure matches.
#
#   data data     one block per figure, headed by its name, rows
#                 "run relative-time"
#   vars blocks   how many figures
#        runs     how many runs
#        tic_N    run N's name on the x axis: its date and commit, + when
#                 the tree had uncommitted changes
#        machine  the results folder's name
#
# $SLICEBENCH_HISTORY_FIGURES (a regex over benchmark names) picks the
# figures; by default the per-task cost of each model, the coroutine switch,
# the life of a thread, process and coroutine, and a one-worker job of each
# workload with a thread (the task itself plus one thread's start).
include "gnuplot";

($ENV.SLICEBENCH_HISTORY_FIGURES // "^(overhead/|switch/ping_pong/|ctxswitch/spawn/|scaling/[^/]+/thread/none/workers:1$)") as $figures
| [ $history | splits("\n") | select(test("\\S")) | fromjson ] as $runs
| [ $runs[].real_time_ns | keys[] | select(test($figures)) ] | unique
| map(. as $name
      | [ range(0; $runs | length) | {run: (. + 1), ns: $runs[.].real_time_ns[$name]} | select(.ns != null) ] as $points
      | {title: $name, rows: [$points[] | "\(.run) \(.ns / $points[0].ns)"]})
| if . == [] then null
  else
    { data: {data: data_blocks},
      vars: ({blocks: length, runs: ($runs | length), machine: $folder}
             + ($runs | to_entries | map({"tic_\(.key + 1)": "\(.value.date[5:10]) \(.value.commit[0:7])\(if .value.dirty then "+" else "" end)"}) | add)) }
  end
