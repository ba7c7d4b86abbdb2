"""The colour each execution model has on every plot, read from its line in
core/models/models.def (SB_MODEL(<name>, <file>, "#rrggbb")), and the dash
each placement has, written as the gnuplot file every plot.gp loads
(`load palette`): model_colour("thread") and placement_dash("compact")."""
from pathlib import Path

from .defs import ROOT, colour_field, entries, name_field

MODELS_DEF = ROOT / "core" / "models" / "models.def"
MODEL_FIELDS = (name_field("<name>"), name_field("<file>"), colour_field())
# A model not in models.def (results from another build) is drawn grey.
UNKNOWN_MODEL_COLOUR = "#bbbbbb"
# Each placement's dash, in the order the plots list placements; a placement
# without one is drawn with UNKNOWN_PLACEMENT_DASH.
PLACEMENT_DASHES = {"none": 1, "compact": 2, "scatter": 4, "single": 3}
UNKNOWN_PLACEMENT_DASH = 5


def model_colours(path: Path = MODELS_DEF) -> dict:
    """Each model's colour, in the order of models.def; defs.TableError says
    why the file will not give them."""
    return {name: colour for name, _, colour in entries(path, "SB_MODEL", MODEL_FIELDS)}


def _choice(function: str, cases: dict, otherwise: str) -> str:
    """A gnuplot function of one name: `name eq "key" ? value :` for each
    case, then otherwise."""
    keys = {key: f'"{key}"' for key in cases}
    width = max(len(text) for text in keys.values())
    arms = [f"    name eq {keys[key]:<{width}} ? {value} :" for key, value in cases.items()]
    return f"{function}(name) = \\\n" + " \\\n".join(arms) + f" {otherwise}\n"


def palette_text(colours: dict) -> str:
    """The gnuplot file: model_colour(name) and placement_dash(name)."""
    quoted = {model: f'"{colour}"' for model, colour in colours.items()}
    dashes = {placement: str(dash) for placement, dash in PLACEMENT_DASHES.items()}
    return ("# Each execution model's colour (core/models/models.def) and each placement's dash.\n"
            + _choice("model_colour", quoted, f'"{UNKNOWN_MODEL_COLOUR}"') + "\n"
            + _choice("placement_dash", dashes, str(UNKNOWN_PLACEMENT_DASH)))
