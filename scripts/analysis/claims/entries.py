"""docs/claims.json, the one statement of the claims: for each, its id, its
texts (the claim, the shape expected, the rule in words), the families that
measure it and its bars, the numbers its rule compares with. The claims
table, docs/claims.md and the tests read it through here."""
import json
import pathlib

from ..results import is_number

CLAIMS_FILE = pathlib.Path(__file__).resolve().parents[3] / "docs" / "claims.json"
TEXTS = ("id", "claim", "shape", "rule")
SHAPE = "a list of {id, claim, shape, rule, families, bars}"


class ClaimsError(Exception):
    """docs/claims.json, or the claims' functions, not as they must be."""


def _well_formed(entry) -> bool:
    return (isinstance(entry, dict)
            and all(isinstance(entry.get(key), str) and entry[key] for key in TEXTS)
            and isinstance(entry.get("families"), list) and entry["families"]
            and all(isinstance(family, str) and family for family in entry["families"])
            and isinstance(entry.get("bars"), dict) and all(is_number(v) for v in entry["bars"].values()))


def check(entries, source) -> list:
    """The entries when they are SHAPE with distinct ids; ClaimsError otherwise."""
    if not isinstance(entries, list) or not entries or not all(_well_formed(e) for e in entries):
        raise ClaimsError(f"{source} is not {SHAPE}")
    ids = [entry["id"] for entry in entries]
    twice = sorted({claim_id for claim_id in ids if ids.count(claim_id) > 1})
    if twice:
        raise ClaimsError(f"{source} has claim {', '.join(twice)} more than once")
    return entries


def read(path=None) -> list:
    """The entries of a claims file (docs/claims.json unless given), checked."""
    path = path or CLAIMS_FILE
    try:
        with open(path, encoding="utf-8") as stream:
            entries = json.load(stream)
    except (OSError, ValueError) as error:
        raise ClaimsError(f"{path} cannot be read: {getattr(error, 'strerror', None) or error}") from None
    return check(entries, path)
