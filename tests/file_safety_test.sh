#!/usr/bin/env bash
# The scripts against a results folder that lies about its files: symbolic
# links planted where they write (the final name, or the temporary name an
# older script used, NAME.partial), links and a FIFO where they read, and
# plots that hold a script. No file outside the results is written or read
# into a page: each such file is refused with one line naming it, and the
# report shows an SVG only as an <img>, where a browser runs none of its
# scripts.
#
#   file_safety_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

committed=$root/results/epyc-2pu-vm/bench.json
link_refused="it is a symbolic link, which the scripts never follow"
victim=$work/victim
echo "precious" >"$victim"
unharmed() { test "$(cat "$victim")" = precious; }

machine() { # machine FOLDER: a small machine made on this host, so that the report draws its picture
    mkdir -p "$1"
    jq --arg host "$(hostname)" '.context.host_name = $host
        | .benchmarks |= map(select(.name | test("^(overhead/|scaling/cpu_int/(seq|thread)/none/workers:[12]/)")))' \
        "$committed" >"$1/bench.json"
}

# Writing: a link planted under the temporary name of the old scripts.
machine "$work/partial/evil"
ln -s "$victim" "$work/partial/evil/topology.svg.partial"
"$root/scripts/report_machines" "$work/partial" >/dev/null 2>&1
expect "report_machines writes no picture through topology.svg.partial" unharmed
ln -s "$victim" "$work/drawn.svg.partial"
"$root/scripts/topology_svg" "$work/drawn.svg" >/dev/null 2>&1
expect "nor does topology_svg" unharmed

# Writing: a link under the final name.
ln -s "$victim" "$work/linked.svg"
expect_failure "topology_svg: cannot write $work/linked.svg: $link_refused" "$root/scripts/topology_svg" "$work/linked.svg"
expect "and the link's target is as it was" unharmed
machine "$work/final/m"
"$root/scripts/analyse" "$work/final/m" >/dev/null
mv "$work/final/m/analysis.json" "$work/analysis.json"
ln -s "$work/analysis.json" "$work/final/m/analysis.json"
touch -d '1 minute ago' "$work/final/m/bench.json"
cp "$work/analysis.json" "$work/analysis.kept"
expect_failure "analyse: cannot write $work/final/m/analysis.json: $link_refused" "$root/scripts/analyse" "$work/final/m"
expect "analysis.json's target is as it was" cmp "$work/analysis.json" "$work/analysis.kept"
mv "$work/analysis.json" "$work/final/m/analysis.json"
mkdir -p "$work/final/m/plots"
ln -s "$victim" "$work/final/m/plots/scaling.svg"
expect_failure "plot: cannot write $work/final/m/plots/scaling.svg: $link_refused" "$root/scripts/plot" "$work/final/m" scaling
expect "a plot is not written through a link" unharmed
expect "nor its PNG, drawn but refused with it" test ! -e "$work/final/m/plots/scaling.png"
mkdir "$work/elsewhere"
rm -r "$work/final/m/plots"
ln -s "$work/elsewhere" "$work/final/m/plots"
expect_failure "plot: cannot use the folder $work/final/m/plots: $link_refused" "$root/scripts/plot" "$work/final/m" scaling
expect "no plot is drawn into a linked plots folder" test -z "$(ls -A "$work/elsewhere")"
: >"$work/empty_victim"
ln -s "$work/empty_victim" "$work/history.jsonl"
expect_failure "record_history: $work/history.jsonl is not a slicebench history (one JSON object per line, each with real_time_ns): cannot be read ($link_refused)" \
    "$root/scripts/record_history" "$committed" "$work/history.jsonl" full
expect "no run is appended through a link" test ! -s "$work/empty_victim"

# Writing: the report's own folders as links.
machine "$work/folders/alpha"
mkdir -p "$work/folders/report"
ln -s "$work/elsewhere" "$work/folders/report/alpha"
expect_failure "report_machines: alpha: cannot use the folder $work/folders/report/alpha: $link_refused" \
    "$root/scripts/report_machines" "$work/folders"
expect "no page is written into a linked machine folder" test -z "$(ls -A "$work/elsewhere")"
rm -r "$work/folders/report"
ln -s "$work/elsewhere" "$work/folders/report"
expect_failure "report_machines: cannot use the folder $work/folders/report: $link_refused" \
    "$root/scripts/report_machines" "$work/folders"
expect "no page is written into a linked report folder" test -z "$(ls -A "$work/elsewhere")"
rm "$work/folders/report"
mkdir -p "$work/folders/report"
ln -s "$victim" "$work/folders/report/index.html"
expect_failure "report_machines: $work/folders/report/index.html: $link_refused" "$root/scripts/report_machines" "$work/folders"
expect "the machines page is not written through a link" unharmed
rm "$work/folders/report/index.html"
ln -s "$work/folders/alpha" "$work/folders/beta"
expect_failure "report_machines: beta: cannot use the folder $work/folders/beta: $link_refused" \
    "$root/scripts/report_machines" "$work/folders"
rm "$work/folders/beta"

# scripts/bench, from a copy of the scripts (it writes under its own
# results/), its program a stand-in that fails at once.
mkdir -p "$work/copy/bench" "$work/copy/results/m"
cp -r "$root/scripts" "$work/copy/"
printf '#!/bin/sh\nexit 3\n' >"$work/copy/bench/slicebench"
chmod +x "$work/copy/bench/slicebench"
bench() { SLICEBENCH_MACHINE=m SLICEBENCH_BUILD=$work/copy "$work/copy/scripts/bench" smoke; }
ln -s "$victim" "$work/copy/results/m/topology.txt.partial"
bench >/dev/null 2>&1
expect "bench writes no topology through topology.txt.partial" unharmed
rm -f "$work/copy/results/m/topology.txt"
ln -s "$victim" "$work/copy/results/m/topology.txt"
expect_failure "bench: cannot write $work/copy/results/m/topology.txt: $link_refused" bench
expect "nor through topology.txt" unharmed
rm -r "$work/copy/results/m"
ln -s "$work/elsewhere" "$work/copy/results/m"
expect_failure "bench: cannot use the folder $work/copy/results/m: $link_refused" bench
expect "nor into a linked results folder" test -z "$(ls -A "$work/elsewhere")"

# Reading: a link or a FIFO where the report reads a text.
echo "SECRET-TEXT" >"$work/secret"
machine "$work/read/evil"
ln -s "$work/secret" "$work/read/evil/topology.txt"
expect_failure "report_machines: evil: $work/read/evil/topology.txt will not be read: $link_refused" \
    "$root/scripts/report_machines" "$work/read"
expect "the link's target is in no page" bash -c "! grep -rqF SECRET-TEXT '$work/read/report'"
rm "$work/read/evil/topology.txt"
mkfifo "$work/read/evil/topology.txt"
expect_failure "report_machines: evil: $work/read/evil/topology.txt will not be read: it is not a regular file" \
    timeout 60 "$root/scripts/report_machines" "$work/read"
rm "$work/read/evil/topology.txt" "$work/read/evil/bench.json"
ln -s "$work/secret" "$work/read/evil/bench.json"
expect_failure "report_machines: evil: $work/read/evil/bench.json is not a Google Benchmark JSON report: cannot be read ($link_refused)" \
    "$root/scripts/report_machines" "$work/read"

# An SVG that holds a script is shown as an <img> alone: never linked,
# embedded or copied into a page. A link goes to the PNG drawn beside it.
machine "$work/svg/m"
mkdir -p "$work/svg/m/plots"
for name in scaling evil; do
    echo '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script></svg>' \
        >"$work/svg/m/plots/$name.svg"
done
cp "$work/svg/m/plots/scaling.svg" "$work/svg/m/topology.svg"
printf '\x89PNG\r\n' >"$work/svg/m/plots/scaling.png"
expect "the report on a machine with scripted SVGs is made" "$root/scripts/report_machines" "$work/svg"
for page in "$work/svg/report/index.html" "$work/svg/report/m/index.html"; do
    expect "$page links no SVG" bash -c "! grep -qiE 'href=\"[^\"]*\\.svg' '$page'"
    expect "and puts none in an object, iframe or embed" bash -c "! grep -qiE '<(object|iframe|embed)' '$page'"
    expect "and copies none into itself" bash -c "! grep -qF 'alert(' '$page'"
    expect "and shows every SVG as an <img>" \
        test "$(grep -oE '[a-z]+="[^"]*\.svg"' "$page" | grep -cv '^src=')" -eq 0
done
expect "the plots are shown" test "$(grep -oE '<img src="[^"]*/plots/(scaling|evil)\.svg"' "$work/svg/report/m/index.html" | wc -l)" -eq 2
expect "a plot links its PNG" grep -qF '<figcaption><a href="../../m/plots/scaling.png">scaling</a></figcaption>' "$work/svg/report/m/index.html"
expect "the machines page links the scaling plot's PNG" grep -qF '<a href="../m/plots/scaling.png"><img src="../m/plots/scaling.svg"' "$work/svg/report/index.html"

expect "no temporary file is left" test -z "$(find "$work" \( -name '.*' -o -name '*.partial' \) -type f)"
expect_done file_safety
