#!/usr/bin/env bash
# scripts/plot against hostile and broken input: strings from the results
# (machine name, benchmark names, history) reach gnuplot as text and never as
# code; a reshaper's bad variable name is refused; a plot that fails stops
# no other, and the exit status names it; no half-drawn picture or staging
# folder is left behind, even when the run is interrupted. And the scaling
# family's two figures: the models figure (a panel per workload, a knee
# where the analysis puts one, a fit where it was not refused) and the
# placement figure (a panel per model of each reference workload).
# tests/analysis/test_plots.py tests the quoting and each reshaper alone.
#
#   plot_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"
python() { PYTHONPATH=$root/scripts /usr/bin/python3 "$@"; }

# A gnuplot command, quoted or not, and the characters that end or escape a
# quoted string.
hostile="x'; system('touch PWNED'); y=' \`touch PWNED\` @machine \\ \" "$'\n'"next line"
export hostile

# cut RESULTS.json OUT.json PYTHON: the results with their benchmarks kept
# where the expression `keep(row)` holds, after `change(document)` (both
# defined by PYTHON; change may be left out).
cut() {
    python - "$@" <<'EOF'
import json, os, sys
hostile = os.environ["hostile"]
source, target, program = sys.argv[1:]
scope = {"hostile": hostile, "change": lambda document: None}
exec(program, scope)
document = json.load(open(source))
document["benchmarks"] = [row for row in document["benchmarks"] if scope["keep"](row)]
scope["change"](document)
json.dump(document, open(target, "w"))
EOF
}

# ---- hostile results ----------------------------------------------------------
# The committed results cut to a few families, with the machine, the topology,
# the second segment of every benchmark's name and the history's dates and
# commits all replaced by the hostile string.
committed=("$root"/results/*/bench.json)
results=$work/results/m
mkdir -p "$results" "$work/results/history"
cut "${committed[0]}" "$results/bench.json" '
import re
def keep(row):
    return re.match("(ctxswitch|sync|waiters|timeslice|ipc)/", row["name"])
def hostile_second(name):
    parts = name.split("/")
    return "/".join([parts[0], hostile, *parts[2:]])
def change(document):
    document["context"]["slicebench_machine"] = document["context"]["slicebench_topology"] = hostile
    for row in document["benchmarks"]:
        row["name"], row["run_name"] = hostile_second(row["name"]), hostile_second(row["run_name"])'
"$root/scripts/record_history" "${committed[0]}" "$work/results/history/m.jsonl" full >/dev/null
python - "$work/results/history/m.jsonl" <<'EOF' >>"$work/results/history/m.jsonl"
import json, os, sys
hostile = os.environ["hostile"]
run = json.loads(open(sys.argv[1]).readline())
run.update(date=hostile, commit=hostile, real_time_ns={hostile + name: ns for name, ns in run["real_time_ns"].items()})
print(json.dumps(run))
EOF
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
results=$work/scaling/m
mkdir -p "$results"
cut "${committed[0]}" "$results/bench.json" 'keep = lambda row: row["run_name"].startswith("scaling/")'
well_formed() { /usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1"; }
expect "the models and placement figures are drawn" "$root/scripts/plot" "$results" scaling placement
for plot in scaling placement; do
    expect "$plot.png is drawn" test -s "$results/plots/$plot.png"
    expect "$plot.svg is well-formed" well_formed "$results/plots/$plot.svg"
done
# spec PLOT EXPRESSION: the expression holds of the plot's reshaped
# analysis: s (its spec), a (the analysis), blocks(text) (a data file's
# blocks, each a list of lines) and knee(curve) (its knee_workers).
spec() {
    python - "$1" "$results/analysis.json" "$2" <<'EOF'
import json, sys
from analysis.plot import reshaper
name, path, expression = sys.argv[1:]
a = json.load(open(path))
s = reshaper(name)(a, None)
def blocks(text):
    return [block.split("\n") for block in text.split("\n\n\n") if block]
def knee(curve):
    return (curve["knee"] or {}).get("knee_workers") or 0
sys.exit(0 if eval(f"({expression})") else 1)
EOF
}
expect "the models figure has a panel per workload and one key for all" spec scaling '
    s["vars"]["panels"] == 8 and len(s["vars"]["models"].split()) == 6 and "title_9" not in s["vars"]'
expect "its panels are placement none alone, a block per model" spec scaling '
    all(len(blocks(text)) == 6 for name, text in s["data"].items() if name.startswith("panel_"))'
expect "IO-bound panels are log-log, CPU-bound ones linear" spec scaling '
    s["vars"]["title_1"] == "cpu_int (CPU-bound work)" and s["vars"]["log_1"] == 0
    and s["vars"]["title_2"] == "timer (IO-bound work)" and s["vars"]["log_2"] == 1'
expect "each curve with a knee is marked at its worker count, and no other" spec scaling '
    sorted(line.split()[0] for name, text in s["data"].items() if name.startswith("knee_")
           for block in blocks(text) for line in block[1:2] if line != "NaN NaN")
    == sorted(str(knee(c)) for c in a["scaling"] if c["placement"] == "none" and knee(c) > 0)'
expect "a fit is drawn where it was not refused, and only there" spec scaling '
    sum(len(block) > 2 for name, text in s["data"].items() if name.startswith("fit_") for block in blocks(text))
    == sum(c["placement"] == "none" and c["fit"] is not None and c["fit"]["refused"] is None for c in a["scaling"])'
expect "the placement figure: a row per reference workload, a panel per model, a line per placement" spec placement '
    s["vars"]["rows"] == 2 and s["vars"]["columns"] == 6 and s["vars"]["placements"] == "none compact scatter single"
    and s["vars"]["title_1"] == "thread: cpu_int (CPU-bound)" and s["vars"]["title_7"] == "thread: timer (IO-bound)"
    and s["vars"]["places_1"] == "none compact scatter single" and "fit_1" not in s["data"]'
cut "$results/bench.json" "$results/bench.json" '
import re
keep = lambda row: re.match("scaling/[^/]+/[^/]+/none/", row["run_name"])'
"$root/scripts/analyse" "$results" >/dev/null
expect "without pinned runs there is no placement figure" spec placement 's is None'

# ---- a bad reshaper and a broken plot ------------------------------------------
# A copy of the scripts (and of the models' colours) with three more plots,
# drawn from an analysis written by the scripts themselves, sorted first: one whose reshaper names a variable "bad name", one whose
# gnuplot script fails after opening its output, one whose reshaper fails.
cp -r "$root/scripts" "$work/scripts"
mkdir -p "$work/core/models"
cp "$root/core/models/models.def" "$work/core/models/"
plots=$work/scripts/plots
mkdir "$plots/a_bad_name" "$plots/a_broken" "$plots/a_failing_reshape"
printf '%s\n' 'def reshape(analysis, history):' '    return {"vars": {"bad name": 1}}' >"$plots/a_bad_name/reshape.py"
printf '%s\n' 'def reshape(analysis, history):' '    return {"data": {}, "vars": {}}' >"$plots/a_broken/reshape.py"
printf '%s\n' 'def reshape(analysis, history):' '    raise ValueError("this reshaper fails")' >"$plots/a_failing_reshape/reshape.py"
for plot in a_bad_name a_broken a_failing_reshape; do
    printf '%s\n' 'set terminal pngcairo' 'set output out.".".format' 'plot no_such_function(x)' >"$plots/$plot/plot.gp"
done
results=$work/broken/m
mkdir -p "$results/plots"
cut "${committed[0]}" "$results/bench.json" '
import re
keep = lambda row: re.match("(ctxswitch|waiters)/", row["name"])'
"$root/scripts/analyse" "$results" >/dev/null
echo "an earlier picture" >"$results/plots/a_broken.png"
expect_failure "plot: failed to draw: a_bad_name a_broken a_failing_reshape" "$work/scripts/plot" "$results"
cp "$work/out" "$work/broken.log"
expect "the bad name is refused, named" grep -qF '"bad name" is not a gnuplot variable name' "$work/broken.log"
expect "the failing reshaper says why, in one line" grep -qx "plot: plots/a_failing_reshape/reshape.py failed: ValueError: this reshaper fails (reshape.py line 2)" "$work/broken.log"
expect "the plots after them were drawn" test -s "$results/plots/ctxswitch.png" -a -s "$results/plots/waiters.svg"
expect "the broken plot's earlier picture is left as it was" grep -qx "an earlier picture" "$results/plots/a_broken.png"
expect "no staging folder is left" test -z "$(find "$results/plots" -name '.plot.*')"
expect "no empty picture is left" test -z "$(find "$results/plots" -empty)"
expect_failure "plot: no plot named 'no_such' (scripts/plots/no_such/reshape.py)" "$root/scripts/plot" "$results" no_such
cp "$results/analysis.json" "$work/analysis.json"
expect_failure "plot: $results/analysis.json is not slicebench-analysis/1" \
    sh -c 'echo "{}" >"$1/analysis.json" && "$2/scripts/plot" "$1"' - "$results" "$root"
cp "$work/analysis.json" "$results/analysis.json"

# ---- interrupted ----------------------------------------------------------------
rm -rf "$plots"/a_*
"$work/scripts/plot" "$results" >/dev/null 2>&1 &
plotting=$!
# Stopped while it draws: once its staging folder is there, however long
# a loaded machine takes to start it (60 s at most, lest a broken plot
# hang the test).
staging() { [ -n "$(find "$results/plots" -name '.plot.*')" ]; }
for _ in $(seq 3000); do
    staging && break
    sleep 0.02
done
expect "a run begins to draw" staging
kill -TERM "$plotting"
wait "$plotting"
expect "an interrupted run says so in its status" test $? -eq 130
expect "an interrupted run leaves no staging folder" test -z "$(find "$results/plots" -name '.plot.*')"
expect "nor an empty picture" test -z "$(find "$results/plots" -empty)"

expect_done plot
