import json
import math
import subprocess

import pytest

from analysis import analysis, defs, gnuplot, palette, placement, plot, plotting, results
from analysis.plot import reshaper
from documents import CONSTRUCTS, cpython_granularity_rows, cpython_rows, document, row, scaling_rows

FIVE = range(5)


def analysed(rows, **context) -> dict:
    """The parts of analysis.json the plots read, of a results document of these rows."""
    table = results.table(document(rows, **context))
    return {"machine": analysis.machine(table), "benchmarks": analysis.benchmarks(table),
            "scaling": analysis.scaling_curves(table), "granularity": analysis.granularity_series(table),
            "cpython": analysis.cpython_section(table, CONSTRUCTS), "placement": placement.placement(table)}


def repeated(name, real_times=(1.0,) * 5, **counters):
    """A benchmark's repetitions: counters given as one value, or a list of one per repetition."""
    def value(v, i):
        return v[i] if isinstance(v, (list, tuple)) else v
    return [row(name, real_time=real_times[i], repetition=i, **{k: value(v, i) for k, v in counters.items()})
            for i in range(len(real_times))]


def reshape(name, rows=(), history=None, **context):
    return reshaper(name)(analysed(list(rows), **context), history)


def blocks(text):
    return [block.split("\n") for block in text.split("\n\n\n") if block]


# ---- numbers and data files ------------------------------------------------------

@pytest.mark.parametrize("value, text", [
    (3.0, "3"), (100, "100"), (0.1 + 0.2, "0.30000000000000004"), (1.5e-07, "1.5e-07"), (0.0001, "0.0001"),
    (0.00001, "1e-05"), (1e15, "1000000000000000"), (1e16, "1e+16"), (2e16, "2e+16"), (123e14, "12300000000000000"),
    (12345678901234567, "12345678901234568"), (1.5e17, "1.5e+17"), (123456789012345680000.0, "123456789012345680000"),
    (1e300, "1e+300"), (-0.0, "-0"), (-2.5, "-2.5"), (math.nan, "null"), (math.inf, "1.7976931348623157e+308")])
def test_numbers_print_as_jq_printed_them(value, text):
    assert plotting.number(value) == text


def test_a_data_file_is_its_lines_and_blocks_are_titled_and_two_blank_lines_apart():
    assert plotting.data_text(["a", "b"]) == "a\nb\n" and plotting.data_text([]) == ""
    assert plotting.data_blocks([("x", ["1 2"]), ("y", [])]) == "x\n1 2\n\n\ny\n\n\n"


def test_a_comment_line_holds_any_text_on_one_line():
    assert plotting.comment('a\nb "c\x1b') == '# a b "c '


def test_a_figure_spreads_as_median_min_max_or_nan():
    figure = {"median": 2.0, "min": 1.0, "max": 4.5}
    assert plotting.spread(figure) == "2 1 4.5"
    assert plotting.spread(figure, lambda x: x * 10) == "20 10 45"
    assert plotting.spread(None) == plotting.spread({"median": None}) == "NaN NaN NaN"


# ---- gnuplot: names and constants --------------------------------------------------

HOSTILE = "x'; system('touch PWNED'); y=' `touch PWNED` @machine \\ \" \nnext line"


def test_a_string_becomes_one_single_quoted_literal_its_quotes_doubled_its_newline_a_space():
    assert gnuplot.gnuplot_literal(HOSTILE) == \
        "'x''; system(''touch PWNED''); y='' `touch PWNED` @machine \\ \"  next line'"


def test_gnuplot_reads_the_literal_back_as_the_same_text_and_runs_nothing(tmp_path):
    printed = subprocess.run(["gnuplot", "-e", f"s = {gnuplot.gnuplot_literal(HOSTILE)}; print s"], cwd=tmp_path,
                             capture_output=True, text=True)
    assert printed.stderr == HOSTILE.replace("\n", " ") + "\n"
    assert list(tmp_path.iterdir()) == []


def test_a_number_stays_a_number_and_anything_else_is_refused():
    assert gnuplot.gnuplot_literal(1.5e-07) == "1.5e-07" and gnuplot.gnuplot_literal(2) == "2"
    for value in (True, None, [1], {"a": 1}):
        with pytest.raises(gnuplot.PlotError):
            gnuplot.gnuplot_literal(value)


@pytest.mark.parametrize("spec, why", [
    ({"vars": {"bad name": 1}}, '"bad name" is not a gnuplot variable name'),
    ({"data": {"1x": ""}}, '"1x" is not a gnuplot variable name'),
    ({"vars": {"x": [1]}}, '{"x": [1]} are neither numbers nor strings'),
    ({"vars": {"x": True}}, "are neither numbers nor strings"),
    ({"data": {"x": 1}}, "a data file's text is not a string"),
    ({"data": {"x": ""}, "vars": {"x": 1}}, "a name is both a data file and a variable"),
    ({"other": 1}, "expected None or"),
    ([1], "expected None or")])
def test_a_bad_spec_is_refused_naming_the_plot(spec, why):
    with pytest.raises(gnuplot.PlotError, match="^plots/p/reshape.py: ") as error:
        gnuplot.plot_spec(spec, "p")
    assert why in str(error.value)


def test_a_spec_is_none_or_its_data_and_vars():
    assert gnuplot.plot_spec(None, "p") is None
    assert gnuplot.plot_spec({"vars": {"a": 1}}, "p") == {"data": {}, "vars": {"a": 1}}


def test_the_assignments_set_common_then_the_plots_vars_over_them_then_the_data_files():
    spec = {"data": {"panel": "1 2\n"}, "vars": {"machine": "mine", "n": 3}}
    assert gnuplot.gnuplot_assignments({"machine": "m: t", "out": "o"}, spec, "/d", "p") == \
        "machine = 'mine'; out = 'o'; n = 3; panel = '/d/panel'"


# ---- the palette ---------------------------------------------------------------------

def test_every_model_of_models_def_has_a_colour():
    lines = [line for line in palette.MODELS_DEF.read_text().splitlines() if line.startswith("SB_MODEL(")]
    colours = palette.model_colours()
    assert len(colours) == len(lines) >= 7 and colours["seq"] == "#000000"


def test_no_two_models_share_a_colour_and_no_two_placements_a_dash():
    colours = palette.model_colours()
    assert len(set(colours.values())) == len(colours) and palette.UNKNOWN_MODEL_COLOUR not in colours.values()
    dashes = [*palette.PLACEMENT_DASHES.values(), palette.UNKNOWN_PLACEMENT_DASH]
    assert len(set(dashes)) == len(dashes)


def test_a_model_line_without_a_colour_is_named(tmp_path):
    models = tmp_path / "models.def"
    models.write_text('SB_MODEL(seq, seq, "#000000")\nSB_MODEL(rev, rev)\n')
    with pytest.raises(defs.TableError, match=r"line 2: SB_MODEL\(rev, rev\) is not"):
        palette.model_colours(models)


def test_the_generated_palette_gives_each_model_its_colour_and_each_placement_its_dash(tmp_path):
    colours = palette.model_colours()
    (tmp_path / "palette.gp").write_text(palette.palette_text(colours))
    asked = [*colours, "unknown"]
    program = "load 'palette.gp'; " + "; ".join(f'print model_colour("{m}")' for m in asked) + "; " + \
        "; ".join(f'print placement_dash("{p}")' for p in [*palette.PLACEMENT_DASHES, "unknown"])
    printed = subprocess.run(["gnuplot", "-e", program], cwd=tmp_path, capture_output=True, text=True).stderr.split()
    assert printed == [*colours.values(), palette.UNKNOWN_MODEL_COLOUR,
                       *map(str, palette.PLACEMENT_DASHES.values()), str(palette.UNKNOWN_PLACEMENT_DASH)]


# ---- each reshaper on a small analysis ----------------------------------------------

@pytest.mark.parametrize("name", ["convoy", "ctxswitch", "granularity", "history", "ipc", "mixed", "placement",
                                  "scaling", "sync", "timeslice", "waiters"])
def test_without_its_family_a_plot_has_nothing_to_draw(name):
    assert reshape(name, repeated("noise/over_run/iterations:1/real_time", others_cpu_pus=0)) is None


def test_convoy_a_series_per_lock_a_row_per_cpu_thread_count_cpython_in_the_gils_colour():
    rows = [*repeated("convoy/no_gil/cpu_threads:0/real_time", sleep_us=500, lateness_p50_us=[1, 2, 3, 4, 5],
                      lateness_p99_us=9),
            *repeated("convoy/gil/cpu_threads:1/real_time", sleep_us=500, lateness_p50_us=7, lateness_p99_us=8,
                      switch_interval_us=5000),
            *repeated("convoy/gil/cpu_threads:0/real_time", sleep_us=500, lateness_p50_us=1, lateness_p99_us=2,
                      switch_interval_us=5000),
            *repeated("convoy/cpython/cpu_threads:1/real_time", sleep_us=500, lateness_p50_us=6, lateness_p99_us=10,
                      switch_interval_us=5000)]
    spec = reshape("convoy", rows)
    assert spec["data"] == {"series_1": "1 6 6 6 10 10 10\n", "series_2": "0 1 1 1 2 2 2\n1 7 7 7 8 8 8\n",
                            "series_3": "0 3 1 5 9 9 9\n"}
    assert spec["vars"] == {"series": 3, "name_1": "cpython", "name_2": "gil", "name_3": "no_gil",
                            "model_1": "gil", "model_2": "gil", "model_3": "thread",
                            "cpython_1": 1, "cpython_2": 0, "cpython_3": 0, "sleep_us": 500, "switch_interval_ms": 5}


def test_convoy_results_with_cpythons_rule_still_plot_without_it():
    rows = [*repeated("convoy/gil/cpu_threads:1/real_time", sleep_us=500, lateness_p50_us=7, lateness_p99_us=8,
                      expected_us=5000, switch_interval_us=5000)]
    assert reshape("convoy", rows)["data"] == {"series_1": "1 7 7 7 8 8 8\n"}


def test_ctxswitch_switches_lightest_first_in_nanoseconds_and_spawns():
    rows = [*repeated("ctxswitch/pipe/thread/same_pu/real_time", switch_time=[3e-6, 2e-6, 4e-6, 3e-6, 3e-6],
                      caller_pu=0, partner_pu=0),
            *repeated("ctxswitch/futex/thread/cross_pu/real_time", switch_time=1.2345678e-6, caller_pu=0, partner_pu=1),
            *repeated("switch/ping_pong/asm/real_time", switch_time=5e-8),
            *repeated("ctxswitch/spawn/thread/real_time", real_times=(0.02,) * 5)]
    spec = reshape("ctxswitch", rows)
    assert spec["data"]["switches"] == ("coroutine 50 50 50 NaN NaN NaN\n"
                                        "futex/thread NaN NaN NaN 1234.5678 1234.5678 1234.5678\n"
                                        "pipe/thread 3000 2000 4000 NaN NaN NaN\n")
    assert spec["data"]["spawns"] == "thread 20000 20000 20000\n"
    assert spec["vars"] == {"tallest": 4000, "same_pus": "0+0", "cross_pus": "0+1"}


def test_ctxswitch_a_coroutine_switch_alone_draws_no_switch_panel():
    spec = reshape("ctxswitch", [*repeated("switch/ping_pong/asm/real_time", switch_time=5e-8),
                                 *repeated("ctxswitch/spawn/process/real_time")])
    assert set(spec["data"]) == {"spawns"} and spec["vars"]["same_pus"] == ""


def test_ctxswitch_tallest_keeps_six_significant_digits():
    spec = reshape("ctxswitch", repeated("ctxswitch/pipe/process/same_pu/real_time", switch_time=1.23456789e-6,
                                         caller_pu=0, partner_pu=0))
    assert spec["vars"]["tallest"] == 1234.57


def granularity_rows(workload, model, task_us, rates):
    return repeated(f"granularity/{workload}/{model}/task_us:{task_us}/real_time", items_per_second=list(rates),
                    task_us=task_us, workers=1 if model == "seq" else 2)


def test_granularity_a_panel_per_workload_a_curve_per_model_with_its_break_even():
    rows = [*granularity_rows("cpu_int", "seq", 10, [100] * 5), *granularity_rows("cpu_int", "seq", 1000, [100] * 5),
            *granularity_rows("cpu_int", "thread", 10, [50, 40, 50, 60, 50]),
            *granularity_rows("cpu_int", "thread", 1000, [200] * 5),
            *granularity_rows("cpu_int", "process", 10, [10] * 5),
            *granularity_rows("cpu_int", "process", 1000, [20] * 5)]
    spec = reshape("granularity", rows)
    assert blocks(spec["data"]["panel_1"]) == [["# thread", "1e-05 0.5 0.4 0.6", "0.001 2 2 2"],
                                               ["# process", "1e-05 0.1 0.1 0.1", "0.001 0.2 0.2 0.2"]]
    (thread, at), process = blocks(spec["data"]["marks_1"])
    assert thread == "# thread" and float(at.split()[0]) == pytest.approx(1e-4) and at.split()[1] == "1"
    assert process == ["# process", "NaN NaN"]
    assert spec["vars"] == {"title_1": "CPU-bound tasks (cpu_int)", "note_1_1": "thread: 100 us",
                            "note_1_2": "process: above 1 ms", "panels": 1, "models": 2, "workers": 2,
                            "shortest_s": 1e-05, "longest_s": 0.001, "model_1": "thread", "model_2": "process",
                            "constructs": 0}
    assert spec["data"]["cpython_1"] == spec["data"]["cmarks_1"] == ""


def test_granularity_cpythons_series_beside_the_models_with_their_break_evens():
    rows = [*granularity_rows("cpu_int", "seq", 10, [100] * 5), *granularity_rows("cpu_int", "process", 10, [10] * 5),
            *cpython_granularity_rows("cpu_int", "seq", 10, [50] * 5),
            *cpython_granularity_rows("cpu_int", "seq", 100000, [5] * 5),
            *cpython_granularity_rows("cpu_int", "process", 10, [1] * 5),
            *cpython_granularity_rows("cpu_int", "process", 100000, [10] * 5),
            *cpython_granularity_rows("timer", "seq", 10, [50] * 5),
            *cpython_granularity_rows("timer", "mystery", 10, [100] * 5)]
    spec = reshape("granularity", rows)
    assert blocks(spec["data"]["cpython_1"]) == [["# process", "1e-05 0.02 0.02 0.02", "0.1 2 2 2"],
                                                 ["# mystery", "NaN NaN NaN NaN"]]
    assert blocks(spec["data"]["cpython_2"]) == [["# process", "NaN NaN NaN NaN"], ["# mystery", "1e-05 2 2 2"]]
    assert blocks(spec["data"]["cmarks_1"])[1] == ["# mystery", "NaN NaN"]
    assert {key: spec["vars"][key] for key in ("constructs", "construct_1", "cmodel_1", "construct_2", "cmodel_2",
                                               "cnote_2_2", "cnote_1_2", "longest_s", "title_2", "models")} == {
        "constructs": 2, "construct_1": "process", "cmodel_1": "process", "construct_2": "mystery", "cmodel_2": "-",
        "cnote_2_2": "mystery: below 10 us", "cnote_1_2": "mystery: not measured", "longest_s": 0.1,
        "title_2": "IO-bound tasks (timer)", "models": 1}
    assert spec["vars"]["cnote_1_1"].startswith("process: ") and spec["vars"]["cnote_1_1"].endswith(" ms")


def test_granularity_a_model_missing_from_a_workload_has_a_nan_curve():
    rows = [*granularity_rows("cpu_int", "seq", 10, [100] * 5), *granularity_rows("cpu_int", "thread", 10, [200] * 5),
            *granularity_rows("timer", "seq", 10, [100] * 5), *granularity_rows("timer", "gil", 10, [50] * 5)]
    spec = reshape("granularity", rows)
    assert blocks(spec["data"]["panel_1"])[1] == ["# gil", "NaN NaN NaN NaN"]
    assert spec["vars"]["note_1_2"] == "gil: not measured" and spec["vars"]["note_2_2"] == "gil: above 10 us"
    assert spec["vars"]["note_1_1"] == "thread: below 10 us" and spec["vars"]["title_2"] == "IO-bound tasks (timer)"


RUNS = [{"date": "2026-01-02T03:04:05", "commit": "abcdef123456", "dirty": False,
         "real_time_ns": {"overhead/thread/workers:2": 200.0, "other/x": 1.0}},
        {"date": "2026-01-03T03:04:05", "commit": "bcdef1234567", "dirty": True,
         "real_time_ns": {"overhead/thread/workers:2": 100.0, "overhead/seq/workers:1": 50.0}}]


def test_history_each_figure_relative_to_its_first_run(monkeypatch):
    monkeypatch.delenv("SLICEBENCH_HISTORY_FIGURES", raising=False)
    spec = reshape("history", repeated("noise/over_run/iterations:1/real_time"), history=RUNS)
    assert blocks(spec["data"]["data"]) == [["overhead/seq/workers:1", "2 1"],
                                            ["overhead/thread/workers:2", "1 1", "2 0.5"]]
    assert spec["vars"] == {"blocks": 2, "runs": 2, "machine": "m", "tic_1": "01-02 abcdef1", "tic_2": "01-03 bcdef12+"}


def test_history_figures_chosen_by_the_environment(monkeypatch):
    monkeypatch.setenv("SLICEBENCH_HISTORY_FIGURES", "^other/")
    spec = reshape("history", history=RUNS)
    assert blocks(spec["data"]["data"]) == [["other/x", "1 1"]]
    monkeypatch.setenv("SLICEBENCH_HISTORY_FIGURES", "^none$")
    assert reshape("history", history=RUNS) is None


def test_ipc_a_block_per_transport_in_channel_order_and_the_list_bars_side_by_side():
    rows = [*repeated("ipc/round_trip/pipe/bytes:8/real_time", real_times=(2.0,) * 5, time_unit="us",
                      cpu_ns_per_message=3000, parent_pu=0, child_pu=1),
            *repeated("ipc/round_trip/shm_spin/bytes:512/real_time", real_times=(1.0,) * 5, time_unit="us",
                      cpu_ns_per_message=1000, parent_pu=0, child_pu=1),
            *repeated("ipc/round_trip/shm_spin/bytes:8/real_time", real_times=(0.5,) * 5, time_unit="us",
                      cpu_ns_per_message=500, parent_pu=0, child_pu=1),
            *repeated("ipc/stream/pipe/bytes:8/real_time", bytes_per_second=8e6, parent_pu=0, child_pu=1),
            *repeated("ipc/list/shared_list/set/real_time", real_times=(100.0,) * 5, time_unit="ns"),
            *repeated("ipc/list/manager/append/real_time", real_times=(20.0,) * 5, time_unit="us"),
            *repeated("ipc/list/manager/set/real_time", real_times=(10.0,) * 5, time_unit="us")]
    spec = reshape("ipc", rows)
    assert blocks(spec["data"]["latency"]) == [["shm_spin", "8 0.5 0.5 0.5", "512 1 1 1"], ["pipe", "8 2 2 2"]]
    assert blocks(spec["data"]["throughput"]) == [["pipe", "8 8 8 8"]]
    assert blocks(spec["data"]["cpu"])[0] == ["shm_spin", "8 0.5 0.5 0.5", "512 1 1 1"]
    assert blocks(spec["data"]["list"]) == [["manager", "3 append 20000 20000 20000", "0 set 10000 10000 10000"],
                                            ["shared_list", "1 set 100 100 100"]]
    assert spec["vars"] == {"latency_names": "shm_spin pipe ", "throughput_names": "pipe ",
                            "cpu_names": "shm_spin pipe ",
                            "list_names": "manager shared_list ",
                            "pinning": "the two processes pinned to PUs 0 and 1"}


def test_ipc_processes_that_moved_between_pus_read_as_scatter():
    rows = [*repeated("ipc/round_trip/pipe/bytes:8/real_time", parent_pu=0, child_pu=[1, 1, 0, 1, 1])]
    assert reshape("ipc", rows)["vars"]["pinning"] == "the two processes pinned to two PUs (scatter)"


SEQ_RATES = [100.0] * 5


def curve(workload, model, placement, rates_by_workers):
    return [r for workers, rates in rates_by_workers.items()
            for r in scaling_rows(workload, model, placement, workers, rates)]


def test_mixed_speedup_against_the_computing_share_at_the_largest_count_every_curve_reached():
    rows = [*curve("timer", "seq", "none", {1: SEQ_RATES}), *curve("mixed50", "seq", "none", {1: SEQ_RATES}),
            *curve("cpu_int", "seq", "none", {1: SEQ_RATES}), *curve("http", "seq", "none", {1: SEQ_RATES}),
            *curve("timer", "gil", "none", {2: [150.0] * 5, 64: [900.0] * 5}),
            *curve("timer", "thread", "none", {2: [190.0] * 5, 64: [3000.0] * 5}),
            *curve("mixed50", "thread", "none", {2: [180.0, 170.0, 190.0, 180.0, 180.0]}),
            *curve("cpu_int", "thread", "none", {2: [160.0] * 5}),
            *curve("cpu_int", "thread", "compact", {2: [1.0] * 5}),
            *curve("http", "thread", "none", {2: [1.0] * 5})]
    spec = reshape("mixed", rows)
    assert blocks(spec["data"]["data"]) == [["gil", "0 1.5 1.5 1.5"],
                                            ["thread", "0 1.9 1.9 1.9", "50 1.8 1.7 1.9", "100 1.6 1.6 1.6"]]
    assert spec["vars"] == {"models": "gil thread", "workers": 2, "pus": 2}


def test_mixed_nothing_to_draw_without_a_mixed_workload():
    rows = [*curve("timer", "seq", "none", {1: SEQ_RATES}), *curve("timer", "thread", "none", {2: SEQ_RATES})]
    assert reshape("mixed", rows) is None


def scaling_results():
    """cpu_int (CPU-bound) and timer (IO-bound), thread and pool, placement none
    and, on both workloads, thread under compact."""
    return [*curve("cpu_int", "seq", "none", {1: SEQ_RATES}), *curve("timer", "seq", "none", {1: SEQ_RATES}),
            *curve("cpu_int", "thread", "none", {1: [90.0] * 5, 2: [180.0] * 5, 4: [150.0] * 5}),
            *curve("cpu_int", "thread", "compact", {1: [80.0] * 5, 2: [100.0] * 5}),
            *curve("cpu_int", "pool", "none", {1: [95.0] * 5, 2: [190.0, 185.0, 195.0, 190.0, 190.0]}),
            *curve("timer", "thread", "none", {1: [100.0] * 5, 8: [800.0] * 5}),
            *curve("timer", "thread", "compact", {1: [100.0] * 5, 8: [400.0] * 5})]


def test_scaling_a_panel_per_workload_a_block_per_model_with_its_knee():
    spec = reshape("scaling", scaling_results())
    assert blocks(spec["data"]["panel_1"]) == [["thread", "1 0.9 0.9 0.9", "2 1.8 1.8 1.8", "4 1.5 1.5 1.5"],
                                               ["pool", "1 0.95 0.95 0.95", "2 1.9 1.85 1.95"]]
    assert blocks(spec["data"]["knee_1"]) == [["thread", "4 1.5"], ["pool", "NaN NaN"]]
    assert all(len(block) in (2, 62) for block in blocks(spec["data"]["fit_1"]))
    assert spec["vars"] == {"title_1": "cpu_int (CPU-bound work)", "log_1": 0, "xmax_1": 4, "ymin_1": 0,
                            "ymax_1": 1.95 * 1.1, "models_1": "thread pool",
                            "title_2": "timer (IO-bound work)", "log_2": 1, "xmax_2": 8, "ymin_2": 1 / 1.5,
                            "ymax_2": 16,
                            "models_2": "thread", "panels": 2, "models": "thread pool", "pus": 2,
                            **{f"{key}_{n}": "" for key in ("cmodels", "cpoints") for n in (1, 2)},
                            "constructs": 0, "construct_models": ""}
    assert spec["data"]["cpython_1"] == spec["data"]["cpython_2"] == ""


def test_scaling_cpythons_curves_beside_the_models_in_their_colour_an_unknown_construct_grey():
    rows = [*scaling_results(), *cpython_rows("cpu_int", "seq", 1, [50.0] * 5),
            *cpython_rows("cpu_int", "threading", 1, [50.0] * 5), *cpython_rows("cpu_int", "threading", 2, [45.0] * 5),
            *cpython_rows("cpu_int", "mystery", 4, [150.0] * 5), *cpython_rows("cpu_int", "thread_pool", 2, [50.0] * 5),
            *cpython_rows("timer", "thread_pool", 2, [50.0] * 5)]
    spec = reshape("scaling", rows)
    assert blocks(spec["data"]["cpython_1"]) == [["# threading", "1 1 1 1", "2 0.9 0.9 0.9"], ["# mystery", "4 3 3 3"],
                                                 ["# thread_pool", "2 1 1 1"]]
    assert spec["data"]["cpython_2"] == ""  # CPython ran no seq on timer: nothing to divide by
    assert {key: spec["vars"][key] for key in ("cmodels_1", "cpoints_1", "constructs", "construct_2",
                                               "construct_models", "ymax_1", "cmodels_2")} == {
        "cmodels_1": "gil - pool", "cpoints_1": "1 2 3", "constructs": 3, "construct_2": "mystery",
        "construct_models": "gil - pool", "ymax_1": 3 * 1.1, "cmodels_2": ""}


def test_scaling_cpython_alone_is_drawn():
    spec = reshape("scaling", [*cpython_rows("timer", "seq", 1, [50.0] * 5),
                               *cpython_rows("timer", "asyncio", 8, [400.0] * 5)])
    assert spec["vars"]["models"] == "" and spec["vars"]["title_1"] == "timer (IO-bound work)"
    assert blocks(spec["data"]["cpython_1"]) == [["# asyncio", "8 8 8 8"]] and spec["data"]["panel_1"] == ""


def test_scaling_a_fit_is_drawn_from_one_worker_to_the_largest_count_where_not_refused():
    fitted = {"refused": None, "points": [[1, 1.0], [8, 4.0]], "a": 0.1, "b": 0.01, "one_worker_speedup": 1.0}
    analysed_results = analysed(scaling_results())
    for c in analysed_results["scaling"]:
        c["fit"] = fitted if (c["workload"], c["model"], c["placement"]) == ("timer", "thread", "none") else None
    spec = reshaper("scaling")(analysed_results, None)
    (fit,) = blocks(spec["data"]["fit_2"])
    assert fit[1] == "1 1" and fit[-1] == f"8 {plotting.number(8 / (1 + 0.1 * 7 + 0.01 * 8 * 7))}" and len(fit) == 62
    assert float(fit[31].split()[0]) == pytest.approx(8 ** 0.5)  # log-spaced on the IO-bound panel
    assert blocks(spec["data"]["fit_1"]) == [["thread", "1 NaN"], ["pool", "1 NaN"]]


def test_placement_a_row_per_reference_workload_a_panel_per_model_a_line_per_placement():
    spec = reshape("placement", scaling_results())
    assert blocks(spec["data"]["panel_1"]) == [["none", "1 0.9 0.9 0.9", "2 1.8 1.8 1.8", "4 1.5 1.5 1.5"],
                                               ["compact", "1 0.8 0.8 0.8", "2 1 1 1"]]
    assert "fit_1" not in spec["data"] and blocks(spec["data"]["panel_2"]) == [["none", "1 0.95 0.95 0.95",
                                                                                 "2 1.9 1.85 1.95"]]
    assert {k: spec["vars"][k] for k in ("rows", "columns", "placements", "title_1", "model_2", "places_1", "title_3",
                                         "log_3")} == {
        "rows": 2, "columns": 2, "placements": "none compact", "title_1": "thread: cpu_int (CPU-bound)",
        "model_2": "pool", "places_1": "none compact", "title_3": "thread: timer (IO-bound)", "log_3": 1}


def test_placement_a_model_that_did_not_run_a_workload_has_an_empty_panel():
    spec = reshape("placement", scaling_results())
    assert spec["data"]["panel_4"] == spec["data"]["knee_4"] == "" and spec["vars"]["places_4"] == ""
    assert (spec["vars"]["xmax_4"], spec["vars"]["ymin_4"], spec["vars"]["ymax_4"]) == (1, 1 / 1.5, 2)


def test_placement_nothing_to_draw_without_a_pinned_workload():
    assert reshape("placement", [r for r in scaling_results() if "/compact/" not in r["name"]]) is None


SMT_COUNTS = {"hwloc_packages": "1", "hwloc_numa_nodes": "1", "hwloc_cores": "8", "hwloc_pus": "16"}
LARGE_COUNTS = {"hwloc_packages": "2", "hwloc_numa_nodes": "8", "hwloc_cores": "256", "hwloc_pus": "512"}


def notes(spec) -> list:
    return [spec["vars"][f"placement_note_{n}"] for n in range(1, spec["vars"]["notes"] + 1)]


def test_placement_says_under_its_title_where_compact_and_scatter_differ_here_a_line_a_level():
    assert notes(reshape("placement", scaling_results(), **SMT_COUNTS)) == [
        "SMT: compact shares cores from 2 workers, scatter from 9"]
    assert notes(reshape("placement", scaling_results(), **LARGE_COUNTS)) == [
        "SMT: compact shares cores from 2 workers, scatter from 257",
        "8 NUMA nodes: scatter uses a second from 2 workers, compact from 65 workers",
        "2 packages: scatter uses a second from 2 workers, compact from 257 workers"]
    assert notes(reshape("placement", scaling_results())) == [placement.NOT_RECORDED_SHORT]


def test_placement_draws_the_note_as_text(tmp_path, monkeypatch):
    folder = tmp_path / "results" / "m"
    folder.mkdir(parents=True)
    made = analysis.analyse(results.table(document(scaling_results(), **LARGE_COUNTS)), CONSTRUCTS)
    (folder / "analysis.json").write_text(json.dumps(made))
    monkeypatch.chdir(tmp_path)
    assert plot.draw_all(str(folder), ["placement"]) == 0
    svg = (folder / "plots" / "placement.svg").read_text()
    assert all(line in svg for line in made["placement"]["short"]) and len(made["placement"]["short"]) == 3


def sync_rows(primitive, threads, op_time, voluntary, involuntary):
    return repeated(f"sync/{primitive}/threads:{threads}/real_time", op_time=op_time,
                    voluntary_switches_per_op=voluntary, involuntary_switches_per_op=involuntary)


def test_sync_a_row_per_primitive_in_run_order_a_triple_per_thread_count():
    rows = [*sync_rows("pthread_mutex", 1, 2e-8, 0, 0), *sync_rows("pthread_mutex", 2, 4e-8, [1, 2, 3, 4, 5], 0.5),
            *sync_rows("lock", 1, 1e-8, 0, 0)]
    spec = reshape("sync", rows)
    assert spec["data"] == {"op_time": "pthread_mutex 20 20 20 40 40 40\nlock 10 10 10 NaN NaN NaN\n",
                            "switches": "pthread_mutex 0 0 0 3.5 1.5 5.5\nlock 0 0 0 NaN NaN NaN\n"}
    assert spec["vars"] == {"threads": "1 2 ", "pus": 2}


def test_sync_switches_are_the_analysis_figure_where_it_has_one():
    analysed_results = analysed(sync_rows("lock", 1, 3e-8, 1, 1))
    analysed_results["benchmarks"][0]["counters"]["switches_per_op"] = {"median": 7, "min": 6, "max": 8}
    assert reshaper("sync")(analysed_results, None)["data"]["switches"] == "lock 7 6 8\n"


def timeslice_rows(name, per_pu, steps, p50=40.0, period_us=250):
    return repeated(f"timeslice/{name}/real_time", spinners_per_pu=per_pu, steps_per_second=steps, fairness=1,
                    probe_p50_us=p50, probe_p99_us=2 * p50, probe_p999_us=3 * p50,
                    involuntary_switches_per_second=10, pus=2, probe_period_us=period_us)


def test_timeslice_a_series_per_spinner_and_probe_default_first_throughput_over_the_fewest():
    rows = [*timeslice_rows("thread/probe:fifo/pus:2/spinners:2", 1, 100.0, p50=5),
            *timeslice_rows("thread/pus:2/spinners:4", 2, [50, 60, 80, 80, 80]),
            *timeslice_rows("thread/pus:2/spinners:2", 1, 100.0, p50=400)]
    spec = reshape("timeslice", rows)
    assert spec["data"]["series_1"] == ("1 1 1 1 1 1 1 400 400 400 800 800 800 1200 1200 1200 10 10 10\n"
                                        "2 0.8 0.5 0.8 1 1 1 40 40 40 80 80 80 120 120 120 10 10 10\n")
    assert spec["vars"] == {"series": 2, "pus": 2, "period_us": 250, "lateness_low": 5, "lateness_high": 1200,
                            "kind_1": "thread", "probe_1": "default", "title_1": "thread",
                            "kind_2": "thread", "probe_2": "fifo", "title_2": "thread, probe under SCHED_FIFO"}


def test_waiters_a_block_per_series_a_dash_per_models_series():
    rows = [*repeated("waiters/thread/waiters:10/real_time", real_times=(2.0,) * 5, rss_bytes_per_waiter=8000,
                      wait_ms=1),
            *repeated("waiters/coroutine/uring/waiters:10/real_time", rss_bytes_per_waiter=100, wait_ms=1),
            *repeated("waiters/coroutine/epoll/waiters:100/real_time", rss_bytes_per_waiter=90, wait_ms=1),
            *repeated("waiters/coroutine/epoll/waiters:10/real_time", rss_bytes_per_waiter=[1, 2, 3, 4, 500],
                      wait_ms=1)]
    spec = reshape("waiters", rows)
    assert blocks(spec["data"]["data"]) == [["coroutine/epoll", "10 1 3", "100 1 90"],
                                            ["coroutine/uring", "10 1 100"], ["thread", "10 2 8000"]]
    assert spec["vars"] == {"series": 3, "models": "coroutine coroutine thread", "dashes": "1 2 1", "wait_ms": 1}


def test_hostile_construct_and_series_names_are_drawn_as_text_and_run_nothing(tmp_path, monkeypatch):
    name = HOSTILE.replace("\n", " ")
    rows = [*scaling_rows("cpu_int", "seq", "none", 1, SEQ_RATES), *scaling_rows("cpu_int", "gil", "none", 2, SEQ_RATES),
            *cpython_rows("cpu_int", "seq", 1, SEQ_RATES), *cpython_rows("cpu_int", name, 2, SEQ_RATES),
            *cpython_rows("cpu_int", "threading", 2, SEQ_RATES),
            *cpython_granularity_rows("cpu_int", "seq", 10, SEQ_RATES),
            *cpython_granularity_rows("cpu_int", name, 10, SEQ_RATES),
            *repeated(f"convoy/{name}/cpu_threads:1/real_time", sleep_us=500, lateness_p50_us=7, lateness_p99_us=8),
            *repeated("convoy/cpython/cpu_threads:1/real_time", sleep_us=500, lateness_p50_us=7, lateness_p99_us=8)]
    folder = tmp_path / "results" / "m"
    folder.mkdir(parents=True)
    made = analysis.analyse(results.table(document(rows)), CONSTRUCTS)
    (folder / "analysis.json").write_text(json.dumps(made))
    monkeypatch.chdir(tmp_path)
    assert plot.draw_all(str(folder), ["scaling", "granularity", "convoy"]) == 0
    assert not list(tmp_path.rglob("PWNED"))
    for drawn in ("scaling", "granularity", "convoy"):
        svg = (folder / "plots" / f"{drawn}.svg").read_text()
        assert "touch PWNED" in svg.replace("&#39;", "'").replace("&apos;", "'")
