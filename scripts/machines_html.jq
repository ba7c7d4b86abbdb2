# Renders the machines page from scripts/report_machines's entries (the
# input, slurped), one column per machine: the machine, lstopo's picture
# and text, its scaling plot, its claims' verdicts and the headline figures
# of each family, with links to its own report and history pages. A
# machine whose report failed is listed apart, with the reason. Each entry:
#   {name, note}                                   a machine whose report failed
#   {name, context, claims: [{id, verdict}], headlines: [{family, figure, text}],
#    topology_svg, topology_text, scaling_svg, report_page, history_page}
# (paths relative to the page, "" for none).
#   $made  when the page was made
# Every text goes through @html, every link through @uri first.
include "results" {search: "./"};
include "html" {search: "./"};

def href($path): "href=\"\($path | url_path | @html)\"";
def link($path; $text): "<a \(href($path))>\($text | @html)</a>";
def row($heading; cells): "<tr><th>\($heading | @html)</th>\([cells] | join(""))</tr>";

map(select(has("note"))) as $broken
| map(select(has("note") | not)) as $machines
| ([$machines[].claims[].id] | unique_in_order) as $claim_ids
| ([$machines[].headlines[] | {family, figure}] | unique_in_order) as $figures
| [ page_start("slicebench: the machines side by side"),
    "<style>table.machines { table-layout: fixed; width: 100%; } table.machines td img { width: 100%; }"
    + " table.machines th:first-child { width: 16em; } pre { font-size: 0.75em; white-space: pre-wrap; }"
    + " tr.family th { background: #e4e9f2; }</style>",
    "<h1>slicebench: the machines side by side</h1>",
    "<p>Every results/&lt;machine&gt;/ folder with a bench.json; to add a machine, copy its folder under results/. Figures are medians over the repetitions; each machine's own report has them all, with their spread. Page made \($made | @html).</p>",
    if $broken != [] then
      "<section id=\"unreadable\"><h2>Machines whose results could not be read</h2><ul>",
      ($broken[] | "<li class=\"unreadable\"><b>\(.name | @html)</b>: \(.note | @html)</li>"),
      "</ul></section>"
    else empty end,
    if $machines != [] then
      "<table class=\"machines\">",
      row("machine"; $machines[] | "<td>\(link(.report_page; .name))"
                                   + (if .history_page != "" then "<br>\(link(.history_page; "history and its steps"))" else "" end) + "</td>"),
      row("topology"; $machines[] | .context.slicebench_topology // "?" | cell),
      row("results dated"; $machines[] | .context.date // "?" | cell),
      row("task size, tasks"; $machines[] | .context
          | "\(.slicebench_task_us // "?") us, "
            + (if .slicebench_tasks_per_worker then "\(.slicebench_tasks_per_worker) per worker"
               elif .slicebench_tasks_per_job then "\(.slicebench_tasks_per_job) per job" else "?" end) | cell),
      row("lstopo's picture"; $machines[]
          | "<td>" + (if .topology_svg != "" then picture(.topology_svg; "lstopo's picture of \(.name)") else "no picture" end)
            + (if .topology_text != "" then "<details><summary>as text</summary><pre>\(.topology_text | @html)</pre></details>" else "" end) + "</td>"),
      row("scaling"; $machines[] | "<td>" + (if .scaling_svg != "" then "<a \(href(.scaling_svg))>\(picture(.scaling_svg; "scaling on \(.name)"))</a>" else "no scaling plot" end) + "</td>"),
      "<tr class=\"family\"><th colspan=\"\($machines | length + 1)\">claims</th></tr>",
      ( $claim_ids[] as $id
        | row($id; $machines[] | (first(.claims[] | select(.id == $id) | .verdict) // "-")
                              | "<td class=\"verdict \(gsub(" "; "-") | @html)\">\(@html)</td>") ),
      ( $figures | map(.family) | unique_in_order[] as $family
        | "<tr class=\"family\"><th colspan=\"\($machines | length + 1)\">\($family | @html)</th></tr>",
          ( $figures[] | select(.family == $family) as $figure
            | row($figure.figure; $machines[] | (first(.headlines[] | select(.family == $figure.family and .figure == $figure.figure) | .text) // "-")
                                            | "<td class=\"number\">\(@html)</td>") ) ),
      "</table>"
    else "<p>No machine's results could be read.</p>" end,
    page_end ]
| join("\n")
