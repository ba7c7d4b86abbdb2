"""The colour each execution model has on every plot, read from its line in
core/models/models.def (SB_MODEL(<name>, <file>, "#rrggbb")), and the dash
each placement has, written as the gnuplot file every plot.gp loads
(`load palette`): model_colour("thread") and placement_dash("compact")."""
import re
from pathlib import Path

MODELS_DEF = Path(__file__).resolve().parents[2] / "core" / "models" / "models.def"
MODEL_LINE = re.compile(r'SB_MODEL\(([a-z_0-9]+), *([a-z_0-9]+), *"(#[0-9a-f]{6})"\)')
# A model not in models.def (results from another build) is drawn grey.
UNKNOWN_MODEL_COLOUR = "#bbbbbb"
# Each placement's dash, in the order the plots list placements; a placement
# without one is drawn with UNKNOWN_PLACEMENT_DASH.
PLACEMENT_DASHES = {"none": 1, "compact": 2, "scatter": 4, "single": 3}
UNKNOWN_PLACEMENT_DASH = 5


class PaletteError(Exception):
    """models.def cannot give the models' colours, with why in words."""


def model_colours(path: Path = MODELS_DEF) -> dict:
    """Each model's colour, in the order of models.def."""
    colours = {}
    try:
        lines = path.read_text().splitlines()
    except OSError as error:
        raise PaletteError(f"{path}: cannot be read ({error.strerror})") from None
    for number, line in enumerate(lines, 1):
        if not line.startswith("SB_MODEL("):
            continue
        match = MODEL_LINE.fullmatch(line.strip())
        if not match:
            raise PaletteError(f'{path} line {number}: {line.strip()} is not SB_MODEL(<name>, <file>, "#rrggbb")')
        colours[match.group(1)] = match.group(3)
    return colours


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
