"""Puts scripts/ on sys.path, so that the tests import the analysis package
as the scripts do: `import analysis`."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
