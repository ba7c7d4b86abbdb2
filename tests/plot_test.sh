#!/usr/bin/env bash
# scripts/plot against hostile and broken input: strings from the results
# (machine name, benchmark names, history) reach gnuplot as text and never as
# code; a reshaper's bad variable name is refused; a plot that fails stops
# no other, and the exit status names it; no half-drawn picture or staging
# folder is left behind, even when the run is interrupted.
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
