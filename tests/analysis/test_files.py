"""The one rule for files (files.py), through every reader and writer that
uses it: nothing is read or written through a symbolic link, a target that
is not a regular file is refused, a FIFO is refused without waiting on it,
and a refused write leaves the target and its folder as they were."""
import os
import signal

import pytest

from analysis import files, gate, history
from analysis.analysis import main as analyse
from analysis.report.inputs import text_file
from analysis.report.machine_page import plots
from analysis.report.publish import publish
from analysis.results import InputError, read_text

RUN = {"date": "2026-01-01", "commit": "c", "dirty": False, "machine": "m", "mode": "full", "topology": "t",
       "real_time_ns": {"a/x": 1.0}}


@pytest.fixture
def victim(tmp_path):
    """A file outside the results, and a check that it is as it was."""
    path = tmp_path / "victim"
    path.write_text("precious")
    yield path
    assert path.read_text() == "precious"


def linked(path, target):
    os.symlink(target, path)
    return str(path)


def listing(folder):
    return sorted(os.listdir(folder))


def test_a_link_is_not_read(tmp_path, victim):
    with pytest.raises(InputError, match="cannot be read .it is a symbolic link, which the scripts never follow"):
        read_text(linked(tmp_path / "bench.json", victim))


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    def waited(*_):
        raise TimeoutError("read_text waited on the FIFO")
    os.mkfifo(tmp_path / "fifo")
    previous = signal.signal(signal.SIGALRM, waited)
    signal.alarm(10)
    try:
        with pytest.raises(InputError, match="it is not a regular file"):
            read_text(str(tmp_path / "fifo"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_report_reads_no_text_through_a_link(tmp_path, victim):
    with pytest.raises(InputError, match="topology.txt will not be read: it is a symbolic link"):
        text_file(linked(tmp_path / "topology.txt", victim))
    assert text_file(str(tmp_path / "missing.txt")) == ""


def test_the_report_links_no_plot_that_is_a_link(tmp_path, victim):
    (tmp_path / "m" / "plots").mkdir(parents=True)
    (tmp_path / "m" / "plots" / "a.svg").write_text("<svg/>")
    assert [plot["name"] for plot in plots(str(tmp_path / "m"), str(tmp_path))] == ["a"]
    linked(tmp_path / "m" / "plots" / "b.svg", victim)
    with pytest.raises(InputError, match="b.svg will not be read: it is a symbolic link"):
        plots(str(tmp_path / "m"), str(tmp_path))


def test_analysis_json_is_not_replaced_where_it_is_a_link(tmp_path, victim, capsys):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "bench.json").write_text('{"context": {}, "benchmarks": []}')
    linked(folder / "analysis.json", victim)
    assert analyse(["analyse", str(folder)]) == 1
    assert f"analyse: cannot write {folder}/analysis.json: it is a symbolic link" in capsys.readouterr().err
    assert os.path.islink(folder / "analysis.json")
    assert listing(folder) == ["analysis.json", "bench.json"]


@pytest.mark.parametrize("planted", ["baseline.json", "baseline.json.partial"])
def test_the_gate_writes_no_baseline_through_a_link(tmp_path, victim, planted):
    (tmp_path / "measured").write_text("k 1 10\n")
    linked(tmp_path / planted, victim)
    gate.main(["gate", "rebaseline", str(tmp_path / "baseline.json"), str(tmp_path / "measured")])
    assert listing(tmp_path) == sorted(["measured", "victim", planted] + (["baseline.json"] if "partial" in planted else []))


def test_the_gate_says_why_it_wrote_no_baseline(tmp_path, victim, capsys):
    (tmp_path / "measured").write_text("k 1 10\n")
    path = linked(tmp_path / "baseline.json", victim)
    assert gate.main(["gate", "rebaseline", path, str(tmp_path / "measured")]) == 1
    assert capsys.readouterr().err == f"gate: cannot write {path}: it is a symbolic link, which the scripts never follow\n"


def test_no_run_is_appended_through_a_link(tmp_path, victim):
    with pytest.raises(files.RefusedFile, match="it is a symbolic link"):
        history.append(linked(tmp_path / "h.jsonl", victim), RUN)


def test_a_page_that_is_a_link_or_a_folder_is_refused_and_no_page_changes(tmp_path, victim):
    (tmp_path / "a.html").write_text("old")
    linked(tmp_path / "b.html", victim)
    with pytest.raises(files.RefusedFile, match="it is a symbolic link"):
        publish({str(tmp_path / "a.html"): "new", str(tmp_path / "b.html"): "b"})
    (tmp_path / "index.html").mkdir()
    with pytest.raises(files.RefusedFile, match="it is not a regular file"):
        publish({str(tmp_path / "a.html"): "new", str(tmp_path / "index.html"): "page"})
    assert (tmp_path / "a.html").read_text() == "old"
    assert listing(tmp_path) == ["a.html", "b.html", "index.html", "victim"]


def test_a_folder_is_made_but_a_link_to_one_refused(tmp_path):
    files.make_folder(str(tmp_path / "made" / "deeper"))
    assert (tmp_path / "made" / "deeper").is_dir()
    with pytest.raises(files.RefusedFile, match="it is a symbolic link"):
        files.make_folder(linked(tmp_path / "link", tmp_path / "made"))
    (tmp_path / "file").write_text("")
    with pytest.raises(files.RefusedFile, match="it is not a folder"):
        files.make_folder(str(tmp_path / "file"))


def test_a_write_is_whole_and_leaves_no_temporary_file(tmp_path):
    path = str(tmp_path / "out.json")
    files.write_atomically(path, {"a": 1})
    files.write_atomically(path, {"a": 2})
    assert read_text(path) == '{\n "a": 2\n}\n'
    assert oct(os.stat(path).st_mode & 0o777) == "0o644"
    assert listing(tmp_path) == ["out.json"]
