import json

from analysis import ab
from documents import document, row


def write(path, rows):
    path.write_text(json.dumps(document(rows)))


def test_samples_gather_each_sides_runs_in_round_order(tmp_path):
    for side, scale in (("base", 1), ("head", 2)):
        for r in (1, 2):
            write(tmp_path / f"{side}-{r}.json", [row("switch/x", real_time=r * scale, time_unit="us")])
    assert ab.main(["ab", "samples", str(tmp_path), "2", "^switch/", "0.05", "head", "base", "base", "head"]) == 0
    made = json.loads((tmp_path / "samples.json").read_text())
    assert made["base"] == [{"switch/x": 1000.0}, {"switch/x": 2000.0}]
    assert made["head"] == [{"switch/x": 2000.0}, {"switch/x": 4000.0}]
    assert made["run"] == {"filter": "^switch/", "min_time_s": "0.05", "order": ["head", "base", "base", "head"]}


def test_a_missing_run_is_an_error_not_a_traceback(tmp_path, capsys):
    assert ab.main(["ab", "samples", str(tmp_path), "1", "f", "0.1", "base"]) == 2
    assert capsys.readouterr().err.startswith("ab: cannot read the runs:")


def test_slower_fails_only_when_a_benchmark_got_slower(tmp_path):
    path = tmp_path / "ab.json"
    for slower, status in ((0, 0), (1, 1), (3, 1)):
        path.write_text(json.dumps({"counts": {"slower": slower, "faster": 2}}))
        assert ab.main(["ab", "slower", str(path)]) == status
