import pytest

from analysis import plan, results, summary
from documents import document, row


def check(*noise_rows, **context):
    return plan.plan_check(results.table(document(list(noise_rows), **context)))


def over_run(repetition=0, run_s=100.0):
    return row("noise/over_run/iterations:1", repetition=repetition, run_s=run_s)


def test_the_estimate_is_held_to_the_benchmarks_time_at_its_longest():
    made = check(over_run(0, 35.0), over_run(1, 40.0), plan_estimate_s="30")
    assert (made["estimate_s"], made["taken_s"]) == (30.0, 40.0)
    assert made["error"] == pytest.approx(-0.25)
    assert made["text"] == "planned at 30 s, the benchmarks took 40 s (the estimate -25%)"


def test_minutes_past_a_minute_and_an_estimate_over_the_time():
    made = check(over_run(run_s=600.0), plan_estimate_s="690")
    assert made["error"] == pytest.approx(0.15)
    assert made["text"] == "planned at 11.5 min, the benchmarks took 10 min (the estimate +15%)"


@pytest.mark.parametrize("estimate", [None, "", "soon", "-3", "nan", "inf"])
def test_a_run_without_a_usable_plan_says_so(estimate):
    context = {} if estimate is None else {"plan_estimate_s": estimate}
    made = check(over_run(), **context)
    assert made["error"] is None and made["estimate_s"] is None
    assert made["text"] == "the run recorded no plan, so its plan cannot be checked"


def test_a_run_without_its_time_says_so():
    made = check(plan_estimate_s="75")
    assert made["error"] is None and made["taken_s"] is None
    assert "no time taken" in made["text"]
    assert check(row("noise/over_run/iterations:1", others_cpu_pus=0.0), plan_estimate_s="75")["error"] is None


def test_the_summary_ends_with_the_plan_where_it_can_be_checked():
    held = {"error": -0.25, "text": "planned at 75 s, the benchmarks took 100 s (the estimate -25%)"}
    assert summary.plan_line(held) == ["plan: planned at 75 s, the benchmarks took 100 s (the estimate -25%)"]
    cut = {**held, "cut": [{"what": "jobs", "text": "lean"}, {"what": "scaling", "text": "44 rows"}]}
    assert summary.plan_line(cut) == ["plan: planned at 75 s, the benchmarks took 100 s (the estimate -25%); to fit "
                                      "its budget the run cut jobs, scaling (the report says how much)"]
    assert summary.plan_line({"error": None, "text": "no plan"}) == []
    assert summary.plan_line(None) == []


def test_what_the_budget_cut_is_listed_as_the_run_said_it():
    made = check(over_run(), plan_estimate_s="30", **{"plan_cut/scaling": "44 of 443 rows left out",
                                                       "plan_cut/jobs": "lean", "plan_estimate": "x"})
    assert made["cut"] == [{"what": "jobs", "text": "lean"}, {"what": "scaling", "text": "44 of 443 rows left out"}]
    assert check(over_run())["cut"] == []
