"""CPython itself beside the models: the construct table, and where the
cpython family's rows are.

bench/cpython/constructs.def is the one home of which model stands for
which CPython construct, a line each:

    SB_CONSTRUCT(<construct>, <model>, "<what it is, in a few words>")

constructs() reads it (through defs.py, the reader models.def's colours go
through too). The family's rows are the scaling and granularity families'
shapes with a construct in the model's place, each construct's speedup
taken over CPython's own seq (scaling.py, granularity.py):

    cpython/<workload>/<construct>/workers:<n>     as a scaling curve (SCALING)
    cpython/<workload>/<construct>/task_us:<n>     as a granularity series (FAMILY)
"""
from dataclasses import dataclass
from pathlib import Path

from . import scaling
from .defs import ROOT, TableError, entries, name_field, text_field

FAMILY = "cpython"
SCALING = scaling.Family(FAMILY, placed=False)
CONSTRUCTS_DEF = ROOT / "bench" / "cpython" / "constructs.def"
CONSTRUCT_FIELDS = (name_field("<construct>"), name_field("<model>"), text_field("<what it is>"))


@dataclass(frozen=True)
class Construct:
    name: str
    model: str          # the model that stands for it
    description: str


def constructs(path: Path = None) -> dict:
    """Each construct by name, in the order of the file (constructs.def
    unless given); defs.TableError says why the file will not give them."""
    path = path or CONSTRUCTS_DEF
    made = {}
    for name, model, description in entries(path, "SB_CONSTRUCT", CONSTRUCT_FIELDS):
        if name in made:
            raise TableError(f"{path}: the construct {name} has two lines")
        made[name] = Construct(name, model, description)
    return made
