"""Each family's page names, in its opening paragraph, the claims that
docs/claims.json says the family serves: the map has one home, and the
pages are held to it."""
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLAIMS = json.loads((ROOT / "docs" / "claims.json").read_text())
PAGES = sorted((ROOT / "docs" / "families").glob("*.md"))


def opening(page: pathlib.Path) -> str:
    text = page.read_text()
    body = text.split("\n\n", 2)
    return "\n\n".join(body[:2])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_family_page_names_the_claims_its_family_serves(page):
    served = {c["id"] for c in CLAIMS if page.stem in c["families"]}
    named = set(re.findall(r"\*\*(C[0-9]+)\*\*", opening(page)))
    assert named == served
