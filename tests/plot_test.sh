#!/usr/bin/env bash
# scripts/plot against hostile and broken input: strings from the results
# (machine name, benchmark names, history) reach gnuplot as text and never as
# code; a reshaper's bad variable name is refused; a plot that fails stops
# no other, and the exit status names it; no half-drawn picture or staging
# folder is left behind, even when the run is interrupted. And the scaling
# family's two figures: the models figure (a panel per workload, a knee
# where a knee row puts one, a fit where it was not refused) and the
# placement figure (a panel per model of each reference workload).
#
#   plot_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

# A gnuplot command, quoted or not, and the characters that end or escape a
# quoted string.
hostile="x'; system('touch PWNED'); y=' \`touch PWNED\` @machine \\ \" "$'\n'"next line"

# ---- quoting ----------------------------------------------------------------
literal=$(jq -rn -L "$root/scripts" --arg s "$hostile" 'include "gnuplot"; $s | gnuplot_literal')
expect "a string becomes one single-quoted literal, its quotes doubled, its newline a space" \
    test "$literal" = "'x''; system(''touch PWNED''); y='' \`touch PWNED\` @machine \\ \"  next line'"
printed=$(cd "$work" && gnuplot -e "s = $literal; print s" 2>&1)
expect "gnuplot reads it back as the same text" test "$printed" = "${hostile//$'\n'/ }"
expect "a number stays a number" test "$(jq -rn -L "$root/scripts" 'include "gnuplot"; 1.5e-07 | gnuplot_literal')" = 1.5e-07

# ---- hostile results ----------------------------------------------------------
# The committed results cut to a few families, with the machine, the topology,
# the second segment of every benchmark's name and the history's dates and
# commits all replaced by the hostile string.
committed=("$root"/results/*/bench.json)
results=$work/results/m
mkdir -p "$results" "$work/results/history"
jq --arg s "$hostile" '
    .context.slicebench_machine = $s | .context.slicebench_topology = $s
    | .benchmarks |= map(select(.name | test("^(ctxswitch|sync|waiters|timeslice|ipc)/"))
                         | .name |= (split("/") | .[1] = $s | join("/")) | .run_name |= (split("/") | .[1] = $s | join("/")))' \
    "${committed[0]}" >"$results/bench.json"
"$root/scripts/record_history" "${committed[0]}" "$work/results/history/m.jsonl" full >/dev/null
jq -c --arg s "$hostile" '.date = $s | .commit = $s | .real_time_ns |= with_entries(.key = $s + .key)' \
    "$work/results/history/m.jsonl" >"$work/hostile_run.jsonl"
cat "$work/hostile_run.jsonl" >>"$work/results/history/m.jsonl"
export SLICEBENCH_HISTORY_FIGURES=.
(cd "$work" && "$root/scripts/plot" "$results") >"$work/hostile.log" 2>&1
expect "no string from the results ran as a command" \
    test -z "$(find "$work" -name PWNED; find "$root" -maxdepth 1 -name PWNED)"
expect "the plots that failed left no staging folder or empty picture" \
    test -z "$(find "$results/plots" -name '.plot.*' -o -empty)"
expect "the machine's name is drawn whole, as text" grep -qF "${hostile//$'\n'/ }: " "$results/plots/waiters.svg"
expect "the history is drawn, a run named by the hostile commit's first 7 characters" \
    grep -qF "x'; sys" "$results/plots/history.svg"
unset SLICEBENCH_HISTORY_FIGURES

# ---- the scaling family's two figures -------------------------------------------
# The committed scaling rows, with one knee row (the family writes one per
# repetition after each curve) on timer/thread/none: its knee at 2 workers.
results=$work/scaling/m
mkdir -p "$results"
jq '.benchmarks |= (map(select(.run_name | startswith("scaling/")))
                    | . + [.[] | select(.run_name == "scaling/timer/thread/none/workers:1/real_time")
                           | {name: "scaling/timer/thread/none/knee/iterations:1/real_time", run_type, repetitions,
                              repetition_index, iterations: 1, real_time, cpu_time, time_unit,
                              knee_workers: 2, peak_speedup: 3, peak_workers: 4}]
                    | map(.run_name //= .name))' "${committed[0]}" >"$results/bench.json"
well_formed() { /usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1"; }
expect "the models and placement figures are drawn" "$root/scripts/plot" "$results" scaling placement
for plot in scaling placement; do
    expect "$plot.png is drawn" test -s "$results/plots/$plot.png"
    expect "$plot.svg is well-formed" well_formed "$results/plots/$plot.svg"
done
"$root/scripts/fit_scaling" "$results/bench.json" >"$work/fits.json"
reshape() { jq -L "$root/scripts" -f "$root/scripts/plots/$1/reshape.jq" --slurpfile fits "$work/fits.json" \
                --arg folder m --rawfile history /dev/null --arg history_file "" "$results/bench.json"; }
reshape scaling >"$work/scaling.json"
expect "the models figure has a panel per workload and one key for all" jq -e '
    .vars.panels == 8 and (.vars.models | split(" ") | length) == 6 and (.vars | has("title_9") | not)' "$work/scaling.json"
expect "its panels are placement none alone, a block per model" jq -e '
    [.data | to_entries[] | select(.key | startswith("panel_")) | .value | [splits("\n\n\n")] | map(select(. != "")) | length]
    | all(. == 6)' "$work/scaling.json"
expect "IO-bound panels are log-log, CPU-bound ones linear" jq -e '
    .vars.title_1 == "cpu_int (CPU-bound work)" and .vars.log_1 == 0 and .vars.title_2 == "timer (IO-bound work)" and .vars.log_2 == 1' \
    "$work/scaling.json"
expect "a knee row marks its curve at its worker count, and no other" jq -e '
    (.vars.models_2 | split(" ") | index("thread")) as $block
    | (.data.knee_2 | [splits("\n\n\n")][$block] | split("\n")[1] | split(" ")[0]) == "2"
    and ([.data | to_entries[] | select(.key | startswith("knee_")) | .value | scan("\n[0-9][^\n]*")] | length) == 1' \
    "$work/scaling.json"
expect "a fit is drawn where it was not refused, and only there" jq -e --slurpfile fits "$work/fits.json" '
    ($fits[0] | map(select(.placement == "none" and .refused == null)) | length) as $kept
    | [.data | to_entries[] | select(.key | startswith("fit_")) | .value | [splits("\n\n\n")][] | select(test("\n1 NaN$") | not) | select(. != "")]
    | length == $kept' "$work/scaling.json"
reshape placement >"$work/placement.json"
expect "the placement figure: a row per reference workload, a panel per model, a line per placement" jq -e '
    .vars.rows == 2 and .vars.columns == 6 and .vars.placements == "none compact scatter single"
    and .vars.title_1 == "thread: cpu_int (CPU-bound)" and .vars.title_7 == "thread: timer (IO-bound)"
    and .vars.places_1 == "none compact scatter single" and (.data | has("fit_1") | not)' "$work/placement.json"
jq '.benchmarks |= map(select(.run_name | test("^scaling/[^/]+/[^/]+/none/")))' "$results/bench.json" >"$work/unpinned.json"
cp "$work/unpinned.json" "$results/bench.json"
expect "without pinned runs there is no placement figure" test "$(reshape placement)" = null

# ---- a bad reshaper and a broken plot ------------------------------------------
# A copy of the scripts with three more plots, sorted first: one whose
# reshaper names a variable "bad name", one whose gnuplot script fails after
# opening its output, one whose reshaper fails.
cp -r "$root/scripts" "$work/scripts"
plots=$work/scripts/plots
mkdir "$plots/a_bad_name" "$plots/a_broken" "$plots/a_failing_reshape"
echo '{vars: {"bad name": 1}}' >"$plots/a_bad_name/reshape.jq"
echo '{data: {}, vars: {}}' >"$plots/a_broken/reshape.jq"
echo 'error("this reshaper fails")' >"$plots/a_failing_reshape/reshape.jq"
for plot in a_bad_name a_broken a_failing_reshape; do
    printf '%s\n' 'set terminal pngcairo' 'set output out.".".format' 'plot no_such_function(x)' >"$plots/$plot/plot.gp"
done
results=$work/broken/m
mkdir -p "$results/plots"
jq '.benchmarks |= map(select(.name | test("^(ctxswitch|waiters)/")))' "${committed[0]}" >"$results/bench.json"
echo "an earlier picture" >"$results/plots/a_broken.png"
expect_failure "plot: failed to draw: a_bad_name a_broken a_failing_reshape" "$work/scripts/plot" "$results"
cp "$work/out" "$work/broken.log"
expect "the bad name is refused, named" grep -qF '"bad name" is not a gnuplot variable name' "$work/broken.log"
expect "the failing reshaper says why" grep -qF "this reshaper fails" "$work/broken.log"
expect "the plots after them were drawn" test -s "$results/plots/ctxswitch.png" -a -s "$results/plots/waiters.svg"
expect "the broken plot's earlier picture is left as it was" grep -qx "an earlier picture" "$results/plots/a_broken.png"
expect "no staging folder is left" test -z "$(find "$results/plots" -name '.plot.*')"
expect "no empty picture is left" test -z "$(find "$results/plots" -empty)"

# ---- interrupted ----------------------------------------------------------------
rm -rf "$plots"/a_*
"$work/scripts/plot" "$results" >/dev/null 2>&1 &
sleep 0.5
kill -TERM $!
wait $!
expect "an interrupted run leaves no staging folder" test -z "$(find "$results/plots" -name '.plot.*')"
expect "nor an empty picture" test -z "$(find "$results/plots" -empty)"

expect_done plot
