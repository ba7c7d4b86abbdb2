"""A machine's history page, rendered from small change points made here:
the steps by run then name with their size, each trend drawn on the shared
x axis and its own log scale, and hostile names and commits escaped."""
from analysis.report.history_page import render_history_page

MADE = "2027-01-01T00:00:00Z"


def run(index, commit="c", date="2027-01-21T10:00:00+00:00", dirty=False):
    return {"index": index, "date": date, "commit": commit, "dirty": dirty}


def benchmark(name, times, changes=()):
    """times: one per run, from run 0; changes: (run, ratio) of each step."""
    points = [[index, ns] for index, ns in enumerate(times)]
    starts = [0] + [index for index, _ in changes] + [len(times)]
    segments = [{"first": a, "last": b - 1, "median_ns": times[a]} for a, b in zip(starts, starts[1:])]
    return {"name": name, "points": points, "segments": segments,
            "change_points": [dict(run(index, commit=f"c{index}"), ratio=ratio) for index, ratio in changes]}


def history(benchmarks, runs):
    return {"runs": [run(index) for index in range(runs)], "benchmarks": benchmarks}


def test_steps_by_run_then_name_with_their_size():
    page = render_history_page(history([benchmark("b/x", [10, 10, 20, 20], [(2, 2.0)]),
                                        benchmark("a/x", [10, 10, 5, 5], [(2, 0.5)]),
                                        benchmark("a/y", [10, 20, 20, 20], [(1, 2.0)])], 4), "m", MADE)
    steps = [line for line in page.split("\n") if line.startswith("<tr><td>")]
    assert steps == [
        '<tr><td>a/y</td><td>run 1 (2027-01-21, c1)</td><td class="number">&times;2 (slower)</td></tr>',
        '<tr><td>a/x</td><td>run 2 (2027-01-21, c2)</td><td class="number">&times;0.5 (faster)</td></tr>',
        '<tr><td>b/x</td><td>run 2 (2027-01-21, c2)</td><td class="number">&times;2 (slower)</td></tr>',
    ]


def test_a_trend_spans_the_shared_axis_on_its_own_log_scale():
    page = render_history_page(history([benchmark("a/x", [100, 1000, 1000], [(1, 10.0)])], 3), "m", MADE)
    assert 'points="4,60 130,4 256,4"' in page
    assert '<line class="change" x1="130" x2="130" y1="0" y2="64"' in page
    assert '<line class="level" x1="4" x2="4" y1="60" y2="60" stroke="#222" stroke-width="2"/>' in page
    assert '<line class="level" x1="130" x2="256" y1="4" y2="4"' in page
    assert '<br><span class="change">run 1 (2027-01-21, c1): &times;10 (slower)</span>' in page


def test_one_run_sits_in_the_middle_of_a_flat_trend():
    page = render_history_page(history([benchmark("a/x", [100])], 1), "m", MADE)
    assert 'points="130,60"' in page
    assert "<p>No change point in this history.</p>" in page


def test_trends_grouped_by_family():
    page = render_history_page(history([benchmark("b/x", [1]), benchmark("a/x", [1]), benchmark("a/y", [1])], 1),
                               "m", MADE)
    families = [line.split("</h3>")[0] for line in page.split("\n") if line.startswith("<h3>")]
    assert families == ["<h3>a", "<h3>b"]
    assert page.index("<title>a/x</title>") < page.index("<title>a/y</title>")


def test_no_runs_yet():
    page = render_history_page(history([], 0), "m", MADE)
    assert "<p>No runs recorded yet.</p>" in page and "<p>0 runs, from results/history/m.jsonl;" in page


def test_a_run_without_a_date_and_from_a_dirty_tree():
    changes = benchmark("a/x", [1, 1, 2, 2], [(2, 2.0)])
    changes["change_points"][0].update(date=None, dirty=True)
    page = render_history_page(history([changes], 4), "m", MADE)
    assert "run 2 (no date, c2+)" in page


def test_hostile_names_and_commits_are_escaped():
    hostile = "<script>alert(1)</script>\"'"
    changes = benchmark(hostile, [1, 1, 2, 2], [(2, 2.0)])
    changes["change_points"][0]["commit"] = hostile
    page = render_history_page(history([changes], 4), hostile, MADE)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39;" in page
