"""A claim's verdict from the checks of its rule.

A check is a status and a text saying what was checked, with its figures.
The status is "yes" or "no" when the figure's interval lies wholly on one
side of its bar, else why it could not be decided ("noisy", "few", or a
rule's own, such as "fixed"). A verdict is one of four:
  holds          every check passed;
  does not hold  a check failed;
  inconclusive   none failed but one could not be decided: the cause says why;
  not measured   a row the rule reads is absent or failed: the reason says which.
A timed rule (one that reads times or rates, which other work slows) that
would not hold on a busy run is inconclusive instead: the load, not the
claim, may be what failed. A check of paired figures is exempt: both sides
of each pair ran under the same load, and where its bar needs PUs the
check itself has held it to the PUs the run had ("load" when too few were
free). Every reason ends with the machine's load.
"""
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from ..fmt import plural
from ..stats.intervals import FEW, NO, NOISY, YES

HOLDS, DOES_NOT_HOLD, INCONCLUSIVE, NOT_MEASURED = "holds", "does not hold", "inconclusive", "not measured"
BUSY = "busy"
# A figure that fell short of a bar the PUs other work left free could not reach.
LOAD = "load"
# What an undecided status means, as an inconclusive verdict's cause.
CAUSES = {NOISY: "too noisy", FEW: "too few samples", "fixed": "fixed costs dominate the job",
          "fixed_unknown": "fixed costs not measured", BUSY: "the machine was busy",
          LOAD: "other work left too few PUs free"}
# How many failed rows a reason names before it counts the rest.
NAMED_FAILURES = 4


@dataclass(frozen=True)
class Check:
    status: str
    text: str
    paired: bool = False  # read paired figures, so a busy run does not void it


def check(status: str, text: str, paired: bool = False) -> Check:
    return Check(status, text, paired)


def passed(condition: bool) -> str:
    """A condition shown by the run, not a figure: "yes" or "no"."""
    return YES if condition else NO


def cause_of(status: str) -> str:
    return CAUSES.get(status, status)


def undecided(statuses: list) -> Optional[str]:
    """Of statuses neither yes nor no, "noisy" when one is, else the first."""
    if NOISY in statuses:
        return NOISY
    return next((s for s in statuses if s not in (YES, NO)), None)


def _combined(statuses: Iterable[str], deciding: str, otherwise: str) -> str:
    """`deciding` when one status is it, `otherwise` when every one is, else undecided."""
    statuses = list(statuses)
    if deciding in statuses:
        return deciding
    if all(s == otherwise for s in statuses):
        return otherwise
    return undecided(statuses)


def all_pass(statuses: Iterable[str]) -> str:
    """Every check must pass: one failing fails them all."""
    return _combined(statuses, NO, YES)


def any_pass(statuses: Iterable[str]) -> str:
    """One check must pass: one passing passes them all."""
    return _combined(statuses, YES, NO)


def first_reason(reasons: Iterable[Optional[str]]) -> Optional[str]:
    """The first reason given (not None) why a rule cannot be judged, or None.
    reasons is best a generator: the later ones are not worked out."""
    return next((reason for reason in reasons if reason is not None), None)


def errored_reason(failures: list, what: str) -> Optional[str]:
    """Failed rows as a reason: "N <what> rows errored: name (message), ...",
    the first NAMED_FAILURES by name; None when there are none."""
    if not failures:
        return None
    named = ", ".join(f"{f.name.short} ({f.message})" for f in failures[:NAMED_FAILURES])
    rest = len(failures) - NAMED_FAILURES
    return f"{plural(len(failures), what + ' row')} errored: {named}" + (f" and {rest} more" if rest > 0 else "")


def _verdict(verdict: str, cause: Optional[str], reason: str, figures: list) -> dict:
    return {"verdict": verdict, "cause": cause, "reason": reason, "figures": figures}


def not_measured(reason: str, load: dict, figures: list = ()) -> dict:
    return _verdict(NOT_MEASURED, None, f"{reason}; {load['text']}", list(figures))


def _inconclusive_reason(cause: str, why: list) -> str:
    texts = [c.text if cause == BUSY or c.status == cause else f"{cause_of(c.status)}: {c.text}" for c in why]
    return f"{cause_of(cause)}: " + "; ".join(texts)


def judge(load: dict, timed: bool, checks: list, figures: list, holds: Callable[[], str]) -> dict:
    """The verdict of a rule's checks. holds gives the reason when the rule
    holds, and is called only then: its figures may not exist otherwise."""
    failing = [c for c in checks if c.status == NO]
    unsure = [c for c in checks if c.status not in (YES, NO)]
    if failing and timed and load["busy"] and not all(c.paired for c in failing):
        verdict, cause, reason = INCONCLUSIVE, BUSY, _inconclusive_reason(BUSY, failing)
    elif failing:
        verdict, cause, reason = DOES_NOT_HOLD, None, "; ".join(c.text for c in failing)
    elif not unsure:
        verdict, cause, reason = HOLDS, None, holds()
    else:
        cause = undecided([c.status for c in unsure])
        verdict, reason = INCONCLUSIVE, _inconclusive_reason(cause, unsure)
    return _verdict(verdict, cause and cause_of(cause), f"{reason}; {load['text']}", figures)
