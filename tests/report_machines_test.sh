#!/usr/bin/env bash
# The machines page (scripts/report_machines) on a results folder made
# here: two small machines, one whose name needs escaping, a machine whose
# bench.json is broken, and the folders that are not machines (history,
# report, gate). Each good machine gets its own report and a column with
# its topology, scaling plot, claims and headline figures; the broken one a
# note; the names are escaped; no temporary file is left.
#
#   report_machines_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

results=$work/results
odd="o<b>&'d"
machine() { # machine NAME: a small machine folder, its scaling plot a placeholder
    mkdir -p "$results/$1/plots"
    jq --arg name "$1" '.context.slicebench_machine = $name
        | .benchmarks |= map(select(.name | test("^(overhead/|switch/ping_pong/|scaling/cpu_int/(seq|thread)/none/workers:[12]/)")))' \
        "$root/results/epyc-2pu-vm/bench.json" >"$results/$1/bench.json"
    cp "$root/results/epyc-2pu-vm/topology.txt" "$root/results/epyc-2pu-vm/topology.svg" "$results/$1/"
    echo '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' >"$results/$1/plots/scaling.svg"
}
machine alpha
machine "$odd"
mkdir -p "$results/broken" "$results/gate" "$results/history" "$results/not_a_machine"
cp "$root/tests/corpus/common/truncated.json" "$results/broken/bench.json"
cp "$results/alpha/bench.json" "$results/gate/bench.json"
"$root/scripts/record_history" "$results/alpha/bench.json" "$results/history/alpha.jsonl" full >/dev/null
page=$results/report/index.html

expect_failure "report_machines: broken: $results/broken/bench.json is not a Google Benchmark JSON report" \
    "$root/scripts/report_machines" "$results"
expect "the page is written all the same" grep -q '</html>' "$page"
expect "the broken machine has its note" \
    grep -qF '<li class="unreadable"><b>broken</b>: '"$results"'/broken/bench.json is not a Google Benchmark JSON report' "$page"
expect "each good machine has its own report" test -s "$results/report/alpha/index.html" -a -s "$results/report/$odd/index.html"
expect "and its history page where it has a history" test -s "$results/report/alpha/history.html" -a ! -e "$results/report/$odd/history.html"
expect "the page links them" grep -qF '<a href="alpha/index.html">alpha</a><br><a href="alpha/history.html">' "$page"
expect "an odd name is escaped in the text and the link" \
    grep -qF '<a href="o%3Cb%3E%26%27d/index.html">o&lt;b&gt;&amp;&#39;d</a>' "$page"
expect "no raw markup from a name" bash -c "! grep -qF '<b>&' '$page'"
only_machines() { # the page and the report folder hold the two good machines alone
    ! grep -qE 'href="(gate|history|report|not_a_machine)/' "$page" &&
        test "$(ls "$results/report" | sort | tr '\n' ' ')" = "alpha index.html $odd "
}
expect "history, report and gate are not machines, nor a folder without bench.json" only_machines
expect "both machines' topology and scaling plot are shown" \
    test "$(grep -oE '<img src="\.\./(alpha|o%3Cb%3E%26%27d)/(topology|plots/scaling)\.svg"' "$page" | wc -l)" -eq 4
expect "with lstopo's text" test "$(grep -c '<summary>as text</summary>' "$page")" -eq 2
for claim in $(jq -r '.[].id' "$root/docs/claims.json"); do
    expect "claim $claim has a verdict per machine" \
        grep -qE "<tr><th>$claim</th>(<td class=\"verdict (holds|does-not-hold|inconclusive|not-measured)\">[a-z ]+</td>){2}</tr>" "$page"
done
expect "the headline figures of each family are there, per machine" bash -c "
    grep -qE '<tr><th>asm: one coroutine switch</th>(<td class=\"number\">[0-9.]+ ns</td>){2}</tr>' '$page' &&
    grep -qE '<tr><th>cpu_int: best speedup over seq</th>(<td class=\"number\">[0-9.]+x \(thread/none, [12] workers?\)</td>){2}</tr>' '$page' &&
    grep -qE '<tr><th>pool: cost per task</th>' '$page'"
expect "no temporary file is left" test -z "$(find "$results/report" -name '.*')"

rm -r "$results/broken"
expect "without the broken machine, the page is made and the exit status is 0" "$root/scripts/report_machines" "$results"
expect "and it has no note" bash -c "! grep -q unreadable '$page'"
mkdir -p "$work/nothing/history"
expect_failure "report_machines: no results under $work/nothing" "$root/scripts/report_machines" "$work/nothing"
expect "and writes no page" test ! -e "$work/nothing/report"

# Names that are paths or text of their own: a machine named index.html, the
# page's name, is listed apart and the page is still where it belongs; a
# name that ends in a line break is a machine like any other; a failing
# machine's name reaches the terminal with its escape sequences shown as '?'.
results=$work/names
machine index.html
machine $'line\n'
mkdir -p "$results/"$'\e[31mred'
cp "$root/tests/corpus/common/truncated.json" "$results/"$'\e[31mred/bench.json'
expect_failure "report_machines: index.html: a machine cannot be named index.html" "$root/scripts/report_machines" "$results"
cp "$work/out" "$work/names.out"
expect "the machines page is a page" test -f "$results/report/index.html"
expect "which lists index.html apart" grep -qF '<li class="unreadable"><b>index.html</b>: a machine cannot be named index.html' \
    "$results/report/index.html"
expect "the name with a line break at its end has its report" test -s "$results/report/"$'line\n/index.html'
expect "and its column" grep -qF '<a href="line%0A/index.html">' "$results/report/index.html"
expect "no escape sequence reaches the terminal" bash -c "! grep -q $'\e' '$work/names.out'"
expect "the failing name is shown with '?' for its escape" \
    grep -qF "report_machines: ?[31mred: $results/?[31mred/bench.json is not" "$work/names.out"

expect_done report_machines
