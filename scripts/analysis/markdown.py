"""Text from a results file, a history or docs/claims.json put into
Markdown so that it reads as the text it is, never as markup: prose
escaped, names as code spans, and either kind fit for a table's cell
(GitHub's tables split a row at every unescaped pipe, even inside code,
and end it at a line's end)."""
import re


def text(value: str) -> str:
    """Text whose characters Markdown would read as markup, escaped."""
    value = re.sub(r"([\\`*<>\[\]])", r"\\\1", value)
    return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", value)


def code_span(value: str) -> str:
    """value as a Markdown code span, whatever it holds: lines joined, and a
    fence longer than any run of backticks in it (CommonMark)."""
    value = " ".join(value.splitlines())
    fence = "`" * (1 + max((len(run) for run in re.findall("`+", value)), default=0))
    return f"{fence} {value} {fence}"


def table_cell(value: str) -> str:
    """value as a code span in a table cell: pipes escaped, as GitHub's
    tables need even inside code."""
    return code_span(value.replace("|", "\\|"))


def table_text(value: str) -> str:
    """value as escaped prose in a table cell: lines joined, pipes escaped."""
    return text(" ".join(value.splitlines())).replace("|", "\\|")
