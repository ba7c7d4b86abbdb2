"""analysis.json's fidelity section on small results: a point on each side of
the tolerance's band and on it, why a point differs, constructs or models
missing on either side, results from before CPython was measured, the
shapes (knees, break-evens, which construct wins) and the convoy."""
import pytest

from analysis import analysis, fidelity, plot, results
from analysis.fidelity import AGREES, CANNOT_TELL, DIFFERS, TOLERANCE
from analysis.report.machine_page import render_machine_page
from analysis.stats.intervals import Interval
from analysis.summary import summary
from documents import (CONSTRUCTS, constructs, convoy_rows, cpython_granularity_rows, cpython_rows, document, row,
                       scaling_rows)

FIVE = [1.0] * 5


def made(*groups, table=CONSTRUCTS):
    """The sections fidelity reads, of results of these rows, and the section itself."""
    results_table = results.table(document([r for group in groups for r in group]))
    sections = {"scaling": analysis.scaling_curves(results_table),
                "granularity": analysis.granularity_series(results_table),
                "cpython": analysis.cpython_section(results_table, table),
                "benchmarks": analysis.benchmarks(results_table)}
    return fidelity.fidelity(sections)


def pair(section, construct):
    return next(p for p in section["pairs"] if p["construct"] == construct)


def model_point(workload, model, workers, speedup, spread=0.0):
    """The model's seq at 100 tasks/s and its point at `speedup` times that, each repetition off by up to spread."""
    return [*scaling_rows(workload, "seq", "none", 1, [100.0] * 5),
            *scaling_rows(workload, model, "none", workers, [100.0 * speedup * (1 + spread * d) for d in (-1, 0, 1, 0, 0)])]


def cpython_point(workload, construct, workers, speedup):
    return [*cpython_rows(workload, "seq", 1, [10.0] * 5),
            *cpython_rows(workload, construct, workers, [10.0 * speedup] * 5)]


# ---- the band ---------------------------------------------------------------------

@pytest.mark.parametrize("lo, hi, found", [
    (1 / TOLERANCE, TOLERANCE, AGREES),            # on both edges of the band
    (0.9, 1.1, AGREES),
    (TOLERANCE * 1.001, 2.0, DIFFERS),             # just above it
    (0.5, 1 / TOLERANCE * 0.999, DIFFERS),          # just below it
    (1.1, TOLERANCE * 1.001, CANNOT_TELL),         # across its upper edge
    (1 / TOLERANCE * 0.999, 1.0, CANNOT_TELL),      # across its lower edge
    (0.5, 2.0, CANNOT_TELL),                       # around the whole band
    (None, None, CANNOT_TELL)])                    # too few repetitions
def test_a_point_agrees_inside_the_band_differs_outside_it_and_cannot_be_told_across_it(lo, hi, found):
    assert fidelity.verdict(Interval(1.0, lo, hi, 5 if lo else 3)) == found


def test_a_speedup_on_the_band_agrees_and_one_past_it_differs():
    on = made(model_point("timer", "pool", 2, 1.25), cpython_point("timer", "thread_pool", 2, 1.0))
    (point,) = pair(on, "thread_pool")["scaling"]
    assert point["ratio"] == {"median": 1.25, "lo": 1.25, "hi": 1.25, "n": 5} and point["verdict"] == AGREES
    past = made(model_point("timer", "pool", 2, 1.26), cpython_point("timer", "thread_pool", 2, 1.0))
    (point,) = pair(past, "thread_pool")["scaling"]
    assert point["verdict"] == DIFFERS and point["workers"] == 2 and point["workload"] == "timer"


def test_the_ratio_is_the_worst_pairing_of_both_intervals():
    section = made(model_point("timer", "pool", 2, 1.0, spread=0.1), cpython_point("timer", "thread_pool", 2, 1.0))
    (point,) = pair(section, "thread_pool")["scaling"]
    assert (point["ratio"]["lo"], point["ratio"]["hi"]) == (pytest.approx(0.9), pytest.approx(1.1))
    assert point["model"]["n"] == point["cpython"]["n"] == 5 and point["verdict"] == AGREES


def test_cpython_is_set_against_the_models_unpinned_curve_not_a_pinned_one():
    pinned = scaling_rows("timer", "pool", "compact", 2, [500.0] * 5)
    section = made(model_point("timer", "pool", 2, 1.0), pinned, cpython_point("timer", "thread_pool", 2, 1.0))
    (point,) = pair(section, "thread_pool")["scaling"]
    assert point["model"]["median"] == 1.0 and point["verdict"] == AGREES


# ---- why a point differs ---------------------------------------------------------------

def test_a_model_faster_than_its_construct_is_by_design_and_the_pool_on_cpu_work_has_no_gil():
    section = made(model_point("cpu_int", "pool", 2, 2.0), cpython_point("cpu_int", "thread_pool", 2, 1.0),
                   model_point("timer", "pool", 2, 2.0), cpython_point("timer", "thread_pool", 2, 1.0))
    cpu, io = pair(section, "thread_pool")["scaling"]
    assert cpu["why"] == fidelity.KNOWN_DIFFERENCES[("thread_pool", "cpu")] and cpu["by_design"]
    assert io["why"] == fidelity.CHEAPER_IN_C and io["by_design"]
    assert pair(section, "thread_pool")["counts"] == {AGREES: 0, DIFFERS: 2, CANNOT_TELL: 0, fidelity.BY_DESIGN: 2}


def test_a_model_slower_than_its_construct_is_not_explained():
    section = made(model_point("cpu_int", "process", 2, 0.5), cpython_point("cpu_int", "process", 2, 1.0))
    (point,) = pair(section, "process")["scaling"]
    assert point["verdict"] == DIFFERS and point["why"] == fidelity.NOT_EXPLAINED and not point["by_design"]


def test_a_point_that_cannot_be_told_says_why():
    few = made(model_point("timer", "pool", 2, 1.0)[:8], cpython_point("timer", "thread_pool", 2, 1.0))
    (point,) = pair(few, "thread_pool")["scaling"]
    assert (point["verdict"], point["why"]) == (CANNOT_TELL, fidelity.TOO_FEW)
    wide = made(model_point("timer", "pool", 2, 1.0, spread=0.5), cpython_point("timer", "thread_pool", 2, 1.0))
    (point,) = pair(wide, "thread_pool")["scaling"]
    assert (point["verdict"], point["why"]) == (CANNOT_TELL, fidelity.ACROSS_AN_EDGE)


# ---- what is missing ---------------------------------------------------------------------

def test_results_from_before_cpython_have_nothing_to_compare_and_every_pair_says_why():
    section = made(model_point("cpu_int", "pool", 2, 2.0))
    assert section["nothing"].startswith("Nothing to compare: the results hold no CPython rows")
    assert all(p["missing"] == f"CPython's {p['construct']} was not measured" for p in section["pairs"])
    assert section["counts"] == {AGREES: 0, DIFFERS: 0, CANNOT_TELL: 0, fidelity.BY_DESIGN: 0}
    assert section["rankings"] == section["convoy"] == section["unpaired"] == []


def test_the_baselines_are_no_pairs_and_every_other_construct_of_the_table_is_one():
    section = made()
    assert [p["construct"] for p in section["pairs"]] == ["threading", "thread_pool", "process", "process_pool",
                                                           "asyncio"]
    assert pair(section, "asyncio")["model"] == "coroutine"
    assert pair(section, "asyncio")["description"] == "the asyncio construct"


def test_cpython_rows_without_their_models_rows_and_the_reverse():
    section = made(cpython_point("cpu_int", "thread_pool", 2, 1.0), model_point("cpu_int", "process", 2, 1.0))
    assert pair(section, "thread_pool")["missing"] == "the pool model was not measured"
    assert pair(section, "process")["missing"] == "CPython's process was not measured"
    assert section["nothing"] == "Nothing to compare: no model was measured at a point CPython was."


def test_no_point_measured_by_both():
    section = made(model_point("cpu_int", "pool", 4, 1.0), cpython_point("cpu_int", "thread_pool", 2, 1.0))
    assert pair(section, "thread_pool")["missing"] == "no point was measured by both"


def test_a_construct_the_table_lacks_is_unpaired():
    section = made(cpython_point("cpu_int", "mystery", 2, 1.0), model_point("cpu_int", "pool", 2, 1.0))
    assert section["unpaired"] == [{"construct": "mystery", "why": "not in bench/cpython/constructs.def"}]


# ---- the shapes ---------------------------------------------------------------------------

def test_knees_and_break_evens_of_each_side():
    rows = [*model_point("cpu_int", "process", 1, 0.9), *scaling_rows("cpu_int", "process", "none", 4, [120.0] * 5),
            *cpython_point("cpu_int", "process", 1, 0.8), *cpython_rows("cpu_int", "process", 4, [30.0] * 5)]
    for model, rates in (("seq", (100.0, 100.0)), ("process", (10.0, 1000.0))):  # 0.1x to 10x: even at 100 us
        rows += [row(f"granularity/cpu_int/{model}/task_us:{t}/real_time", repetition=i, items_per_second=rate,
                     task_us=t) for t, rate in zip((10, 1000), rates) for i in range(5)]
    rows += [*cpython_granularity_rows("cpu_int", "seq", 10, [10.0] * 5),
             *cpython_granularity_rows("cpu_int", "seq", 1000, [10.0] * 5),
             *cpython_granularity_rows("cpu_int", "process", 10, [5.0] * 5),
             *cpython_granularity_rows("cpu_int", "process", 1000, [9.0] * 5)]
    process = pair(made(rows), "process")
    assert process["knees"] == [{"workload": "cpu_int",
                                 "model": {"knee_workers": 4, "peak_workers": 4, "largest_workers": 4},
                                 "cpython": {"knee_workers": 0, "peak_workers": 4, "largest_workers": 4}}]
    (even,) = process["break_evens"]
    assert even["model"]["break_even_us"] == pytest.approx(100.0) and even["cpython"] == {"above_range": True}
    assert [p["task_us"] for p in process["granularity"]] == [10, 1000]


def test_the_same_construct_wins_in_either_figures_or_not():
    ran = [*cpython_point("cpu_int", "threading", 2, 1.0), *cpython_rows("cpu_int", "process", 2, [15.0] * 5),
           *model_point("cpu_int", "gil", 2, 0.95), *scaling_rows("cpu_int", "process", "none", 2, [180.0] * 5)]
    (ranking,) = made(ran)["rankings"]
    assert ranking == {"workload": "cpu_int", "cpython": ["process", "threading"], "model": ["process", "threading"],
                       "models": {"threading": "gil", "process": "process"}, "same_winner": True}
    ran += scaling_rows("cpu_int", "gil", "none", 2, [300.0] * 5)
    assert made(ran)["rankings"][0]["same_winner"] is False


def test_two_constructs_of_one_model_tie_and_either_winning_is_the_same_winner():
    table = constructs(("seq", "seq"), ("process_pool", "process_pool"), ("executor", "process_pool"))
    ran = [*cpython_point("timer", "process_pool", 2, 1.5), *cpython_rows("timer", "executor", 2, [18.0] * 5),
           *model_point("timer", "process_pool", 2, 1.9)]
    (ranking,) = made(ran, table=table)["rankings"]
    assert ranking["cpython"] == ["executor", "process_pool"] and ranking["same_winner"] is True


def test_one_construct_on_a_workload_is_no_ranking():
    assert made(model_point("timer", "pool", 2, 1.0), cpython_point("timer", "thread_pool", 2, 1.0))["rankings"] == []


# ---- the convoy ------------------------------------------------------------------------------

def five_rounds(series, k, p50, p99, **fields):
    return convoy_rows(series, k, [p50] * 5, p99=p99, **fields)


def test_the_convoy_sets_the_gil_series_against_cpythons_at_each_count_both_ran():
    section = made(five_rounds("gil", 0, 50.0, 100.0), five_rounds("gil", 1, 5000.0, 30000.0, wakeups=90),
                   five_rounds("gil", 2, 1.0, 1.0), five_rounds("no_gil", 1, 1.0, 1.0),
                   five_rounds("cpython", 0, 80.0, 110.0), five_rounds("cpython", 1, 5100.0, 6000.0, wakeups=80))
    at0, at1 = section["convoy"]
    assert (at0["cpu_threads"], at1["cpu_threads"]) == (0, 1)
    assert at0["lateness_p50_us"]["verdict"] == DIFFERS and at0["lateness_p50_us"]["why"] == fidelity.CHEAPER_IN_C
    assert at0["lateness_p99_us"]["verdict"] == AGREES
    assert at1["lateness_p50_us"]["ratio"]["median"] == pytest.approx(5000 / 5100)
    assert at1["lateness_p99_us"]["why"] == fidelity.NOT_EXPLAINED  # the model's tail is longer
    assert at1["wakeups"] == {"model": 90, "cpython": 80}
    assert section["counts"] == {AGREES: 2, DIFFERS: 2, CANNOT_TELL: 0, fidelity.BY_DESIGN: 1}
    assert section["nothing"] is None


@pytest.mark.parametrize("lo, hi, found, why", [
    (-0.125, 0.125, AGREES, None),
    (0.16, 0.3, DIFFERS, fidelity.SHARE_DIFFERS.format("more")),
    (-0.4, -0.151, DIFFERS, fidelity.SHARE_DIFFERS.format("less")),
    (0.1, 0.2, CANNOT_TELL, fidelity.ACROSS_AN_EDGE),
    (None, None, CANNOT_TELL, fidelity.TOO_FEW)])
def test_a_share_of_long_waits_agrees_within_the_band_of_zero(lo, hi, found, why):
    # The model's share is an exact interval, CPython's a point at 0.5: the
    # difference's ends are the model's less 0.5.
    model = Interval(0.5, None if lo is None else 0.5 + lo, None if hi is None else 0.5 + hi, 5)
    made_ = fidelity.compared_shares(model, Interval(0.5, 0.5, 0.5, 5))
    assert (made_["verdict"], made_["why"], made_["by_design"]) == (found, why, False)


def test_the_share_is_the_models_less_cpythons_at_the_worst_pairing_of_ends():
    made_ = fidelity.compared_shares(Interval(0.6, 0.55, 0.7, 5), Interval(0.5, 0.45, 0.52, 3))
    assert made_["difference"] == {"median": pytest.approx(0.1), "lo": pytest.approx(0.03),
                                   "hi": pytest.approx(0.25), "n": 3}


def test_the_convoy_compares_the_share_of_long_waits_where_both_sides_have_it():
    def with_share(series, k, share):
        return five_rounds(series, k, 5000.0, 9000.0, long_wait_share=share)
    section = made(with_share("gil", 2, 0.3), with_share("cpython", 2, 0.7),
                   five_rounds("gil", 4, 1.0, 1.0), with_share("cpython", 4, 0.5))
    at2, at4 = section["convoy"]
    assert at2[fidelity.LONG_WAIT_SHARE]["verdict"] == DIFFERS
    assert at2[fidelity.LONG_WAIT_SHARE]["difference"]["median"] == pytest.approx(-0.4)
    assert fidelity.LONG_WAIT_SHARE not in at4  # the model's rows have no share
    # The share at 2, and at 4 the p50 and p99 of a model far quicker than CPython.
    assert section["counts"][DIFFERS] == 3 and section["share_band"] == fidelity.SHARE_BAND


def test_cpythons_convoy_alone_is_something_measured_but_nothing_compared():
    section = made(five_rounds("cpython", 1, 1.0, 1.0))
    assert section["convoy"] == [] and section["nothing"].endswith("no model was measured at a point CPython was.")


# ---- the whole analysis ------------------------------------------------------------------------

def test_the_analysis_holds_the_section_and_the_summary_its_line():
    document_ = document([*model_point("cpu_int", "pool", 2, 2.0), *cpython_point("cpu_int", "thread_pool", 2, 1.0)])
    made_ = analysis.analyse(results.table(document_), CONSTRUCTS)
    assert made_["fidelity"]["tolerance"] == TOLERANCE and made_["cpython"]["constructs"][0]["construct"] == "seq"
    assert summary(made_)[1] == ("fidelity to CPython (the model's figure over CPython's, within 1.25x either way): "
                                 "0 of 1 point agree, 1 differs (1 by design), 0 cannot tell")


def test_results_from_before_cpython_still_analyse_plot_and_report(tmp_path):
    old = [*model_point("cpu_int", "pool", 2, 1.8),
           *[row(f"granularity/cpu_int/{model}/task_us:{t}/real_time", repetition=i, items_per_second=100.0,
                 task_us=t, workers=2) for model in ("seq", "pool") for t in (10, 100) for i in range(5)],
           *[row("convoy/gil/cpu_threads:1/real_time", repetition=i, lateness_p50_us=5000.0, lateness_p99_us=9000.0,
                 expected_us=5000.0, sleep_us=500, switch_interval_us=5000) for i in range(5)]]
    made_ = analysis.analyse(results.table(document(old)), CONSTRUCTS)
    assert made_["cpython"]["scaling"] == made_["cpython"]["granularity"] == []
    assert made_["fidelity"]["nothing"].startswith("Nothing to compare")
    assert not any(line.startswith("fidelity") for line in made_["summary"])
    for name in ("scaling", "granularity", "convoy"):
        assert plot.reshaped(name, made_, None) is not None
    (tmp_path / "plots").mkdir()
    page = render_machine_page(made_, str(tmp_path), str(tmp_path), "now", "")
    assert '<p id="fidelity-nothing">Nothing to compare' in page
