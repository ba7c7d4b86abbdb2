"""Draws every plot of one results folder (results/<machine>/) as PNG and SVG
into its plots/ folder, from its analysis.json and its machine's history.

Each folder scripts/plots/<name>/ is one plot:
  reshape.py  reshape(analysis, history) -> None when it has nothing to draw,
              else {"data": {NAME: text of a data file}, "vars": {NAME:
              number or string}}; analysis is analysis.json's object,
              history the machine's runs (results/history/<machine>.jsonl)
              or None when it has none.
  plot.gp     draws out.".".format, given as gnuplot variables out, format
              (png or svg), machine (the machine's title), palette (the path
              of a file of the models' colours and the placements' dashes,
              palette.py), each of the reshaper's vars (which may override
              those) and, for each data text, the path of a file holding it.

Values reach gnuplot only as constants (gnuplot.py), never as code. A
finished plot is drawn in a folder of its own beside the old one and
replaces it at once, under files.py's rule (plots/ and each plot there a
folder and a regular file, never a link); a plot that fails leaves the old
one and the others are still drawn; the exit status says whether all were.

    python3 -m analysis.plot RESULTS_DIR [NAME...]     NAMEs: only those plots
"""
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from . import check, files, history
from .analysis import FORMAT
from .defs import TableError
from .gnuplot import PlotError, gnuplot_assignments, plot_spec
from .palette import model_colours, palette_text
from .results import InputError, read_json

PLOTS = Path(__file__).resolve().parents[1] / "plots"
PLOT_NAME = re.compile(r"[A-Za-z0-9_-]+")
FORMATS = ("png", "svg")
INTERRUPTED = 130


class PlotFailed(Exception):
    """One plot could not be drawn; its message, when it has one, says why."""


def say(message: str, error: bool = False) -> None:
    print(f"plot: {message}", file=sys.stderr if error else sys.stdout, flush=True)


def read_analysis(path: str) -> dict:
    document = read_json(path)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"is not {FORMAT}; write it with scripts/analyse")
    return document


def reshaper(name: str):
    """The reshape function of plots/<name>/reshape.py."""
    path = PLOTS / name / "reshape.py"
    spec = importlib.util.spec_from_file_location(f"plots.{name}.reshape", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reshape


def reshaped(name: str, analysis: dict, runs) -> dict:
    """The plot's checked spec; PlotFailed with the reshaper's error in one line."""
    try:
        spec = reshaper(name)(analysis, runs)
    except Exception as error:  # a reshaper's failure ends its plot alone
        where = traceback.extract_tb(error.__traceback__)[-1]
        raise PlotFailed(f"plots/{name}/reshape.py failed: {type(error).__name__}: {error} "
                         f"({Path(where.filename).name} line {where.lineno})") from None
    try:
        return plot_spec(spec, name)
    except PlotError as error:
        raise PlotFailed(str(error)) from None


def draw(name: str, analysis: dict, runs, common: dict, work: Path, staging: Path, outdir: str) -> None:
    """Reshapes the analysis for plots/<name> and draws its PNG and SVG."""
    spec = reshaped(name, analysis, runs)
    if spec is None:
        say(f"no {name} results to draw")
        return
    data = work / name
    data.mkdir()
    for key, text in spec["data"].items():
        (data / key).write_text(text, encoding="utf-8")
    for format in FORMATS:
        settings = gnuplot_assignments({**common, "out": str(staging / name), "format": format}, spec, str(data), name)
        if subprocess.run(["gnuplot", "-e", settings, str(PLOTS / name / "plot.gp")]).returncode != 0:
            raise PlotFailed("")
        drawn = staging / f"{name}.{format}"
        if not drawn.exists() or drawn.stat().st_size == 0:
            raise PlotFailed(f"plots/{name}/plot.gp wrote no {name}.{format}")
    targets = {format: f"{outdir}/{name}.{format}" for format in FORMATS}
    try:
        for target in targets.values():  # both refused before either is replaced
            files.is_file(target)
        for format, target in targets.items():
            files.put_in_place(str(staging / f"{name}.{format}"), target)
    except OSError as error:
        raise PlotFailed(f"cannot write {target}: {error.strerror or error}") from None
    say(f"wrote {outdir}/{name}.png and {name}.svg")


def plot_names(asked: list) -> list:
    return asked or sorted(p.name for p in PLOTS.iterdir() if p.is_dir())


def draw_all(folder: str, names: list) -> int:
    analysis_path = f"{folder}/analysis.json"
    try:
        analysis = read_analysis(analysis_path)
    except InputError as error:
        say(f"{analysis_path} {error}", error=True)
        return 1
    machine = os.path.basename(os.path.abspath(folder))
    history_path = f"{os.path.dirname(os.path.abspath(folder))}/history/{machine}.jsonl"
    try:
        runs = history.load(history_path) or None
    except InputError:
        say(check.problem("history", history_path), error=True)
        return 1
    outdir = f"{folder}/plots"
    try:
        files.make_folder(outdir)
    except OSError as error:
        say(f"cannot use the folder {outdir}: {error.strerror or error}", error=True)
        return 1
    work = Path(tempfile.mkdtemp())
    # Drawn here first, then renamed into place: no reader sees half a picture.
    staging = Path(tempfile.mkdtemp(prefix=".plot.", dir=outdir))
    try:
        try:
            (work / "palette.gp").write_text(palette_text(model_colours()))
        except TableError as error:
            say(str(error), error=True)
            return 1
        common = {"machine": analysis["machine"]["title"], "palette": str(work / "palette.gp")}
        failed = []
        for name in names:
            if not PLOT_NAME.fullmatch(name) or not (PLOTS / name / "reshape.py").is_file():
                say(f"no plot named '{name}' (scripts/plots/{name}/reshape.py)", error=True)
                failed.append(name)
                continue
            try:
                draw(name, analysis, runs, common, work, staging, outdir)
            except PlotFailed as failure:
                if str(failure):
                    say(str(failure), error=True)
                failed.append(name)
        if failed:
            say(f"failed to draw: {' '.join(failed)}", error=True)
            return 1
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)


def interrupted(signum, frame):
    raise SystemExit(INTERRUPTED)


def main(argv) -> int:
    if len(argv) < 2:
        print("usage: scripts/plot results/<machine> [NAME...]", file=sys.stderr)
        return 2
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupted)
    return draw_all(argv[1], plot_names(argv[2:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
