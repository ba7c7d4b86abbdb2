"""The lines a run ends with, on small analysis dicts made here: the
CPU-bound speedups at as many workers as PUs (or the most measured), the
IO-bound peaks and knees, the claims and the load; parts the results lack
left out."""
from analysis.summary import summary


def speedup(median, low, high):
    return {"median": median, "lo": None, "hi": None, "min": low, "max": high, "n": 3}


def curve(workload, model, points, knee=None, placement="none", kind="cpu"):
    return {"workload": workload, "kind": kind, "model": model, "placement": placement, "knee": knee,
            "points": [{"workers": workers, "speedup": speedup(*figures)} for workers, figures in points]}


NOTHING = {"nothing": "Nothing to compare: the results hold no CPython rows (the cpython family did not run)."}


def analysis(scaling=(), claims=(), pus=2, fidelity=None):
    return {"machine": {"pus": pus}, "scaling": list(scaling), "claims": list(claims),
            "load": {"text": "the machine was quiet"}, "fidelity": fidelity or NOTHING}


def claim(id_, verdict, cause=None):
    return {"id": id_, "verdict": verdict, "cause": cause}


def test_cpu_bound_at_as_many_workers_as_pus_models_by_name():
    lines = summary(analysis(scaling=[
        curve("cpu_int", "thread", [(1, (1.0, 0.9, 1.1)), (2, (1.84, 1.77, 1.844)), (4, (1.9, 1.8, 2.0))]),
        curve("cpu_int", "gil", [(2, (0.959, 0.953, 0.965))]),
        curve("cpu_int", "thread", [(2, (9.0, 9.0, 9.0))], placement="spread"),
    ]))
    assert lines[0] == ("CPU-bound (cpu_int), 2 workers, speedup over seq: "
                        "gil 0.959x (0.953 to 0.965), thread 1.84x (1.77 to 1.84)")


def test_cpu_bound_at_the_most_workers_when_none_reached_the_pus():
    lines = summary(analysis(scaling=[curve("cpu_int", "thread", [(1, (1, 1, 1)), (3, (2.5, 2.4, 2.6))])], pus=8))
    assert lines[0] == "CPU-bound (cpu_int), 3 workers, speedup over seq: thread 2.5x (2.4 to 2.6)"


def test_io_bound_peaks_and_knees():
    lines = summary(analysis(scaling=[
        curve("timer", "thread", [(4, (3.0, 2.9, 3.1)), (64, (11.0, 9.73, 11.3)), (256, (9.0, 8, 10))],
              knee={"knee_workers": 64, "largest_workers": 256}, kind="io"),
        curve("timer", "pool", [(4, (3.7, 3.7, 3.8))], knee={"knee_workers": 0, "largest_workers": 4}, kind="io"),
        curve("timer", "gil", [(4, (3.5, 3.4, 3.6))], kind="io"),
    ]))
    assert lines == [
        "IO-bound (timer), each model's peak speedup over seq, and its knee: gil 3.5x (3.4 to 3.6) at 4; "
        "pool 3.7x (3.7 to 3.8) at 4, no knee up to 4; thread 11x (9.73 to 11.3) at 64, knee 64",
        "load: the machine was quiet",
    ]


def test_a_workload_the_context_gives_no_kind_is_left_out():
    lines = summary(analysis(scaling=[curve("cpu_int", "thread", [(2, (1, 1, 1))], kind=None)]))
    assert lines == ["load: the machine was quiet"]


def test_claims_and_why_each_inconclusive_one_is():
    lines = summary(analysis(claims=[claim("C1", "holds"), claim("C2", "inconclusive", "too noisy"),
                                     claim("C3", "inconclusive"), claim("C4", "not measured")]))
    assert lines == ["claims: C1 holds, C2 inconclusive, C3 inconclusive, C4 not measured",
                     "inconclusive: C2 (too noisy), C3 (see the report)",
                     "load: the machine was quiet"]


def test_no_inconclusive_line_when_every_claim_is_decided():
    lines = summary(analysis(claims=[claim("C1", "holds")]))
    assert lines == ["claims: C1 holds", "load: the machine was quiet"]


def fidelity(rankings=(), agrees=3, differs=2, by_design=1, cannot_tell=1):
    return {"nothing": None, "tolerance": 1.25, "rankings": list(rankings),
            "counts": {"agrees": agrees, "differs": differs, "by design": by_design, "cannot tell": cannot_tell}}


def test_fidelity_counts_its_points_and_the_workloads_the_same_construct_wins():
    lines = summary(analysis(fidelity=fidelity(rankings=[{"same_winner": True}, {"same_winner": False}])))
    assert lines == ["fidelity to CPython (the model's figure over CPython's, within 1.25x either way): 3 of 6 points "
                     "agree, 2 differ (1 by design), 1 cannot tell; the same construct wins on 1 of 2 workloads",
                     "load: the machine was quiet"]


def test_fidelity_without_rankings_and_with_nothing_to_compare():
    assert summary(analysis(fidelity=fidelity(agrees=1, differs=0, by_design=0, cannot_tell=0)))[0] == \
        "fidelity to CPython (the model's figure over CPython's, within 1.25x either way): 1 of 1 point agrees, " \
        "0 differ (0 by design), 0 cannot tell"
    assert summary(analysis()) == ["load: the machine was quiet"]


def plan(text="planned at 10.7 min, the benchmarks took 11.6 min (the estimate -8.16%)", error=-0.0816, **cut):
    return {"estimate_s": 639.0, "taken_s": 695.8, "error": error, "text": text, **cut}


def plan_lines(run_plan):
    return [line for line in summary({**analysis(), "plan": run_plan}) if line.startswith("plan:")]


def test_the_plan_line_names_what_the_budget_cut():
    cut = [{"what": "jobs", "text": "jobs of 4 times fewer tasks"}, {"what": "scaling", "text": "89 of 438 rows"}]
    assert plan_lines(plan(cut=cut)) == [
        "plan: planned at 10.7 min, the benchmarks took 11.6 min (the estimate -8.16%); "
        "to fit its budget the run cut jobs, scaling (the report says how much)"]


def test_a_plan_that_cut_nothing_or_records_no_cuts_says_only_how_it_held():
    held = ["plan: planned at 10.7 min, the benchmarks took 11.6 min (the estimate -8.16%)"]
    assert plan_lines(plan(cut=[])) == held
    assert plan_lines(plan()) == held  # results analysed before cuts were recorded


def test_no_plan_line_without_a_plan_or_its_measured_time():
    assert plan_lines(None) == []
    assert plan_lines(plan(error=None)) == []
