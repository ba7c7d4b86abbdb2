#!/usr/bin/env bash
# The report as a browser shows it: made from a copy of the committed
# results (their plots redrawn, two runs of history added), opened from disk
# in headless Chromium, whose rendered page must hold every plot, loaded,
# lstopo's picture or the reason there is none, and every claim of docs/claims.json with
# a verdict. Skipped (77) where Chromium is not installed.
#
#   report_page_test.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "report_page: chromium is not installed (scripts/setup installs it); skipped"
    exit 77
fi
# shellcheck source=tests/expect.sh
source "$(dirname "$0")/expect.sh"

result_files=("$root"/results/*/bench.json)
committed=${result_files[0]}
machine=$(basename "$(dirname "$committed")")
results=$work/results/$machine
mkdir -p "$results"
cp "$committed" "$results/bench.json"
cp "$(dirname "$committed")"/topology.* "$results/" 2>/dev/null
for mode in full quick; do
    "$root/scripts/record_history" "$results/bench.json" "$work/results/history/$machine.jsonl" "$mode" >/dev/null
done
"$root/scripts/plot" "$results" >"$work/plot.log" 2>&1 || { cat "$work/plot.log"; exit 1; }
"$root/scripts/report" "$results" "$work/results/report" >"$work/report.log" 2>&1 || { cat "$work/report.log"; exit 1; }

mkdir "$work/profile"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --virtual-time-budget=10000 \
    --dump-dom "file://$work/results/report/index.html" >"$work/dom.html" 2>"$work/chromium.log"
expect "chromium rendered the page" grep -q '</html>' "$work/dom.html"
[ -s "$work/dom.html" ] || cat "$work/chromium.log"

plots=("$results"/plots/*.svg)
expect "there are plots to show (scaling and history at least)" \
    test -e "$results/plots/scaling.svg" -a -e "$results/plots/history.svg"
for svg in "${plots[@]}"; do
    name=$(basename "$svg")
    expect "the page shows $name, loaded" \
        grep -qE "<img src=\"\.\./$machine/plots/$name\"[^>]*data-loaded=\"1\"" "$work/dom.html"
done
expect "no picture is missing" bash -c "! grep -qE 'data-loaded=\"0\"|>missing: ' '$work/dom.html'"
expect "lstopo's picture is shown, or the page says why not" \
    grep -qE '<figure id="topology"><img [^>]*data-loaded="1"|<p id="topology" class="missing">No picture' "$work/dom.html"
for claim in $(jq -r '.[].id' "$root/docs/claims.json"); do
    expect "claim $claim is in the table with a verdict" \
        grep -qE "<tr id=\"claim-$claim\" class=\"(holds|does-not-hold|inconclusive|not-measured)\"><td><b>$claim</b>.*<td class=\"verdict\">(holds|does not hold|inconclusive|not measured)</td>" \
        "$work/dom.html"
done
# C1 is decided from the semantics family's rows: a results file without
# them says so instead of a verdict.
expect "C1 holds, or the page names the rows it lacks" \
    grep -qE '<tr id="claim-C1" class="(holds|not-measured)">.*semantics/memory' "$work/dom.html"
expect "the fits table is there" grep -q '<section id="fits">' "$work/dom.html"

expect_done report_page
