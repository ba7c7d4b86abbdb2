"""analysis.claims_doc: docs/claims.md from docs/claims.json, its texts kept
literal in Markdown, a section per claim with its bars, and the facts the
verdicts rest on (the interval's confidence, the busy rule) from the code
that applies them."""
from analysis import claims_doc
from analysis.claims import entries

CLAIM = {"id": "C7", "claim": "a_b *c* [d]", "shape": "s", "rule": "r of 0.9", "families": ["ctxswitch", "switch"],
         "bars": {"process_over_thread_switch": 0.9}}


def test_markdown_keeps_texts_literal():
    assert claims_doc.markdown(r"a*b `c` <d> [e] f\g") == r"a\*b \`c\` \<d\> \[e\] f\\g"
    assert claims_doc.markdown("_x probe_p99_us y_") == r"\_x probe_p99_us y\_"


def test_joined():
    assert [claims_doc.joined(w) for w in (["a"], ["a", "b"], ["a", "b", "c"])] == ["a", "a and b", "a, b and c"]


def test_a_section_per_claim_with_its_bars():
    assert claims_doc.section(CLAIM) == (
        "\n## C7: a_b \\*c\\* \\[d\\]\n\nExpected: s.\n\nDecided by: r of 0.9.\n\n"
        "Its bars: `process_over_thread_switch` 0.9.\n\n"
        "Measured by: the [ctxswitch](families/ctxswitch.md) and [switch](families/switch.md) families.\n")
    assert "Its bars" not in claims_doc.section({**CLAIM, "bars": {}, "families": ["semantics"]})


def test_the_page_states_every_claim_and_the_facts_from_the_code():
    page = claims_doc.page(entries.read())
    assert page.count("\n## C") == len(entries.read())
    assert "covers the true median with probability 90% or more" in page
    assert "with 5 to 7 repetitions it is their lowest to their highest\n(93.75% at 5), from 8" in page
    assert "more than 0.1 PU busy on average, or steal passed 5%\nof the CPU time, or more than 0.5 other tasks" in page


def test_a_bad_claims_file_is_one_line_and_exit_1(monkeypatch, tmp_path, capsys):
    (tmp_path / "claims.json").write_text('[{"id": "C1"}]')
    monkeypatch.setattr(entries, "CLAIMS_FILE", tmp_path / "claims.json")
    assert claims_doc.main(["claims_doc", str(tmp_path / "claims.md")]) == 1
    assert capsys.readouterr().err == f"claims_doc: {tmp_path / 'claims.json'} is not {entries.SHAPE}\n"
    assert not (tmp_path / "claims.md").exists()
