"""The machines page, rendered from small machine columns made here: rows
are the union of every machine's claims and headlines in the order they
first appear, "-" where a machine lacks one; unreadable machines are listed
apart; names are escaped in the text and percent-encoded in links."""
import json

from analysis.analysis import FORMAT
from analysis.report.machines_page import machine_column, render_machines_page

MADE = "2027-01-01T00:00:00Z"


def column(name, verdicts=(), headlines=(), history_page=""):
    return {"name": name, "report_page": f"{name}/index.html", "history_page": history_page,
            "topology": "1 package", "date": "2027-01-01", "tasks": "1000 us, 64 per worker",
            "topology_svg": "", "topology_text": "", "scaling_svg": "",
            "verdicts": dict(verdicts), "headlines": {(f, figure): text for f, figure, text in headlines}}


def rows(page):
    return [line for line in page.split("\n") if line.startswith("<tr")]


def test_rows_are_the_union_in_first_appearance_with_dashes_for_what_is_missing():
    page = render_machines_page([column("a", [("C2", "holds")], [("scaling", "timer", "3x")]),
                                 column("b", [("C1", "does not hold"), ("C2", "inconclusive")],
                                        [("overhead", "pool", "5 ns"), ("scaling", "timer", "4x")])], [], MADE)
    assert rows(page)[6:] == [
        '<tr class="family"><th colspan="3">claims</th></tr>',
        '<tr><th>C2</th><td class="verdict holds">holds</td><td class="verdict inconclusive">inconclusive</td></tr>',
        '<tr><th>C1</th><td class="verdict -">-</td><td class="verdict does-not-hold">does not hold</td></tr>',
        '<tr class="family"><th colspan="3">scaling</th></tr>',
        '<tr><th>timer</th><td class="number">3x</td><td class="number">4x</td></tr>',
        '<tr class="family"><th colspan="3">overhead</th></tr>',
        '<tr><th>pool</th><td class="number">-</td><td class="number">5 ns</td></tr>',
    ]


def test_names_escaped_in_text_and_encoded_in_links():
    odd = "o<b>&'d"
    page = render_machines_page([column(odd, history_page=f"{odd}/history.html")], [(odd, "its <i>note</i>")],
                                MADE)
    assert ('<a href="o%3Cb%3E%26%27d/index.html">o&lt;b&gt;&amp;&#39;d</a><br>'
            '<a href="o%3Cb%3E%26%27d/history.html">history and its steps</a>') in page
    assert '<li class="unreadable"><b>o&lt;b&gt;&amp;&#39;d</b>: its &lt;i&gt;note&lt;/i&gt;</li>' in page
    assert "<b>&" not in page and "<i>" not in page


def test_only_unreadable_machines():
    page = render_machines_page([], [("a", "broken")], MADE)
    assert "<p>No machine's results could be read.</p>" in page and "<table" not in page


def test_a_column_from_a_machine_s_folder(tmp_path):
    results, report = tmp_path / "results" / "m", tmp_path / "results" / "report"
    (results / "plots").mkdir(parents=True)
    (report / "m").mkdir(parents=True)
    (report / "m" / "history.html").write_text("")
    (results / "plots" / "scaling.svg").write_text("<svg/>")
    (results / "topology.txt").write_text("lstopo")
    (results / "analysis.json").write_text(json.dumps({
        "format": FORMAT, "context": {"slicebench_topology": "1 package", "slicebench_task_us": "1000",
                                      "slicebench_tasks_per_job": "4096"},
        "claims": [{"id": "C1", "verdict": "holds"}],
        "headlines": [{"family": "scaling", "figure": "timer", "text": "3x"}]}))
    made = machine_column("m", str(results), str(report))
    assert made == {"name": "m", "report_page": "m/index.html", "history_page": "m/history.html",
                    "topology": "1 package", "date": "?", "tasks": "1000 us, 4096 per job", "topology_svg": "",
                    "topology_text": "lstopo", "scaling_svg": "../m/plots/scaling.svg", "scaling_png": "",
                    "verdicts": {"C1": "holds"}, "headlines": {("scaling", "timer"): "3x"}}
