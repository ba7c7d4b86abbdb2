import json
import os

from analysis import analysis
from analysis.claims import entries
from documents import document, row, scaling_rows


def small_run():
    return document([*scaling_rows("cpu_int", "seq", "none", 1, [100.0] * 5, task_us=1000.0),
                     *scaling_rows("cpu_int", "thread", "none", 1, [95.0] * 5, task_us=1000.0, cpu_us_per_task=1000.0),
                     *scaling_rows("cpu_int", "thread", "none", 2, [190.0] * 5, task_us=1000.0, cpu_us_per_task=1000.0),
                     row("sync/lock/threads:1", voluntary_switches_per_op=1.0, involuntary_switches_per_op=0.5)],
                    date="2026-01-01")


def write(tmp_path, doc):
    (tmp_path / "bench.json").write_text(json.dumps(doc))
    return str(tmp_path)


def test_the_analysis_holds_every_section_a_reader_needs(tmp_path):
    assert analysis.main(["analyse", write(tmp_path, small_run())]) == 0
    made = json.loads((tmp_path / "analysis.json").read_text())
    assert made["format"] == analysis.FORMAT and made["machine"]["title"] == "m: t" and made["machine"]["pus"] == 2
    (curve,) = made["scaling"]
    assert (curve["workload"], curve["kind"], curve["model"]) == ("cpu_int", "cpu", "thread")
    assert [p["workers"] for p in curve["points"]] == [1, 2]
    assert curve["points"][1]["speedup"]["median"] == 1.9 and curve["points"][1]["speedup"]["n"] == 5
    assert curve["knee"]["knee_workers"] == 0 and curve["knee"]["bound_speedup"] == 2.0
    assert [c["id"] for c in made["claims"]] == [entry["id"] for entry in entries.read()]
    assert made["summary"][-1].startswith("load: ")


def test_a_sum_of_counters_is_summed_per_repetition(tmp_path):
    analysis.main(["analyse", write(tmp_path, small_run())])
    made = json.loads((tmp_path / "analysis.json").read_text())
    (sync,) = [b for b in made["benchmarks"] if b["family"] == "sync"]
    assert sync["counters"]["switches_per_op"]["median"] == 1.5
    assert "repetition_index" not in sync["counters"]


def test_the_summary_prints_with_control_characters_made_spaces(tmp_path, capsys):
    (tmp_path / "analysis.json").write_text(json.dumps({"summary": ["a\x1b[31mb", "c"]}))
    assert analysis.main(["analyse", "--summary", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "a [31mb\nc\n"


def test_bad_input_and_bad_calls_say_so_in_one_line(tmp_path, capsys):
    (tmp_path / "bench.json").write_text("{")
    assert analysis.main(["analyse", str(tmp_path)]) == 1
    assert capsys.readouterr().err.count("\n") == 1 and not (tmp_path / "analysis.json").exists()
    assert analysis.main(["analyse"]) == 2 and analysis.main(["analyse", "--bogus"]) == 2
    assert analysis.main(["analyse", "--summary", str(tmp_path)]) == 1


def test_an_analysis_is_stale_when_missing_or_not_newer_than_what_makes_it(tmp_path):
    folder = write(tmp_path, small_run())
    assert analysis.stale(folder)
    analysis.main(["analyse", folder])
    made = (tmp_path / "analysis.json").stat().st_mtime_ns
    newest_maker = max(os.stat(path).st_mtime_ns for path in analysis._makers())
    os.utime(tmp_path / "analysis.json", ns=(made, max(made, newest_maker) + 10**9))
    os.utime(tmp_path / "bench.json", ns=(made, max(made, newest_maker)))
    assert not analysis.stale(folder)
    assert analysis.main(["analyse", "--stale", folder]) == 1
    os.utime(tmp_path / "bench.json", ns=(made, max(made, newest_maker) + 2 * 10**9))
    assert analysis.stale(folder) and analysis.main(["analyse", "--stale", folder]) == 0


def test_the_code_and_the_bars_make_an_analysis_but_the_pages_renderer_does_not():
    makers = analysis._makers()
    assert analysis.BARS in makers and os.path.exists(analysis.BARS)
    assert any(path.endswith(os.path.join("claims", "verdict.py")) for path in makers)
    assert not any(os.sep + "report" + os.sep in path for path in makers)
