# Renders a machine's history page from scripts/changepoints's output (the
# input): every step found, then one small trend per benchmark, grouped by
# family, each drawn as inline SVG from the data: its runs' median times on
# a log scale, the level of each segment, and each change point marked with
# its commit. Every run shares one x axis, so the trends line up.
#   $machine  the machine's name
#   $made     when the page was made
# Every text goes through @html.
include "html" {search: "./"};

def width: 260;
def height: 64;
def margin: 4;
def coordinate: . * 10 | round / 10 | tostring;
def run_name: "run \(.index) (\(.date // "no date" | .[0:10]), \(.commit)\(if .dirty then "+" else "" end))";
def step: "&times;\(.ratio | number) (\(if .ratio > 1 then "slower" else "faster" end))";

# One benchmark's trend as SVG, $runs runs wide.
def trend($runs):
  ([.points[][1]] | map(log)) as $logs
  | ($logs | min) as $low | (($logs | max) - $low | if . == 0 then 1 else . end) as $range
  | def x: margin + (width - 2 * margin) * (if $runs > 1 then . / ($runs - 1) else 0.5 end);
    def y: height - margin - (height - 2 * margin) * ((log - $low) / $range);
    "<svg class=\"trend\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">"
    + "<title>\(.name | @html)</title>"
    + "<rect x=\"0.5\" y=\"0.5\" width=\"\(width - 1)\" height=\"\(height - 1)\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
    + (.change_points | map("<line class=\"change\" x1=\"\(.index | x | coordinate)\" x2=\"\(.index | x | coordinate)\" y1=\"0\" y2=\"\(height)\""
                            + " stroke=\"#c0392b\" stroke-dasharray=\"3,2\"><title>\(run_name | @html): \(step)</title></line>") | join(""))
    + (.segments | map("<line class=\"level\" x1=\"\(.first | x | coordinate)\" x2=\"\(.last | x | coordinate)\""
                       + " y1=\"\(.median_ns | y | coordinate)\" y2=\"\(.median_ns | y | coordinate)\" stroke=\"#222\" stroke-width=\"2\"/>") | join(""))
    + "<polyline fill=\"none\" stroke=\"#4a7ebb\" points=\"\(.points | map("\(.[0] | x | coordinate),\(.[1] | y | coordinate)") | join(" "))\"/>"
    + (.points | map("<circle cx=\"\(.[0] | x | coordinate)\" cy=\"\(.[1] | y | coordinate)\" r=\"1.6\" fill=\"#4a7ebb\"/>") | join(""))
    + "</svg>";

(.runs | length) as $runs
| [ .benchmarks[] | .name as $name | .change_points[] | {name: $name} + . ] as $steps
| [ page_start("slicebench history: \($machine)"),
    "<style>.family { display: flex; flex-wrap: wrap; gap: 0.6em 1em; } .family figure { margin: 0; width: 260px; }"
    + " .family figcaption { font-size: 0.75em; word-break: break-all; } .family figcaption .change { color: #a61b1b; }</style>",
    "<h1>slicebench history: \($machine | @html)</h1>",
    "<nav><a href=\"index.html\">this machine's report</a></nav>",
    "<p>\($runs) runs, from results/history/\($machine | @html).jsonl; page made \($made | @html). Each benchmark's median real time per run, on a log scale of its own: blue, the runs; black, the level of each segment; red, a change point, where a new level starts (its ratio is the new segment's median over the previous one's). The segments are a penalised piecewise-constant fit of log time, the penalty set from the run-to-run noise: see docs/tracking.md.</p>",
    "<section id=\"steps\"><h2>Steps</h2>",
    if $steps == [] then "<p>No change point in this history.</p>"
    else "<table><tr><th>benchmark</th><th>from run</th><th>step</th></tr>",
         ($steps | sort_by(.index, .name)[] | "<tr>\(.name | cell)\(run_name | cell)<td class=\"number\">\(step)</td></tr>"),
         "</table>"
    end,
    "</section>",
    "<section id=\"trends\"><h2>Trends</h2>",
    ( .benchmarks | group_by(.name | split("/")[0])[]
      | "<h3>\(.[0].name | split("/")[0] | @html)</h3><div class=\"family\">"
        + (map("<figure class=\"benchmark\">\(trend($runs))<figcaption>\(.name | @html)"
               + (.change_points | map("<br><span class=\"change\">\(run_name | @html): \(step)</span>") | join(""))
               + "</figcaption></figure>") | join(""))
        + "</div>" ),
    if .benchmarks == [] then "<p>No runs recorded yet.</p>" else empty end,
    "</section>", page_end ]
| join("\n")
