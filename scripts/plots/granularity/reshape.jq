# The granularity plot's data (scripts/plot runs this): speedup over seq
# against task duration, a panel per workload, a curve per model; nothing
# when the family did not run.
#
#   data panel_P  panel P's curves: a block per model (model_1 first), headed
#                 by its name, rows "seconds median min max": the task
#                 duration, and the speedup's median, minimum and maximum
#                 over the repetitions; a model without this workload's
#                 curve has the one row "NaN NaN NaN NaN"
#        marks_P  panel P's break-evens, a block per model in the same
#                 order: the row "seconds 1" where its curve crosses 1
#                 inside the range measured, "NaN NaN" otherwise
#   vars panels   how many panels (workloads)
#        title_P  panel P's title
#        note_P_M what panel P's break_even row says of model M, for people
#        models   how many models; model_M their names, for their colours
#        workers  the models' workers (the machine's PUs)
#        shortest_s, longest_s  the range of task durations, in seconds
include "results";
include "gnuplot";

def part($i): .run_name | split("/")[$i];

def curve_rows: iterations[] | select(.run_name | test("^granularity/[^/]+/[^/]+/task_us:[0-9]+/real_time$"));
def break_even_rows: iterations[] | select(.run_name | test("^granularity/[^/]+/[^/]+/break_even/"));

# A duration given in microseconds, for people.
def us_text: . * 1000 | duration;

. as $results
| [ $results | curve_rows | select(has("speedup")) ] as $curves
| [ $results | break_even_rows ] as $break_evens
| if $curves == [] then null
  else
    ($curves | map(part(1)) | unique_in_order) as $workloads
    | ($curves | map(part(2)) | unique_in_order) as $models
    | [ $results | curve_rows | .task_us ] as $durations
    | ($durations | min | us_text) as $shortest
    | ($durations | max | us_text) as $longest
    | [ $workloads[] as $w
        | { workload: $w,
            curves: [ $models[] as $m
                      | [ $curves[] | select(part(1) == $w and part(2) == $m) ] as $rows
                      | { title: $m,
                          rows: (if $rows == [] then ["NaN NaN NaN NaN"]
                                 else [ $rows | group_by(.task_us)[]
                                        | "\(.[0].task_us / 1e6) \(map(.speedup) | spread)" ] end) } ],
            # Every repetition of a break_even row reads the same speedups:
            # the last one stands for them all.
            marks: [ $models[] as $m
                     | ([ $break_evens[] | select(part(1) == $w and part(2) == $m) ] | last) as $row
                     | { title: $m,
                         row: (if $row.break_even_us != null then "\($row.break_even_us / 1e6) 1" else "NaN NaN" end),
                         note: (if $row == null then "\($m): not measured"
                                elif $row.break_even_us != null then "\($m): \($row.break_even_us | us_text)"
                                elif $row.below_range == 1 then "\($m): below \($shortest)"
                                elif $row.above_range == 1 then "\($m): above \($longest)"
                                else "\($m): not measured" end) } ] } ] as $panels
    | { data: ([ $panels | to_entries[]
                 | { "panel_\(.key + 1)": (.value.curves | data_blocks),
                     "marks_\(.key + 1)": (.value.marks | map({title, rows: [.row]}) | data_blocks) } ] | add),
        vars: ({ panels: ($panels | length),
                 models: ($models | length),
                 workers: ([ $curves[] | .workers ] | max),
                 shortest_s: ($durations | min / 1e6),
                 longest_s: ($durations | max / 1e6) }
               + ([ $models | to_entries[] | { "model_\(.key + 1)": .value } ] | add)
               + ([ $panels | to_entries[] | (.key + 1) as $p
                    | { "title_\($p)": (.value.workload
                                        | if . == "cpu_int" then "CPU-bound tasks (cpu_int)"
                                          elif . == "timer" then "IO-bound tasks (timer)"
                                          else . end) },
                      (.value.marks | to_entries[] | { "note_\($p)_\(.key + 1)": .value.note }) ] | add)) }
  end
