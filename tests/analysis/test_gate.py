"""The CI gate's verdicts and baseline, on small baselines and measurements
made here: a kernel passes on the threshold and fails just above it, one
missing from either side fails, a zero baseline is refused before any
division, the table prints as the gate always printed it, and a rebaseline
keeps the threshold and, for named kernels, the others' entries."""
import json

from analysis import gate


def baseline(threshold=3, **kernels):
    return {"threshold_percent": threshold,
            "kernels": {k: {"iterations": 10, "instructions_per_iteration": v} for k, v in kernels.items()}}


def measured(**kernels):
    return {k: {"iterations": 10, "instructions_per_iteration": v} for k, v in kernels.items()}


def write(path, document):
    path.write_text(json.dumps(document))
    return str(path)


def test_on_the_threshold_exactly_passes():
    assert gate.verdict("k", 5, 4, 25).verdict == "ok"
    assert gate.verdict("k", 5, 4, 25).change_percent == 25


def test_above_the_threshold_fails():
    assert gate.verdict("k", 5.000001, 4, 25).verdict == "FAIL"


def test_cheaper_passes():
    assert gate.verdict("k", 3, 4, 0).verdict == "ok"


def test_a_kernel_not_in_the_baseline_is_new_and_one_not_measured_gone():
    assert gate.verdict("k", 5, None, 3) == gate.Verdict("k", 5, None, None, "new")
    assert gate.verdict("k", None, 4, 3) == gate.Verdict("k", None, 4, None, "gone")


def test_every_kernel_on_either_side_is_judged_by_name():
    judged = gate.verdicts(measured(b=10, c=10), baseline(a=10, b=10), named=False)
    assert [(v.kernel, v.verdict) for v in judged] == [("a", "gone"), ("b", "ok"), ("c", "new")]


def test_named_kernels_are_judged_alone():
    judged = gate.verdicts(measured(b=10), baseline(a=10, b=10), named=True)
    assert [(v.kernel, v.verdict) for v in judged] == [("b", "ok")]


def test_the_table_as_the_gate_prints_it():
    judged = gate.verdicts(measured(cheaper=27.9999, dearer=28.9, fresh=5), baseline(cheaper=28, dearer=28, old=7),
                           named=False)
    out, errors = gate.report(judged, "b.json", 3)
    assert out == [
        "gate: instructions per iteration, against b.json (fail above +3%)",
        "  kernel                        now       baseline    change  verdict",
        "  cheaper                   27.9999             28       -0%  ok",
        "  dearer                       28.9             28     3.21%  FAIL",
        "  fresh                           5              -        -%  new",
        "  old                             -              7        -%  gone",
    ]
    assert errors == [
        "gate: a hot path got dearer than the threshold allows.",
        "gate: measured, but not in the baseline: fresh",
        "gate: in the baseline, but no longer measured: old",
        "gate: if that is intended, re-baseline with 'scripts/gate --rebaseline' and commit b.json.",
    ]


def test_a_pass_says_so_and_nothing_on_stderr():
    out, errors = gate.report(gate.verdicts(measured(a=10), baseline(a=10), named=False), "b.json", 3)
    assert out[-1] == "gate: passed" and errors == []


def test_the_change_is_rounded_to_hundredths_halves_away_from_zero():
    assert gate.table_line(gate.Verdict("k", 1, 1, 0.125, "ok")).split()[3] == "0.13%"
    assert gate.table_line(gate.Verdict("k", 1, 1, -0.125, "ok")).split()[3] == "-0.13%"
    assert gate.table_line(gate.Verdict("k", 1, 1, 0.124, "ok")).split()[3] == "0.12%"


def test_a_zero_baseline_is_refused_in_one_line(tmp_path, capsys):
    path = write(tmp_path / "baseline.json", baseline(a=0))
    (tmp_path / "measured").write_text("a 10 100\n")
    assert gate.main(["gate", "compare", path, str(tmp_path / "measured")]) == 1
    error = capsys.readouterr().err
    assert error == (f"gate: {path} is malformed (needs threshold_percent and kernels): kernel \"a\" needs "
                     "iterations and instructions_per_iteration above 0; recreate it with: scripts/gate --rebaseline\n")


def test_measurements_read_per_iteration_whole_numbers_kept_whole(tmp_path):
    (tmp_path / "measured").write_text("a 10 120\nb 4 10\n")
    assert gate.read_measured(str(tmp_path / "measured")) == {
        "a": {"iterations": 10, "instructions_per_iteration": 12},
        "b": {"iterations": 4, "instructions_per_iteration": 2.5}}
    assert isinstance(gate.read_measured(str(tmp_path / "measured"))["a"]["instructions_per_iteration"], int)


def test_a_malformed_measurement_is_refused_in_one_line(tmp_path, capsys):
    for text in ("a 0 120\n", "a 10\n", "a 10 x\n"):
        (tmp_path / "measured").write_text(text)
        assert gate.main(["gate", "compare", "b.json", str(tmp_path / "measured")]) == 1
        error = capsys.readouterr().err
        assert error == f"gate: {tmp_path / 'measured'} line 1 is not: KERNEL ITERATIONS INSTRUCTIONS\n"


def test_a_bad_call_gets_the_usage():
    assert gate.main(["gate", "judge", "b.json", "m"]) == 2
    assert gate.main(["gate", "compare", "b.json", "m", "--all"]) == 2


def test_compare_exits_by_the_verdicts(tmp_path, capsys):
    path = write(tmp_path / "baseline.json", baseline(a=10))
    (tmp_path / "measured").write_text("a 10 100\n")
    assert gate.main(["gate", "compare", path, str(tmp_path / "measured")]) == 0
    (tmp_path / "measured").write_text("a 10 104\n")
    assert gate.main(["gate", "compare", path, str(tmp_path / "measured")]) == 1
    assert "a hot path got dearer" in capsys.readouterr().err


def test_named_kernels_replace_their_own_entries_and_keep_the_others():
    new = gate.rebaselined(baseline(2.5, a=1, b=2, c=3), measured(b=20, d=40), named=True)
    assert new == {"threshold_percent": 2.5, "kernels": {**baseline(a=1)["kernels"], **measured(b=20),
                                                         **baseline(c=3)["kernels"], **measured(d=40)}}
    assert list(new["kernels"]) == ["a", "b", "c", "d"]


def test_a_whole_rebaseline_keeps_only_what_was_measured():
    assert gate.rebaselined(baseline(2.5, a=1, b=2), measured(b=20), named=False) == \
        {"threshold_percent": 2.5, "kernels": measured(b=20)}


def test_the_threshold_is_kept_when_a_number_else_the_default():
    assert gate.rebaselined({"threshold_percent": 0}, {}, named=False)["threshold_percent"] == 0
    for old in (None, [], {}, {"threshold_percent": "3"}, {"threshold_percent": True}):
        assert gate.rebaselined(old, {}, named=False)["threshold_percent"] == gate.DEFAULT_THRESHOLD_PERCENT


def test_a_rebaseline_is_written_whole_and_listed(tmp_path, capsys):
    path = str(tmp_path / "gate" / "baseline.json")
    (tmp_path / "measured").write_text("b 10 205\n")
    write(tmp_path / "old.json", baseline(2.5, a=1.5, b=2))
    (tmp_path / "gate").mkdir()
    (tmp_path / "old.json").rename(path)
    assert gate.main(["gate", "rebaseline", path, str(tmp_path / "measured"), "--named"]) == 0
    with open(path) as stream:
        assert json.load(stream) == {"threshold_percent": 2.5,
                                     "kernels": {"a": {"iterations": 10, "instructions_per_iteration": 1.5},
                                                 "b": {"iterations": 10, "instructions_per_iteration": 20.5}}}
    assert [p.name for p in (tmp_path / "gate").iterdir()] == ["baseline.json"]
    assert capsys.readouterr().out == (f"gate: wrote {path}:\n  a: 1.5 instructions per iteration\n"
                                       "  b: 20.5 instructions per iteration\n")


def test_a_first_rebaseline_makes_its_folder(tmp_path):
    path = str(tmp_path / "new" / "baseline.json")
    (tmp_path / "measured").write_text("a 10 120\n")
    assert gate.main(["gate", "rebaseline", path, str(tmp_path / "measured")]) == 0
    with open(path) as stream:
        assert stream.read() == ('{\n  "threshold_percent": 3,\n  "kernels": {\n    "a": {\n      "iterations": 10,\n'
                                 '      "instructions_per_iteration": 12\n    }\n  }\n}\n')
