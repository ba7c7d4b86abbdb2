"""The C header of the claims' bars (analysis.bars_header), which the
program's paired family samples against: every bar of docs/claims.json
under its macro, the intervals' confidence, and a bar whose name cannot be
a macro refused."""
import pytest

from analysis import bars_header
from analysis.claims.entries import ClaimsError, read


def macros(text: str) -> dict:
    return {line.split()[1]: line.split()[2] for line in text.splitlines() if line.startswith("#define SB_")}


def test_every_bar_of_the_claims_is_a_macro_of_its_value():
    entries = read()
    defined = macros(bars_header.header(entries))
    for entry in entries:
        for bar, value in entry["bars"].items():
            assert float(defined[f"SB_BAR_{entry['id']}_{bar}".upper()]) == value
    assert (defined["SB_INTERVAL_CONFIDENCE"], defined["SB_INTERVAL_MIN_SAMPLES"]) == ("0.9", "5")


def test_a_changed_bar_changes_its_macro():
    entries = [{"id": "C3", "bars": {"speedup_per_pu": 0.75}}]
    assert macros(bars_header.header(entries))["SB_BAR_C3_SPEEDUP_PER_PU"] == "0.75"


def test_a_bar_no_macro_can_name_is_refused():
    with pytest.raises(ClaimsError, match="cannot name a C macro"):
        bars_header.header([{"id": "C3", "bars": {"speed-up": 1}}])


def test_the_header_is_written_whole(tmp_path):
    out = tmp_path / "generated" / "claim_bars.h"
    assert bars_header.main([str(out)]) == 0
    assert out.read_text() == bars_header.header(read())
    assert bars_header.main([]) == 2
