"""How a plot's reshaper output reaches gnuplot: its spec checked
({"data": {NAME: text}, "vars": {NAME: number or string}}, or None for
nothing to draw) and turned into one `-e` command of assignments. Names are
checked against gnuplot's identifiers and values become constants only: a
number as itself, a string as a single-quoted literal. No text of the
results ever becomes gnuplot code."""
import json
import re
from typing import Optional

from .fmt import number

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Control characters (Unicode's Cc: newlines among them) end a gnuplot
# command; in a literal they become spaces.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class PlotError(Exception):
    """A reshaper's output gnuplot must not be given, with why in words."""


def gnuplot_name(name, plot: str) -> str:
    """A gnuplot variable's name, or PlotError naming the plot and the bad key."""
    if isinstance(name, str) and IDENTIFIER.fullmatch(name):
        return name
    raise PlotError(f"plots/{plot}/reshape.py: {_json(name)} is not a gnuplot variable name")


def gnuplot_literal(value) -> str:
    """A number as itself; a string in single quotes, where gnuplot reads
    everything literally but '' (one quote), its control characters spaces."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, str):
        return "'" + CONTROL.sub(" ", value).replace("'", "''") + "'"
    raise PlotError(f"{_json(value)} is neither a number nor a string")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _is_constant(value) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def plot_spec(spec, plot: str) -> Optional[dict]:
    """The reshaper's output checked: None when there is nothing to draw,
    else {"data", "vars"} with valid names, data texts as strings, vars as
    numbers or strings, and no name in both; PlotError says what is wrong."""
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) - {"data", "vars"}:
        raise PlotError(f'plots/{plot}/reshape.py: expected None or {{"data": {{...}}, "vars": {{...}}}}, '
                        f"got {_json(spec)[:200]}")
    data, variables = spec.get("data") or {}, spec.get("vars") or {}
    for name in [*data, *variables]:
        gnuplot_name(name, plot)
    if any(not isinstance(text, str) for text in data.values()):
        raise PlotError(f"plots/{plot}/reshape.py: a data file's text is not a string")
    wrong = {name: value for name, value in variables.items() if not _is_constant(value)}
    if wrong:
        raise PlotError(f"plots/{plot}/reshape.py: {_json(wrong)} are neither numbers nor strings")
    if set(data) & set(variables):
        raise PlotError(f"plots/{plot}/reshape.py: a name is both a data file and a variable")
    return {"data": dict(data), "vars": dict(variables)}


def gnuplot_assignments(common: dict, spec: dict, folder: str, plot: str) -> str:
    """One gnuplot command setting every variable: common first (out, format,
    machine, palette), then the plot's vars, which may override them, then
    each data file's path in folder (the file named after its variable)."""
    values = {**common, **spec["vars"], **{name: f"{folder}/{name}" for name in spec["data"]}}
    return "; ".join(f"{gnuplot_name(name, plot)} = {gnuplot_literal(value)}" for name, value in values.items())
