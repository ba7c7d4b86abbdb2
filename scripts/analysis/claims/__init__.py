"""The claims table: for each claim of docs/claims.json, in its order, its
texts, the verdict its rule gives on one run, why, and the figures it read.

Each claim's rule is one function over the run (evidence.Evidence) and the
claim's bars from docs/claims.json, registered by id with @claim("C3") in a
module of claims/rules/, which are all read: a new claim is its function,
its entry in docs/claims.json and its test. An entry with no function, or a
function with no entry, is a ClaimsError naming it.
"""
import importlib
import pkgutil

from . import entries
from .entries import ClaimsError
from .evidence import Evidence

_RULES = {}


def claim(claim_id: str):
    """Registers a function as the rule of claim_id: f(evidence, bars) ->
    {verdict, cause, reason, figures}."""
    def register(rule):
        if claim_id in _RULES:
            raise ClaimsError(f"claim {claim_id} has two functions, {_RULES[claim_id].__name__} and {rule.__name__}")
        _RULES[claim_id] = rule
        return rule
    return register


def registered() -> dict:
    """Every registered rule by id, the modules of claims/rules/ read first."""
    package = importlib.import_module(f"{__name__}.rules")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return _RULES


def _matched(claims: list, rules: dict) -> None:
    ids = [entry["id"] for entry in claims]
    unruled = [claim_id for claim_id in ids if claim_id not in rules]
    if unruled:
        raise ClaimsError(f"claim {', '.join(unruled)} of docs/claims.json has no function "
                          "in scripts/analysis/claims/rules")
    unlisted = [claim_id for claim_id in rules if claim_id not in ids]
    if unlisted:
        raise ClaimsError(f"claim {', '.join(unlisted)} has a function but is missing from docs/claims.json")


def evaluate(results, load: dict, claims: list = None) -> list:
    """Every claim's row on a run: {id, claim, shape, rule, families, verdict,
    cause, reason, figures}. load is machine.machine_load's; claims the
    entries of docs/claims.json unless given."""
    claims = entries.read() if claims is None else claims
    rules = registered()
    _matched(claims, rules)
    evidence = Evidence(results, load)
    return [{**{key: entry[key] for key in (*entries.TEXTS, "families")},
             **rules[entry["id"]](evidence, entry["bars"])} for entry in claims]
