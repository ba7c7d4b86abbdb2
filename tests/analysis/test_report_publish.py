"""Pages are written whole or not at all, and a machine's analysis.json is
checked to be one before a page reads it."""
import os

import pytest

from analysis.analysis import FORMAT
from analysis.report.inputs import load_analysis
from analysis.report.publish import publish
from analysis.results import InputError


def test_every_page_is_written(tmp_path):
    publish({str(tmp_path / "a.html"): "a", str(tmp_path / "b.html"): "b"})
    assert sorted(os.listdir(tmp_path)) == ["a.html", "b.html"]
    assert (tmp_path / "b.html").read_text() == "b"
    assert oct(os.stat(tmp_path / "a.html").st_mode & 0o777) == "0o644"


def test_a_failure_leaves_the_old_pages_and_no_temporary_file(tmp_path):
    (tmp_path / "a.html").write_text("old")
    with pytest.raises(OSError):
        publish({str(tmp_path / "a.html"): "new", str(tmp_path / "missing" / "b.html"): "b"})
    assert os.listdir(tmp_path) == ["a.html"]
    assert (tmp_path / "a.html").read_text() == "old"


@pytest.mark.parametrize("content, why", [
    (None, "cannot be read"), ("{", "is not JSON"), ('{"format": "other"}', f"is not a {FORMAT} file"),
    ("[]", f"is not a {FORMAT} file")])
def test_an_analysis_that_will_not_do_says_why(tmp_path, content, why):
    path = tmp_path / "analysis.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=why):
        load_analysis(str(path))
