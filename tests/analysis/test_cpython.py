"""The construct table (bench/cpython/constructs.def) read through the one
reader of the registries, and the cpython family's rows as curves and series
over CPython's own seq, through the scaling and granularity code."""
import json
import os

import pytest

from analysis import analysis, cpython, defs, granularity, palette, results, scaling
from documents import CONSTRUCTS, cpython_granularity_rows, cpython_rows, document, row, scaling_rows


def table(*groups, **context):
    return results.table(document([r for group in groups for r in group], **context))


# ---- the table ------------------------------------------------------------------

def test_every_construct_of_the_file_stands_for_a_model_of_models_def_and_seq_is_seqs():
    made = cpython.constructs()
    assert made["seq"].model == scaling.BASELINE
    assert {c.model for c in made.values()} <= set(palette.model_colours())
    assert all(c.description for c in made.values())


def test_a_line_is_read_with_its_escapes_and_comments_are_no_entries(tmp_path):
    path = tmp_path / "constructs.def"
    path.write_text('/*\n * SB_CONSTRUCT(<construct>, <model>, "<what>")\n */\n'
                    'SB_CONSTRUCT(seq, seq, "a \\"plain\\" loop, a \\\\ too")\nSB_CONSTRUCT(asyncio,coroutine, "")\n')
    made = cpython.constructs(path)
    assert list(made) == ["seq", "asyncio"]
    assert made["seq"] == cpython.Construct("seq", "seq", 'a "plain" loop, a \\ too')
    assert made["asyncio"].model == "coroutine"


@pytest.mark.parametrize("line", ['SB_CONSTRUCT(seq, seq)', 'SB_CONSTRUCT(seq, seq, "a "quoted" word")',
                                  'SB_CONSTRUCT(Seq, seq, "x")', 'SB_CONSTRUCT(seq, seq, "x") extra'])
def test_a_line_that_is_no_entry_is_named_with_the_shape_it_must_have(tmp_path, line):
    path = tmp_path / "constructs.def"
    path.write_text(f'SB_CONSTRUCT(ok, seq, "x")\n{line}\n')
    with pytest.raises(defs.TableError) as error:
        cpython.constructs(path)
    assert str(error.value) == (f'{path} line 2: {line} is not '
                                'SB_CONSTRUCT(<construct>, <model>, "<what it is>")')


def test_a_construct_twice_or_a_file_missing_is_refused(tmp_path):
    path = tmp_path / "constructs.def"
    path.write_text('SB_CONSTRUCT(seq, seq, "x")\nSB_CONSTRUCT(seq, thread, "y")\n')
    with pytest.raises(defs.TableError, match="the construct seq has two lines"):
        cpython.constructs(path)
    with pytest.raises(defs.TableError, match=r"missing.def: cannot be read \(No such file or directory\)"):
        cpython.constructs(tmp_path / "missing.def")


# ---- the rows -------------------------------------------------------------------

SEQ = cpython_rows("cpu_int", "seq", 1, [50.0, 45.0, 55.0, 48.0, 52.0])


def test_a_constructs_speedup_is_over_cpythons_seq_not_the_models():
    models_seq = scaling_rows("cpu_int", "seq", "none", 1, [1000.0] * 5)
    threading = cpython_rows("cpu_int", "threading", 2, [50.0, 52.0, 48.0, 51.0, 49.0])
    (point,) = scaling.points(table(models_seq, SEQ, threading), cpython.SCALING)
    assert (point.workload, point.model, point.placement, point.workers) == ("cpu_int", "threading", "none", 2)
    assert point.speedups == (1.0, 1.04, 0.96, 1.02, 0.98)
    assert (point.speedup_interval.lo, point.speedup_interval.hi) == (pytest.approx(48 / 55), pytest.approx(52 / 45))
    assert scaling.points(table(models_seq, SEQ, threading)) == []  # nor is it a model's point


def test_a_free_threaded_construct_divides_by_the_free_threaded_seq_alone():
    ft_seq = cpython_rows("cpu_int", "ft_seq", 1, [80.0] * 5)
    ft_threading = cpython_rows("cpu_int", "ft_threading", 2, [160.0] * 5)
    points = scaling.points(table(SEQ, ft_seq, ft_threading), cpython.SCALING)
    assert [(p.model, p.speedup_interval.median) for p in points] == [("ft_threading", 2.0)]
    assert scaling.points(table(SEQ, ft_threading), cpython.SCALING) == []  # not over the GIL build's seq
    rows = [*cpython_granularity_rows("cpu_int", "seq", 10, [100.0] * 5),
            *cpython_granularity_rows("cpu_int", "ft_seq", 10, [50.0] * 5),
            *cpython_granularity_rows("cpu_int", "ft_threading", 10, [100.0] * 5)]
    (series,) = granularity.series(table(rows), cpython.FAMILY)
    assert (series.model, [p.speedup_interval.median for p in series.points]) == ("ft_threading", [2.0])


def test_without_cpythons_seq_a_construct_has_no_curve():
    assert scaling.points(table(cpython_rows("timer", "asyncio", 8, [1.0] * 5)), cpython.SCALING) == []


def test_granularity_rows_of_cpython_are_series_over_its_seq_at_the_same_duration():
    rows = [*cpython_granularity_rows("cpu_int", "seq", 10, [100.0] * 5),
            *cpython_granularity_rows("cpu_int", "seq", 1000, [1.0] * 5),
            *cpython_granularity_rows("cpu_int", "process", 10, [10.0] * 5),
            *cpython_granularity_rows("cpu_int", "process", 1000, [2.0] * 5)]
    (series,) = granularity.series(table(rows), cpython.FAMILY)
    assert (series.workload, series.model) == ("cpu_int", "process")
    assert [p.speedup_interval.median for p in series.points] == [0.1, 2.0]
    assert "break_even_us" in series.break_even
    assert granularity.series(table(rows)) == []


def test_the_section_names_each_curve_by_its_construct_and_model_and_why_it_stops():
    rows = [*SEQ, *cpython_rows("cpu_int", "threading", 1, [50.0] * 5, task_us=1000.0),
            *cpython_rows("cpu_int", "threading", 2, [45.0] * 5, task_us=1000.0),
            *cpython_rows("cpu_int", "mystery", 2, [100.0] * 5)]
    made = analysis.cpython_section(table(rows, **{"cpython_stop/cpu_int/threading": "stops at 2"}), CONSTRUCTS)
    threading, mystery = made["scaling"]
    assert (threading["construct"], threading["model"], threading["kind"], threading["stop"]) == \
        ("threading", "gil", "cpu", "stops at 2")
    assert [p["speedup_interval"]["median"] for p in threading["points"]] == [1.0, 0.9]
    assert threading["knee"]["knee_workers"] == 2 and threading["knee"]["task_us"] == 1000.0
    assert (threading["fit"]["construct"], threading["fit"]["model"]) == ("threading", "gil")
    assert (mystery["construct"], mystery["model"]) == ("mystery", None)
    assert made["constructs"][1] == {"construct": "threading", "model": "gil", "description": "the threading construct"}
    assert made["granularity"] == []


def test_a_cpython_point_without_a_rate_is_refused_and_a_skipped_one_is_a_failure():
    bad = document([row("cpython/timer/asyncio/workers:2/real_time", workers=2)])
    assert results.results_problem(bad) == \
        'benchmark 1 ("cpython/timer/asyncio/workers:2/real_time"): it has no items_per_second above 0'
    skipped = document([row("cpython/timer/asyncio/workers:2/real_time", skipped=True,
                            skip_message="no interpreter at /usr/bin/python3")])
    assert results.results_problem(skipped) is None
    assert results.table(skipped).failures[0].message == "no interpreter at /usr/bin/python3"
    assert results.results_problem(document([row("convoy/cpython/cpu_threads:1/real_time")])) is None


# ---- the table as the analysis reads it ----------------------------------------------

def test_a_broken_table_is_one_line_from_analyse_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "constructs.def"
    broken.write_text('SB_CONSTRUCT(seq, seq)\n')
    monkeypatch.setattr(cpython, "CONSTRUCTS_DEF", broken)
    (tmp_path / "bench.json").write_text(json.dumps(document(SEQ)))
    assert analysis.main(["analyse", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f'analyse: {broken} line 1: SB_CONSTRUCT(seq, seq) is not '
                                       'SB_CONSTRUCT(<construct>, <model>, "<what it is>")\n')
    assert not (tmp_path / "analysis.json").exists()


def test_an_analysis_older_than_the_table_is_stale(tmp_path, monkeypatch):
    table_file = tmp_path / "constructs.def"
    table_file.write_text('SB_CONSTRUCT(seq, seq, "a loop")\n')
    monkeypatch.setattr(cpython, "CONSTRUCTS_DEF", table_file)
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "bench.json").write_text(json.dumps(document(SEQ)))
    assert analysis.main(["analyse", str(folder)]) == 0
    newest = max(os.stat(path).st_mtime_ns for path in analysis._makers())
    os.utime(folder / "bench.json", ns=(newest, newest))
    os.utime(folder / "analysis.json", ns=(newest + 10**9, newest + 10**9))
    assert not analysis.stale(str(folder))
    os.utime(table_file, ns=(newest + 2 * 10**9, newest + 2 * 10**9))
    assert analysis.stale(str(folder))
