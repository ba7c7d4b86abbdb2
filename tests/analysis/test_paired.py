"""The paired family's rows as the analysis reads them: their names (Google
Benchmark's iterations are no concurrency, its repeats no part of the name), their figures as
points with how they were sampled, the free PUs they had, the analysis's
paired section, and the figures the claims show of them."""
from analysis import paired
from analysis.analysis import analyse
from analysis.claims import evaluate
from analysis.fmt import ratio_text
from analysis.machine import machine_load
from analysis.names import parse
from analysis.results import table
from documents import CONSTRUCTS, document, row
from test_claims import PAIRED_IO, PAIRED_THREAD


def test_google_benchmarks_own_arguments_are_no_concurrency():
    name = parse("paired/cpu_int/thread/none/workers:2/iterations:1/repeats:1/real_time")
    assert (name.short, name.concurrency, name.series) == (
        "paired/cpu_int/thread/none/workers:2/iterations:1", 2, "paired/cpu_int/thread/none/iterations:1")


def test_a_row_that_fixes_its_repetitions_keeps_its_name():
    assert parse("ctxswitch/spawn/process/repeats:5/real_time").short == "ctxswitch/spawn/process"
    assert parse("ipc/list/manager/set/repeats:12").short == "ipc/list/manager/set"
    assert parse("x/repeats:5x/real_time").short == "x/repeats:5x"


def test_a_row_is_the_point_it_stands_for_with_its_sampling():
    [point] = paired.points(table(document([PAIRED_THREAD])))
    assert (point.workload, point.model, point.placement, point.workers) == ("cpu_int", "thread", "none", 2)
    interval = point.speedup_interval
    assert (interval.median, interval.lo, interval.hi, interval.n, interval.sample) == (1.9, 1.85, 1.95, 5, "pair")
    assert point.sampling == paired.Sampling(5, 0.5, True, 1.4, 0.05)
    assert point.costs["fixed_cost_share"] == 0.01


def test_free_pus_are_the_machines_less_what_others_kept_busy():
    sampling = paired.Sampling(5, 0.5, True, 1.4, 0.3)
    assert (sampling.free_pus(2), paired.Sampling(5, 0.5, True, 1.4, 2.5).free_pus(2)) == (1.7, 0.0)
    assert paired.Sampling(5, 0.5, True, 1.4, None).free_pus(2) is None


def test_a_row_without_an_interval_is_too_few_pairs():
    short = {k: v for k, v in PAIRED_THREAD.items() if k not in ("speedup_lo", "speedup_hi")}
    [point] = paired.points(table(document([{**short, "pairs": 1, "decided": 0}])))
    assert not point.speedup_interval.decided and point.sampling.pairs == 1


def test_rows_lacking_a_paired_counter_or_the_shape_are_left_out():
    for dropped in ("speedup", "pairs", "sampling_s", "decided", "bar"):
        assert paired.points(table(document([{k: v for k, v in PAIRED_THREAD.items() if k != dropped}]))) == []
    odd = row("paired/cpu_int/workers:2/iterations:1/repeats:1/real_time", speedup=1, pairs=5, sampling_s=1,
              decided=1, bar=1)
    assert paired.points(table(document([odd]))) == []


TWIN = row("paired/ctxswitch/pipe/cross_pu/iterations:1/repeats:1/real_time", ratio=1.01, ratio_lo=0.95,
           ratio_hi=1.06, pairs=40, sampling_s=0.9, decided=1, bar=0.9, others_cpu_pus=0.2, rounds=64)


LIVES = row("paired/spawn/process/thread/iterations:1/repeats:1/real_time", ratio=20, ratio_lo=18, ratio_hi=23,
            pairs=5, sampling_s=0.4, decided=1, bar=1, others_cpu_pus=0.1, per_slice=128)


COST = dict(ratio=900, ratio_lo=800, ratio_hi=1000, pairs=5, sampling_s=0.4, decided=1, bar=1, others_cpu_pus=0.1,
            per_slice=64, over_per_slice=65536)


THROUGHPUT = row("paired/timeslice/thread/iterations:1/repeats:1/real_time", ratio=1.3, ratio_lo=1.28, ratio_hi=1.33,
                 pairs=5, sampling_s=2.5, decided=1, bar=0.8, upper_bar=1.25, others_cpu_pus=0.1)


def test_the_throughput_of_the_most_spinners_over_the_fewest_is_keyed_by_kind():
    assert paired.ratios(table(document([THROUGHPUT]))) == {"timeslice/thread": paired.Figure(
        paired.Interval(1.3, 1.28, 1.33, 5, "pair"), paired.Sampling(5, 2.5, True, 0.8, 0.1))}


def test_a_ratio_row_short_of_its_segments_is_left_out():
    odd = {**TWIN, "name": "paired/ctxswitch/pipe/iterations:1/repeats:1/real_time",
           "run_name": "paired/ctxswitch/pipe/iterations:1/repeats:1/real_time"}
    assert paired.ratios(table(document([odd]))) == {}


def test_a_weight_stands_for_the_two_rows_it_divides():
    figure = paired.Figure(paired.Interval(1.01, 0.95, 1.06, 40, "pair"), paired.Sampling(40, 0.9, True, 0.9, 0.2))
    lives = paired.Figure(paired.Interval(20, 18, 23, 5, "pair"), paired.Sampling(5, 0.4, True, 1, 0.1))
    assert paired.ratios(table(document([TWIN, LIVES, PAIRED_THREAD]))) == {
        "ctxswitch/pipe/*/cross_pu": figure, "spawn/process/thread": lives}
    assert paired.points(table(document([TWIN, LIVES]))) == []
    assert paired.ratios(table(document([{k: v for k, v in TWIN.items() if k != "ratio"}]))) == {}


def test_each_cost_is_keyed_as_the_rows_it_stands_for():
    def cost(tail, **counters):
        return row(f"paired/{tail}/iterations:1/repeats:1/real_time", **{**COST, **counters})
    made = paired.ratios(table(document([cost("thread_switch/futex/cross_pu"), cost("list/append"),
                                         cost("overhead/pool/thread"), cost("list/append/extra")])))
    assert sorted(made) == ["ipc/list/*/append", "overhead/pool/thread", "thread_switch/futex/cross_pu"]


def test_void_pairs_are_counted_and_said():
    [figure] = paired.ratios(table(document([row("paired/list/set/iterations:1/repeats:1/real_time",
                                                 **COST, void_pairs=3)]))).values()
    assert figure.sampling.void_pairs == 3
    assert figure.sampling.text() == "paired, 0.4 s of sampling, 3 void pairs"
    assert figure.sampling.to_json()["void_pairs"] == 3


def test_a_row_whose_pairs_were_all_void_is_a_figure_of_none():
    void = {k: v for k, v in COST.items() if not k.startswith("ratio")}
    [figure] = paired.ratios(table(document([row("paired/list/set/iterations:1/repeats:1/real_time",
                                                 **{**void, "pairs": 0, "decided": 0, "void_pairs": 12})]))).values()
    assert figure.ratio.median is None and not figure.ratio.decided
    assert ratio_text(figure.ratio) == "no figure (0 pairs)"
    assert figure.sampling.text() == "paired, 0.4 s of sampling, 12 void pairs"
    # A row with pairs but no ratio is malformed, and left out.
    assert paired.ratios(table(document([row("paired/list/set/iterations:1/repeats:1/real_time", **void)]))) == {}


def test_the_analysis_holds_the_paired_figures():
    made = analyse(table(document([PAIRED_THREAD, PAIRED_IO, TWIN])), CONSTRUCTS)
    assert made["paired"]["ratios"] == [
        {"key": "ctxswitch/pipe/*/cross_pu", "ratio": {"median": 1.01, "lo": 0.95, "hi": 1.06, "n": 40},
         "pairs": 40, "seconds": 0.9, "decided": True, "bar": 0.9, "others_cpu_pus": 0.2, "void_pairs": 0}]
    assert made["paired"]["speedups"] == [
        {"workload": "cpu_int", "model": "thread", "placement": "none", "workers": 2,
         "speedup": {"median": 1.9, "lo": 1.85, "hi": 1.95, "n": 5}, "pairs": 5, "seconds": 0.5, "decided": True,
         "bar": 1.4, "others_cpu_pus": 0.05, "void_pairs": 0},
        {"workload": "timer", "model": "gil", "placement": "none", "workers": 8,
         "speedup": {"median": 7.5, "lo": 7.2, "hi": 7.8, "n": 5}, "pairs": 5, "seconds": 0.5, "decided": True,
         "bar": 4, "others_cpu_pus": 0.05, "void_pairs": 0}]


def test_the_claims_figures_say_how_each_was_sampled():
    results = table(document([PAIRED_THREAD, PAIRED_IO]))
    claims = {c["id"]: c for c in evaluate(results, machine_load(results))}
    assert claims["C3"]["figures"] == ["cpu_int thread/none, 2 workers, paired, 0.5 s of sampling: "
                                       "1.9x (1.85x to 1.95x, 5 pairs)"]
    assert "gil/none, 8 workers, paired, 0.5 s of sampling: 7.5x (7.2x to 7.8x, 5 pairs)" in claims["C5"]["figures"][0]
