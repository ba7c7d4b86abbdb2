"""A machine's page, rendered from a small analysis dict made here: every
text from the results, hostile ones included, comes back as the reader's
text (escaped in the markup, never markup itself); the knee and fit tables
say what is missing; pictures and plots are linked relative to the page."""
import html.parser
import socket

import markupsafe

from analysis import placement, results
from analysis.report import machine_page
from analysis.report.claims_table import claims_table
from analysis.report.machine_page import render_machine_page
from documents import document, scaling_rows

HOSTILE = "q' d\" <script>alert(1)</script> </td> & $(touch PWNED)"
MADE = "2027-01-01T00:00:00Z"


class Cells(html.parser.HTMLParser):
    """The text of every table cell, and every attribute value, as a browser reads them."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.cells, self.attributes, self.tags, self.open = [], [], [], None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [value for _, value in attrs]
        if tag in ("td", "th"):
            self.open = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.open is not None:
            self.cells.append(self.open)
            self.open = None

    def handle_data(self, data):
        if self.open is not None:
            self.open += data


def knee(**changes):
    made = {"knee_workers": 4, "peak_speedup": 3.456, "peak_workers": 8, "largest_workers": 16,
            "cpu_us_per_task": 512.3, "caller_cpu_us_per_task": 20.04, "fixed_cost_share": 0.0512,
            "bound_speedup": 2.5, "task_us": 1000, "pus": 2}
    return {**made, **changes}


def fit(**changes):
    made = {"workload": "timer", "model": "thread", "placement": "none", "points": [[1, 1.0], [2, 1.9], [4, 3.5]],
            "status": "fitted", "amdahl": {"serial_fraction": 0.01234, "r2": 0.99, "rms": None},
            "usl": {"a": 0.02, "b": 0.0, "r2": 0.999, "rms": 0.0123}, "n_star": 7.891, "n_star_low": 6.1,
            "n_star_high": 9.25, "refused": None}
    return {**made, **changes}


def curve(workload="timer", model="thread", placement="none", knee_=None, fit_=None, stop=None):
    return {"workload": workload, "kind": "io", "model": model, "placement": placement, "points": [],
            "knee": knee_, "fit": fit_, "stop": stop}


def analysis(scaling=(), claims=(), busy=False, text=HOSTILE):
    return {"machine": {"name": text, "topology": text, "host_name": "a host that is not this one"},
            "context": {"slicebench_machine": text, "slicebench_topology": text, "hwloc_pus": "2",
                        "slicebench_task_us": "1000", "slicebench_tasks_per_worker": "64", "date": text},
            "load": {"recorded": True, "busy": busy, "text": text},
            "claims": list(claims), "scaling": list(scaling), "fidelity": fidelity_section()}


def fidelity_section(**changes):
    made = {"tolerance": 1.25, "share_band": 0.15, "pairs": [], "rankings": [], "convoy": [], "unpaired": [],
            "counts": {"agrees": 0, "differs": 0, "by design": 0, "cannot tell": 0},
            "nothing": "Nothing to compare: the results hold no CPython rows (the cpython family did not run)."}
    return {**made, **changes}


def claim(verdict="does not hold", text=HOSTILE):
    return {"id": "C1", "claim": text, "shape": text, "rule": text, "verdict": verdict, "reason": text,
            "figures": [text, "second"], "cause": None}


def page(tmp_path, document, history_page=""):
    results, report = tmp_path / "results" / "m", tmp_path / "report" / "m"
    (results / "plots").mkdir(parents=True, exist_ok=True)
    report.mkdir(parents=True, exist_ok=True)
    return render_machine_page(document, str(results), str(report), MADE, history_page)


def test_hostile_texts_are_the_reader_s_text_never_markup(tmp_path):
    made = page(tmp_path, analysis(scaling=[curve(workload=HOSTILE, knee_=knee(), fit_=fit(workload=HOSTILE),
                                                  stop=HOSTILE)], claims=[claim()]))
    assert "<script>" not in made and "</td> &" not in made
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;/td&gt; &amp; $(touch PWNED)" in made
    read = Cells(made)
    assert read.cells.count(HOSTILE) >= 6  # machine, topology, date, load, the claim's reason, knee and fit rows
    assert f"16: {HOSTILE}" in read.cells
    assert "script" not in read.tags


def test_the_claim_row_names_its_verdict_as_a_class(tmp_path):
    made = page(tmp_path, analysis(claims=[claim(verdict="does not hold", text="plain")]))
    assert ('<tr id="claim-C1" class="does-not-hold"><td><b>C1</b> plain</td><td><ul class="figures">'
            '<li>plain</li><li>second</li></ul></td><td>plain<div class="rule">Rule: plain</div></td>'
            '<td class="verdict">does not hold</td><td>plain</td></tr>') in made


def test_knee_rows_say_what_is_missing(tmp_path):
    made = page(tmp_path, analysis(scaling=[
        curve(model="pool", knee_=knee()),
        curve(model="gil", knee_=knee(knee_workers=0, bound_speedup=None, cpu_us_per_task=None,
                                      caller_cpu_us_per_task=None, fixed_cost_share=None), stop="stops at 16"),
        curve(model="seqless")]))
    read = Cells(made).cells
    pool = read.index("pool/none")
    assert read[pool - 1:pool + 8] == ["timer", "pool/none", "4", "3.46x (8)", "2.5x", "512 us", "20 us", "5.12%", "16"]
    gil = read.index("gil/none")
    assert read[gil + 1:gil + 8] == ["none up to 16", "3.46x (8)", "?", "?", "?", "?", "16: stops at 16"]
    assert "seqless/none" not in read


def test_without_knees_or_fits_the_page_says_so(tmp_path):
    made = page(tmp_path, analysis())
    assert "No knees: the scaling family did not run with its seq baseline." in made
    assert "No scaling curves to fit" in made
    assert "No plots in the results folder; run make plots." in made


def test_fit_rows_fitted_refused_and_not_fitted(tmp_path):
    made = page(tmp_path, analysis(scaling=[
        curve(model="a", fit_=fit(model="a")),
        curve(model="b", fit_=fit(model="b", refused="no peak: still climbing")),
        curve(model="c", fit_=fit(model="c", status="too few points", points=[[1, 1.0]]))]))
    assert ('<tr><td>timer</td><td>a/none</td><td>1, 2, 4</td><td class="number">0.0123</td>'
            '<td class="number">0.99</td><td class="number">-</td><td class="number">0.02</td>'
            '<td class="number">0</td><td>7.89 (6.1 to 9.25)</td><td class="number">0.999</td>'
            '<td class="number">0.0123</td></tr>') in made
    assert "<td>refused: no peak: still climbing</td>" in made
    assert '<tr><td>timer</td><td>c/none</td><td>1</td><td colspan="8">too few points</td></tr>' in made


def test_a_busy_machine_is_marked(tmp_path):
    made = page(tmp_path, analysis(busy=True, text="busy"))
    assert '<tr id="load" class="busy"><th>load over the run</th><td>busy</td></tr>' in made
    assert '<p id="busy" class="busy">' in made
    assert '<p id="busy"' not in page(tmp_path, analysis(busy=False, text="quiet"))


def test_the_plan_is_shown_beside_the_load_where_the_analysis_has_it(tmp_path):
    held = analysis()
    held["plan"] = {"error": -0.5, "text": HOSTILE, "cut": [{"what": HOSTILE, "text": HOSTILE}]}
    made = page(tmp_path, held)
    assert '<tr id="plan"><th>the run\'s plan</th>' in made and HOSTILE not in made
    assert made.count('<tr class="plan-cut"><th>cut to fit the budget: ') == 1
    assert '<tr id="plan">' not in page(tmp_path, analysis())


def test_pictures_and_plots_are_linked_relative_to_the_page(tmp_path):
    results = tmp_path / "results" / "m"
    (results / "plots").mkdir(parents=True)
    (results / "topology.svg").write_text("<svg/>")
    (results / "topology.txt").write_text("Machine <L#0>\n")
    for name in ("scaling", "odd name#1"):
        (results / "plots" / f"{name}.svg").write_text("<svg/>")
    (results / "plots" / "scaling.png").write_bytes(b"\x89PNG")
    made = page(tmp_path, analysis(text="m"), history_page="history.html")
    assert '<figure id="topology"><img src="../../results/m/topology.svg"' in made
    assert "<pre>Machine &lt;L#0&gt;\n</pre>" in made
    assert ('<figure id="plot-odd name#1"><img src="../../results/m/plots/odd%20name%231.svg" alt="odd name#1"'
            in made)
    assert '<figcaption><a href="../../results/m/plots/scaling.png">scaling</a></figcaption>' in made
    assert '<figcaption>odd name#1</figcaption>' in made
    assert '<nav><a href="history.html">' in made


def test_no_picture_of_a_machine_measured_elsewhere(tmp_path):
    made = page(tmp_path, analysis(text="m"))
    assert ("<p id=\"topology\" class=\"missing\">No picture of the machine: the results have no topology.svg, "
            "and they were made on host &#39;a host that is not this one&#39;") in made


def test_the_claims_table_printed_makes_control_characters_spaces():
    lines = claims_table(analysis(claims=[claim(verdict="holds", text="a\x1b[31mb\nc")], text="m\x07"))
    assert lines == ["report: claims on m  (m ):", "  C1   holds          a [31mb c",
                     "        measured: a [31mb c", "        measured: second", "        expected: a [31mb c"]


def drawing(tmp_path, monkeypatch, script):
    """The page of results made on this host, lstopo's picture drawn by script."""
    tool = tmp_path / "topology_svg"
    tool.write_text("#!/bin/sh\n" + script)
    tool.chmod(0o755)
    monkeypatch.setattr(machine_page, "TOPOLOGY_SVG", str(tool))
    document = analysis(text="m")
    document["machine"]["host_name"] = socket.gethostname()
    return page(tmp_path, document)


def test_a_picture_is_drawn_for_results_made_on_this_host(tmp_path, monkeypatch):
    made = drawing(tmp_path, monkeypatch, 'echo "<svg/>" >"$1"\n')
    assert '<figure id="topology"><img src="../../results/m/topology.svg"' in made


def test_a_picture_that_cannot_be_drawn_says_why(tmp_path, monkeypatch):
    made = drawing(tmp_path, monkeypatch, 'echo "lstopo is not installed" >&2; exit 1\n')
    assert '<p id="topology" class="missing">No picture of the machine: lstopo is not installed</p>' in made


# ---- how closely the models mirror CPython -----------------------------------------

def compared(ratio, verdict="agrees", why=None, n=5):
    figure = {"median": ratio, "lo": ratio * 0.9, "hi": ratio * 1.1, "n": n}
    return {"model": figure, "cpython": figure, "ratio": figure, "verdict": verdict, "why": why,
            "by_design": verdict == "differs" and why is not None}


def fidelity_pair(construct="thread_pool", model="pool", description="a pool", text=HOSTILE, **changes):
    made = {"construct": construct, "model": model, "description": description,
            "scaling": [{"workload": "cpu_int", "workers": 1, **compared(1.0)},
                        {"workload": "cpu_int", "workers": 2, **compared(2.0, "differs", text)},
                        {"workload": "cpu_int", "workers": 4, **compared(2.5, "differs", text)},
                        {"workload": "timer", "workers": 4, **compared(1.3, "cannot tell", "across")}],
            "granularity": [{"workload": "cpu_int", "task_us": 10, **compared(5.0, "differs", "cheaper")}],
            "knees": [{"workload": "cpu_int", "model": {"knee_workers": 0, "peak_workers": 4, "largest_workers": 4},
                       "cpython": {"knee_workers": 2, "peak_workers": 1, "largest_workers": 4}}],
            "break_evens": [{"workload": "cpu_int", "model": {"break_even_us": 150.0}, "cpython": {"above_range": True}}],
            "counts": {"agrees": 1, "differs": 3, "by design": 3, "cannot tell": 1}, "missing": None}
    return {**made, **changes}


def fidelity_page(tmp_path, **section):
    document = analysis(text="m")
    document["fidelity"] = fidelity_section(**section)
    return page(tmp_path, document)


def test_each_construct_beside_its_model_with_its_counts_and_where_and_why_they_differ(tmp_path):
    made = fidelity_page(tmp_path, nothing=None, pairs=[
        fidelity_pair(text="no GIL"),
        fidelity_pair(construct="asyncio", model="coroutine", description="tasks on a loop",
                      missing="CPython's asyncio was not measured")])
    assert ("<tr><td>thread_pool</td><td>a pool</td><td>pool</td><td class=\"number\">1</td>"
            "<td class=\"number\">3</td><td class=\"number\">1</td><td><ul class=\"figures\">"
            "<li>scaling, cpu_int, 2, 4 workers: 2x to 2.5x; no GIL</li>"
            "<li>granularity, cpu_int, tasks of 10 us: 5x; cheaper</li></ul></td></tr>") in made
    assert ("<tr><td>asyncio</td><td>tasks on a loop</td><td>coroutine</td>"
            "<td colspan=\"4\">CPython&#39;s asyncio was not measured</td></tr>") in made
    cells = Cells(made).cells
    shape = cells.index("thread_pool/pool")
    assert cells[shape:shape + 6] == ["thread_pool/pool", "cpu_int", "none up to 4", "2", "150 us",
                                      "above the longest tasks"]
    assert "within 1.25x of 1 either way" in made and 'id="fidelity-nothing"' not in made


def test_rankings_and_the_convoy_rows(tmp_path):
    made = fidelity_page(tmp_path, nothing=None, rankings=[
        {"workload": "cpu_int", "cpython": ["process", "threading"], "model": ["threading", "process"],
         "models": {"threading": "gil", "process": "process"}, "same_winner": False}],
        convoy=[{"cpu_threads": 1, "lateness_p50_us": compared(5000.0), "wakeups": {"model": 90, "cpython": None}}])
    cells = Cells(made).cells
    ranking = cells.index("process, threading")
    assert cells[ranking - 1:ranking + 3] == ["cpu_int", "process, threading", "threading (gil), process (process)",
                                              "no"]
    convoy = cells.index("p50")
    assert cells[convoy - 1:convoy + 6] == [
        "1", "p50", "5 ms (4.5 ms to 5.5 ms, 5 repetitions)", "5 ms (4.5 ms to 5.5 ms, 5 repetitions)",
        "5000x (4500x to 5500x, 5 repetitions)", "agrees", "90 / -"]


def test_the_share_of_long_waits_is_a_row_of_its_own_with_the_difference_signed(tmp_path):
    share = {"model": {"median": 0.5, "lo": 0.4, "hi": 0.6, "n": 5}, "cpython": {"median": 0.7, "lo": 0.6, "hi": 0.8,
                                                                                  "n": 5},
             "difference": {"median": -0.2, "lo": -0.4, "hi": 0.05, "n": 5}, "verdict": "cannot tell",
             "why": "its interval reaches across an edge of the band", "by_design": False}
    made = fidelity_page(tmp_path, nothing=None, share_band=0.15,
                         convoy=[{"cpu_threads": 2, "long_wait_share": share, "wakeups": {"model": 90, "cpython": 80}}])
    cells = Cells(made).cells
    at = cells.index("share waiting two intervals or more")
    assert cells[at - 1:at + 6] == [
        "2", "share waiting two intervals or more", "0.5 (0.4 to 0.6, 5 repetitions)",
        "0.7 (0.6 to 0.8, 5 repetitions)", "-0.2 (-0.4 to +0.05, 5 repetitions)",
        "cannot tell: its interval reaches across an edge of the band", "90 / 80"]
    assert "within 0.15 either way" in made


def test_nothing_to_compare_is_said_and_no_table_but_the_pairs_is_drawn(tmp_path):
    made = fidelity_page(tmp_path)
    assert ('<p id="fidelity-nothing">Nothing to compare: the results hold no CPython rows '
            "(the cpython family did not run).</p>") in made
    for table in ("shapes", "rankings", "convoy"):
        assert f'id="fidelity-{table}"' not in made


def test_hostile_texts_in_the_fidelity_section_are_the_reader_s_text(tmp_path):
    made = fidelity_page(tmp_path, nothing=HOSTILE,
                         pairs=[fidelity_pair(construct=HOSTILE, model=HOSTILE, description=HOSTILE),
                                fidelity_pair(missing=HOSTILE)],
                         rankings=[{"workload": HOSTILE, "cpython": [HOSTILE], "model": [HOSTILE],
                                    "models": {HOSTILE: HOSTILE}, "same_winner": True}],
                         convoy=[{"cpu_threads": 0, "lateness_p99_us": compared(1.0, "differs", HOSTILE),
                                  "wakeups": {"model": 1, "cpython": 2}}],
                         unpaired=[{"construct": HOSTILE, "why": HOSTILE}])
    assert "<script>" not in made and "</td> &" not in made
    read = Cells(made)
    assert "script" not in read.tags
    assert read.cells.count(HOSTILE) >= 5  # construct, description, model, missing, ranking's workload
    assert f"differs: {HOSTILE}" in read.cells and f"{HOSTILE}/{HOSTILE}" in read.cells
    assert f"{HOSTILE} ({HOSTILE})" in read.cells


# ---- what placement did -----------------------------------------------------------------

def placement_page(tmp_path, section):
    document = analysis(text="m")
    document["placement"] = section
    return page(tmp_path, document)


def test_what_placement_did_is_shown_with_scatter_over_compact_per_workload(tmp_path):
    counts = {"hwloc_packages": "1", "hwloc_numa_nodes": "1", "hwloc_cores": "8", "hwloc_pus": "16"}
    rows = [*scaling_rows("cpu_int", "seq", "none", 1, [100.0] * 5),
            *scaling_rows("cpu_int", "thread", "compact", 4, [100.0] * 5),
            *scaling_rows("cpu_int", "thread", "scatter", 4, [150.0] * 5)]
    section = placement.placement(results.table(document(rows, **counts)))
    made = placement_page(tmp_path, section)
    assert '<section id="placement"><h2>What placement did</h2>' in made
    assert f'<p id="placement-statement">{markupsafe.escape(section["statement"])}</p>' in made
    assert ('<ul id="placement-ratios"><li>cpu_int, scatter over compact: at 4 workers 1.5x (1.5x to 1.5x, '
            "5 repetitions) for thread</li></ul>") in made
    assert 'id="placement-nothing"' not in made and 'id="placement"' not in page(tmp_path, analysis())


def test_where_they_cannot_differ_the_page_says_so_and_lists_no_ratios(tmp_path):
    made = placement_page(tmp_path, {"statement": "alike here", "lines": [], "nothing": None})
    assert '<p id="placement-statement">alike here</p>' in made and 'id="placement-ratios"' not in made


def test_hostile_texts_in_the_placement_section_are_the_reader_s_text(tmp_path):
    made = placement_page(tmp_path, {"statement": HOSTILE, "lines": [HOSTILE], "nothing": HOSTILE})
    assert "<script>" not in made and "</td> &" not in made and "script" not in Cells(made).tags
    assert made.count("&lt;script&gt;alert(1)&lt;/script&gt; &lt;/td&gt; &amp; $(touch PWNED)") == 3
