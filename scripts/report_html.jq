# Renders the report page from a results file (the input, for its context)
# and what scripts/report computed:
#   $claims        [claims.jq's rows] (slurped)
#   $fits          [scripts/fit_scaling's fits] (slurped)
#   $plots         [the plots' SVG files, relative to the page] (slurped)
#   $topology_svg  lstopo's picture, relative to the page, or ""
#   $topology_note why there is no picture, or ""
#   $topology_text lstopo's text picture, or ""
#   $made          when the page was made
#   $history_page  the history page, relative to this one, or ""
# Every text goes through @html. A picture that fails to load says so in
# the page (and is marked data-loaded="0"), so a report opened from a copy
# without its plots shows what is missing.
include "html" {search: "./"};
include "results" {search: "./"};
include "scaling_points" {search: "./"};

.context as $c
| machine_load as $load
| $claims[0] as $claims | $fits[0] as $fits | $plots[0] as $plots
| [ page_start("slicebench report: \($c.slicebench_machine // "?")"),
    "<h1>slicebench report: \($c.slicebench_machine // "?" | @html)</h1>",
    if $history_page != "" then "<nav><a href=\"\($history_page | @html)\">the history of runs, and its steps</a></nav>" else empty end,

    "<section id=\"machine\"><h2>The machine</h2><table>",
    ( [ ["machine", $c.slicebench_machine], ["topology", $c.slicebench_topology], ["CPU model", $c.hwloc_cpu_model],
        ["packages, cores, PUs, NUMA nodes", "\($c.hwloc_packages // "?"), \($c.hwloc_cores // "?"), \($c.hwloc_pus // "?"), \($c.hwloc_numa_nodes // "?")"],
        ["host", $c.host_name], ["results dated", $c.date], ["task size, tasks", "\($c.slicebench_task_us // "?") us, " + (if $c.slicebench_tasks_per_worker then "\($c.slicebench_tasks_per_worker) per worker" elif $c.slicebench_tasks_per_job then "\($c.slicebench_tasks_per_job) per job" else "?" end)],
        ["workloads (kind)", $c.slicebench_workloads], ["report made", $made],
        ["load averages before the run", $c.noise_load_avg_before // "not recorded"],
        ["CPU frequency governor", $c.noise_governor // "not recorded"] ][]
      | "<tr><th>\(.[0] | @html)</th>\(.[1] // "?" | cell)</tr>" ),
    # The machine's load over the run (results.jq's machine_load): a busy
    # run is marked, since its timed claims cannot fail on it.
    "<tr id=\"load\" class=\"\(if $load.busy then "busy" elif $load.recorded then "quiet" else "not-recorded" end)\">"
      + "<th>load over the run</th>\($load.text | cell)</tr>",
    "</table>",
    if $load.busy then "<p id=\"busy\" class=\"busy\"><b>This machine was busy with other work while the suite ran</b>: "
                       + "a timed claim that would not hold on these results is inconclusive instead.</p>" else empty end,
    if $topology_svg != "" then "<figure id=\"topology\">\(picture($topology_svg; "lstopo's picture of the machine"))<figcaption>lstopo's picture of the machine</figcaption></figure>"
    else "<p id=\"topology\" class=\"missing\">\($topology_note | @html)</p>" end,
    if $topology_text != "" then "<details><summary>lstopo, as text</summary><pre>\($topology_text | @html)</pre></details>" else empty end,
    "</section>",

    "<section id=\"claims\"><h2>The claims</h2>",
    "<p>Each claim of the notes, what this machine measured, the shape expected and the rule that decides. Each figure is the median over the repetitions, then an interval that covers the true median with probability 90% or more (from 5 repetitions: their lowest to their highest) and the number of repetitions; speedup is tasks per second over the seq model's. A rule decides a check only when the whole interval is on one side of its bar: holds, does not hold, or else inconclusive, saying why (too noisy, too few samples, fixed costs dominate the job, the machine was busy). A family missing from the results leaves its claim not measured.</p>",
    "<table><tr><th>claim</th><th>measured</th><th>expected shape, and the rule</th><th>verdict</th><th>why</th></tr>",
    ( $claims[]
      | "<tr id=\"claim-\(.id | @html)\" class=\"\(.verdict | gsub(" "; "-") | @html)\">"
        + "<td><b>\(.id | @html)</b> \(.claim | @html)</td>"
        + "<td><ul class=\"figures\">\(.figures | map("<li>\(@html)</li>") | join(""))</ul></td>"
        + "<td>\(.shape | @html)<div class=\"rule\">Rule: \(.rule | @html)</div></td>"
        + "<td class=\"verdict\">\(.verdict | @html)</td><td>\(.reason | @html)</td></tr>" ),
    "</table></section>",

    "<section id=\"knees\"><h2>Where each scaling curve bends</h2>",
    "<p>For each curve of the scaling family, its knee: the first worker count where its efficiency (speedup over seq per worker) fell below one half, and what explains it, measured in the same run: CPU time per task (all threads and children), the calling thread's alone (starting, handing over, collecting), the share of the job its fixed costs took, and the speedup those costs allow, PUs &times; task time / CPU per task or task time / the caller's CPU per task, whichever is less. A peak near that bound was stopped by the model's own costs; one far below it by something the counters do not price (wake-up latency, a server's capacity). Where a curve stopped before the largest count asked for, the last column says why. Medians over the repetitions.</p>",
    ( scaling_knees as $knees
      | if ($knees | length) == 0 then "<p>No knee rows in the results: the scaling family did not run with its seq baseline.</p>"
        else "<table><tr><th>workload</th><th>model/placement</th><th>knee (workers)</th><th>peak speedup (workers)</th><th>bound speedup</th><th>CPU per task</th><th>caller's CPU per task</th><th>fixed-cost share</th><th>largest count, and why it stops there</th></tr>",
             ( $knees[]
               | ($c["scaling_stop/\(.workload)/\(.model)/\(.placement)"]) as $stop
               | "<tr>\(.workload | cell)\("\(.model)/\(.placement)" | cell)"
                 + "\(if .knee_workers == 0 or .knee_workers == null then "none up to \(.largest_workers // "?")" else .knee_workers end | cell)"
                 + "\("\(.peak_speedup | sig3)x (\(.peak_workers))" | cell)\("\(.bound_speedup // null | if . then "\(sig3)x" else "?" end)" | cell)"
                 + "\(.cpu_us_per_task // null | if . then "\(sig3) us" else "?" end | cell)"
                 + "\(.caller_cpu_us_per_task // null | if . then "\(sig3) us" else "?" end | cell)"
                 + "\(.fixed_cost_share // null | if . then "\(. * 100 | sig3)%" else "?" end | cell)"
                 + "\("\(.largest_workers // "?")" + (if $stop then ": \($stop)" else "" end) | cell)</tr>" ),
             "</table>" end ),
    "</section>",

    "<section id=\"fits\"><h2>Scaling fits</h2>",
    "<p>Each scaling curve, as speedup relative to its own one-worker point R(N), fitted by least squares with non-negative coefficients: Amdahl's law R(N) = 1 / (s + (1 - s) / N), s the serial fraction; the Universal Scalability Law R(N) = N / (1 + a(N - 1) + b N(N - 1)), a contention and b coherency, which peaks at N* = sqrt((1 - a) / b) when b &gt; 0. N* comes with a 95% interval from a bootstrap over the repetitions, or the reason the peak is refused. R&sup2; is undefined for a flat curve; RMS is in units of R. The models figure draws each USL fit that is not refused as a wide pale line.</p>",
    "<table><tr><th rowspan=\"2\">workload</th><th rowspan=\"2\">model/placement</th><th rowspan=\"2\">worker counts</th><th colspan=\"3\">Amdahl</th><th colspan=\"5\">USL</th></tr>",
    "<tr><th>s</th><th>R&sup2;</th><th>RMS</th><th>a</th><th>b</th><th>N* (95% interval), or why not</th><th>R&sup2;</th><th>RMS</th></tr>",
    ( $fits[]
      | "<tr>\(.workload | cell)\("\(.model)/\(.placement)" | cell)\(.points | map(.[0]) | join(", ") | cell)"
        + (if .status == "fitted" then
             ([.amdahl.serial_fraction, .amdahl.r2, .amdahl.rms, .usl.a, .usl.b] | map("<td class=\"number\">\(number)</td>") | join(""))
             + (if .refused then "\("refused: \(.refused)" | cell)"
                else "\("\(.n_star | sig3) (\(.n_star_low | sig3) to \(.n_star_high | sig3))" | cell)" end)
             + ([.usl.r2, .usl.rms] | map("<td class=\"number\">\(number)</td>") | join(""))
           else "<td colspan=\"8\">\(.status | @html)</td>" end)
        + "</tr>" ),
    "</table>",
    if ($fits | length) == 0 then "<p>No scaling curves to fit: the scaling family, or its seq baseline, is not in the results.</p>" else empty end,
    "</section>",

    "<section id=\"plots\"><h2>Plots</h2>",
    if ($plots | length) == 0 then "<p>No plots in the results folder; run make plots.</p>" else empty end,
    ( $plots[] | (split("/") | last | sub("\\.svg$"; "")) as $name
      | "<figure id=\"plot-\($name | @html)\">\(picture(.; $name))<figcaption><a href=\"\(url_path | @html)\">\($name | @html)</a></figcaption></figure>" ),
    "</section>", page_end ]
| join("\n")
