"""analysis.claims.verdict and words: statuses combined, a rule's checks
judged into a verdict with its cause and reason (the busy rule among them),
failed rows and missing parts as reasons, and bars in words."""
import pytest

from analysis.claims.verdict import (all_pass, any_pass, check, errored_reason, first_reason, judge, not_measured,
                                     undecided)
from analysis.claims.words import count, fold, fraction, percent
from analysis.names import parse
from analysis.results import Failure

QUIET = {"busy": False, "text": "quiet"}
BUSY = {"busy": True, "text": "busy"}


@pytest.mark.parametrize("statuses, every, some", [
    ([], "yes", "no"),
    (["yes", "yes"], "yes", "yes"),
    (["no", "no"], "no", "no"),
    (["yes", "no"], "no", "yes"),
    (["yes", "few"], "few", "yes"),
    (["no", "few"], "no", "few"),
    (["few", "noisy"], "noisy", "noisy"),
    (["fixed", "few"], "fixed", "fixed"),
])
def test_statuses_combined(statuses, every, some):
    assert (all_pass(statuses), any_pass(statuses)) == (every, some)


def test_undecided_prefers_noisy_else_the_first():
    assert undecided(["few", "fixed", "noisy"]) == "noisy"
    assert undecided(["yes", "fixed", "few"]) == "fixed"
    assert undecided(["yes", "no"]) is None


def never():
    raise AssertionError("the reason for a rule that holds was asked for one that does not")


def test_holds_when_every_check_passes():
    verdict = judge(QUIET, True, [check("yes", "a"), check("yes", "b")], ["f"], lambda: "it holds")
    assert verdict == {"verdict": "holds", "cause": None, "reason": "it holds; quiet", "figures": ["f"]}


def test_a_failed_check_does_not_hold_and_says_which():
    verdict = judge(QUIET, True, [check("no", "a"), check("noisy", "b"), check("no", "c")], [], never)
    assert (verdict["verdict"], verdict["cause"], verdict["reason"]) == ("does not hold", None, "a; c; quiet")


def test_an_undecided_check_is_inconclusive_with_its_cause():
    verdict = judge(QUIET, True, [check("yes", "a"), check("few", "b"), check("noisy", "c")], [], never)
    assert (verdict["verdict"], verdict["cause"]) == ("inconclusive", "too noisy")
    assert verdict["reason"] == "too noisy: too few samples: b; c; quiet"


def test_the_rules_own_causes_in_words():
    fixed = judge(QUIET, True, [check("fixed", "forks")], [], never)
    unknown = judge(QUIET, True, [check("fixed_unknown", "forks")], [], never)
    assert (fixed["cause"], fixed["reason"]) == ("fixed costs dominate the job", "fixed costs dominate the job: forks; quiet")
    assert unknown["cause"] == "fixed costs not measured"


def test_a_busy_machine_leaves_a_timed_failure_inconclusive():
    verdict = judge(BUSY, True, [check("no", "a"), check("few", "b")], [], never)
    assert (verdict["verdict"], verdict["cause"], verdict["reason"]) == \
        ("inconclusive", "the machine was busy", "the machine was busy: a; busy")


def test_a_busy_machine_leaves_an_untimed_failure_and_any_success_alone():
    assert judge(BUSY, False, [check("no", "a")], [], never)["verdict"] == "does not hold"
    assert judge(BUSY, True, [check("yes", "a")], [], lambda: "it holds")["verdict"] == "holds"
    assert judge(BUSY, True, [check("noisy", "a")], [], never)["cause"] == "too noisy"


def test_not_measured_ends_with_the_load():
    assert not_measured("no rows", QUIET, ["f"]) == {"verdict": "not measured", "cause": None,
                                                     "reason": "no rows; quiet", "figures": ["f"]}


def failures(count_):
    return [Failure(parse(f"fam/row{i}/real_time"), "boom") for i in range(count_)]


def test_errored_reason_names_four_and_counts_the_rest():
    assert errored_reason([], "fam") is None
    assert errored_reason(failures(1), "fam") == "1 fam row errored: fam/row0 (boom)"
    assert errored_reason(failures(5), "fam") == ("5 fam rows errored: fam/row0 (boom), fam/row1 (boom), "
                                                  "fam/row2 (boom), fam/row3 (boom) and 1 more")
    assert errored_reason(failures(4), "fam").endswith("fam/row3 (boom)")


def test_first_reason_stops_at_the_first():
    def reasons():
        yield None
        yield "first"
        raise AssertionError("a later reason was worked out")
    assert first_reason(reasons()) == "first"
    assert first_reason(iter([None, None])) is None


def test_bars_in_words():
    assert (fold(2), fold(3), fold(2.5)) == ("twofold", "threefold", "2.5-fold")
    assert (fraction(0.5), fraction(0.25), fraction(0.3)) == ("half", "a quarter", "30%")
    assert (percent(0.05), percent(1 - 0.9), percent(0.0547)) == ("5%", "10%", "5.47%")
    assert (count(1000), count(10000.0), count(2.5)) == ("1,000", "10,000", "2.5")


def test_no_checks_pass_all_and_fail_any():
    assert all_pass([]) == "yes" and any_pass([]) == "no"


def test_one_decides_all_or_any_and_noise_wins_among_the_undecided():
    assert all_pass(["yes", "no", "noisy"]) == "no" and any_pass(["no", "yes", "few"]) == "yes"
    assert all_pass(["yes", "few", "noisy"]) == "noisy" and any_pass(["no", "few"]) == "few"
