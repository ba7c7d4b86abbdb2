import json
import os

import pytest

from analysis import history, results
from documents import document, row

RUN = {"date": "d", "commit": "c", "dirty": False, "real_time_ns": {"a": 1.0}}


def test_a_history_parses_run_by_run_skipping_blank_lines():
    text = json.dumps(RUN) + "\n\n" + json.dumps({**RUN, "date": None, "dirty": None}) + "\n"
    assert len(history.parse(text)) == 2


@pytest.mark.parametrize("line, why", [
    ("{", "line 1 is not JSON"), ("[1]", "line 1 is array, not an object"),
    (json.dumps({**RUN, "date": 5}), "line 1: date is not a string"),
    (json.dumps({**RUN, "commit": None}), "line 1: commit is not a string"),
    (json.dumps({**RUN, "dirty": "yes"}), "line 1: dirty is not true or false"),
    (json.dumps({k: v for k, v in RUN.items() if k != "real_time_ns"}), "line 1 has no real_time_ns object"),
    (json.dumps({**RUN, "real_time_ns": {"a": "1"}}), "line 1: a figure of real_time_ns is not a finite number"),
    ('{"date": "d", "commit": "c", "real_time_ns": {"a": NaN}}', "line 1 is not JSON"),
    ("\ufeff" + json.dumps(RUN), "line 1 is not JSON"),
])
def test_a_bad_line_is_named(line, why):
    with pytest.raises(results.InputError, match=f"^{why}$"):
        history.parse(line)


def test_the_bad_line_is_counted_among_all_lines():
    with pytest.raises(results.InputError, match="^line 3 "):
        history.parse(json.dumps(RUN) + "\n\n{")


def test_a_missing_history_has_no_runs(tmp_path):
    assert history.load(str(tmp_path / "none.jsonl")) == []


def test_a_run_line_holds_each_benchmarks_median_real_time():
    table = results.table(document([row("a/x", 1.0, "us", 0), row("a/x", 3.0, "us", 1), row("a/x", 2.0, "us", 2),
                                    row("b/y", 5.0, "ns")], date="2026-01-01"))
    line = history.run_line(table, "abc", True, "full")
    assert line["real_time_ns"] == {"a/x": 2000.0, "b/y": 5.0}
    assert (line["commit"], line["dirty"], line["mode"], line["date"]) == ("abc", True, "full", "2026-01-01")


def test_append_writes_whole_lines_that_read_back(tmp_path):
    path = str(tmp_path / "h.jsonl")
    history.append(path, RUN)
    history.append(path, {**RUN, "commit": "d"})
    assert [r["commit"] for r in history.load(path)] == ["c", "d"]


def test_a_failed_append_leaves_the_history_as_it_was(tmp_path, monkeypatch):
    path = str(tmp_path / "h.jsonl")
    history.append(path, RUN)
    before = open(path).read()

    def half_write(descriptor, data):
        os.ftruncate(descriptor, os.fstat(descriptor).st_size)  # nothing changes yet
        real_write(descriptor, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    real_write = os.write
    monkeypatch.setattr(os, "write", half_write)
    with pytest.raises(OSError):
        history.append(path, {**RUN, "commit": "e" * 1000})
    monkeypatch.undo()
    assert open(path).read() == before
