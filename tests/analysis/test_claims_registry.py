"""docs/claims.json and the claims' functions: one function per entry and
one entry per function, the rows in the file's order with its texts, each
bar read by its rule and quoted by its rule's text, and each family a rule
reads named among its claim's families, which bench/families.def defines."""
import copy
import json
import pathlib
import re

import pytest

from analysis import results as results_module
from analysis.claims import ClaimsError, entries, evaluate, registered
from analysis.claims.evidence import Evidence
from analysis.results import table

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "turin-2pu-vm.json"
QUIET = {"busy": False, "text": "quiet"}
EMPTY = table({"context": {"hwloc_pus": "2"}, "benchmarks": []})


@pytest.fixture(scope="module")
def turin():
    return table(json.loads(FIXTURE.read_text()))


@pytest.fixture(scope="module")
def claims():
    return entries.read()


def test_a_row_for_every_entry_in_order_with_its_texts(claims):
    rows = evaluate(EMPTY, QUIET)
    assert [r["id"] for r in rows] == [c["id"] for c in claims]
    for row, entry in zip(rows, claims):
        assert list(row) == ["id", "claim", "shape", "rule", "families", "verdict", "cause", "reason", "figures"]
        assert {k: row[k] for k in ("claim", "shape", "rule", "families")} == \
            {k: entry[k] for k in ("claim", "shape", "rule", "families")}


def test_nothing_run_is_not_measured(claims):
    assert {r["verdict"] for r in evaluate(EMPTY, QUIET)} == {"not measured"}


def test_an_entry_without_a_function_is_an_error_naming_it(claims):
    extra = {**claims[0], "id": "C99"}
    with pytest.raises(ClaimsError, match="claim C99 of docs/claims.json has no function"):
        evaluate(EMPTY, QUIET, claims + [extra])


def test_a_function_without_an_entry_is_an_error_naming_it(claims):
    with pytest.raises(ClaimsError, match="claim C5 has a function but is missing from docs/claims.json"):
        evaluate(EMPTY, QUIET, [c for c in claims if c["id"] != "C5"])


@pytest.mark.parametrize("change, message", [
    (lambda c: c.append(copy.deepcopy(c[0])), "has claim C1 more than once"),
    (lambda c: c[0].pop("bars"), "is not a list of {id, claim, shape, rule, families, bars}"),
    (lambda c: c[1].update(rule=""), "is not a list"),
    (lambda c: c[2].update(families=[]), "is not a list"),
    (lambda c: c[2].update(families=["scaling", ""]), "is not a list"),
    (lambda c: c[2].update(families=[7]), "is not a list"),
    (lambda c: c[3]["bars"].update(speedup="1.2"), "is not a list"),
    (lambda c: c.clear(), "is not a list"),
])
def test_a_malformed_claims_file_is_refused(claims, change, message):
    changed = copy.deepcopy(claims)
    change(changed)
    with pytest.raises(ClaimsError, match=re.escape(message)):
        entries.check(changed, "claims.json")


@pytest.mark.parametrize("top", [7, "C1", {"C1": {}}, None], ids=["a number", "a string", "an object", "null"])
def test_a_claims_file_that_is_not_a_list_is_refused(top):
    with pytest.raises(ClaimsError, match=re.escape("is not a list of {id, claim, shape, rule, families, bars}")):
        entries.check(top, "claims.json")


def test_an_unreadable_claims_file_is_refused(tmp_path):
    (tmp_path / "claims.json").write_text("[{")
    with pytest.raises(ClaimsError, match="cannot be read"):
        entries.read(tmp_path / "claims.json")


def spellings(value):
    """How a rule's text may write a bar: 0.7, 10,000, 5% for a share."""
    yield re.escape(f"{value:,}" if value != int(value) else f"{int(value):,}")
    if 0 < value < 1:
        yield re.escape(f"{value * 100:g}%")


@pytest.mark.parametrize("entry", entries.read(), ids=lambda e: e["id"])
def test_every_bar_is_quoted_by_its_rule(entry):
    for name, value in entry["bars"].items():
        assert any(re.search(rf"(?<![\d.,]){spelled}(?!\d|[.,]\d)", entry["rule"]) for spelled in spellings(value)), \
            f"{entry['id']}'s rule does not quote its bar {name} = {value}"


class Recorded(dict):
    """A claim's bars, noting which its rule reads."""
    def __init__(self, bars):
        super().__init__(bars)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def test_every_bar_is_read_by_its_rule(turin, claims):
    for entry in claims:
        bars = Recorded(entry["bars"])
        registered()[entry["id"]](Evidence(turin, QUIET), bars)
        assert bars.read == set(entry["bars"]), entry["id"]


def test_every_family_a_rule_reads_is_among_its_claims_families(turin, claims, monkeypatch):
    read = []
    family = results_module.Results.family
    monkeypatch.setattr(results_module.Results, "family", lambda self, name: read.append(name) or family(self, name))
    for entry in claims:
        read.clear()
        registered()[entry["id"]](Evidence(turin, QUIET), entry["bars"])
        assert set(read) <= set(entry["families"]), entry["id"]


def test_every_family_named_is_one_of_bench_families_def(claims):
    defined = set(re.findall(r"^SB_FAMILY\(([a-z_]+),", (ROOT / "bench" / "families.def").read_text(), re.M))
    assert {f for entry in claims for f in entry["families"]} <= defined
