"""One machine's page, from its analysis.json and the files beside it: the
machine and its load, lstopo's picture (drawn now when the results were
made on this host and lack one), the claims, how closely the models mirror
CPython (fidelity_rows.py), what placement did, where each scaling curve
bends, the fits and every plot, linked by paths relative to the page so that
the folder opens from disk. A picture is shown only as an <img> (html.j2 says
why)."""
import glob
import os
import pathlib
import socket
import subprocess
from dataclasses import dataclass

from .. import fmt
from ..stats.intervals import CONFIDENCE, MIN_REPETITIONS
from ..usl import CONFIDENCE as FIT_CONFIDENCE
from .fidelity_rows import fidelity_tables
from .inputs import is_file, is_folder, png_beside, present, relative, text_file
from .render import render, text

UNKNOWN = "?"
NOT_RECORDED = "not recorded"
HARDWARE = ("hwloc_packages", "hwloc_cores", "hwloc_pus", "hwloc_numa_nodes")
TOPOLOGY_SVG = str(pathlib.Path(__file__).resolve().parents[2] / "topology_svg")


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, whether it holds a number, how many columns it spans."""
    text: str
    number: bool = False
    span: int = 1


def field(context: dict, key: str, default: str = UNKNOWN):
    """A value of the results' context; the default when it has none."""
    value = context.get(key)
    return default if value is None else value


def tasks(context: dict) -> str:
    """"500 us, 64 per worker": the task's size and how many a run made."""
    if context.get("slicebench_tasks_per_worker") is not None:
        count = f"{text(context['slicebench_tasks_per_worker'])} per worker"
    elif context.get("slicebench_tasks_per_job") is not None:
        count = f"{text(context['slicebench_tasks_per_job'])} per job"
    else:
        count = UNKNOWN
    return f"{text(field(context, 'slicebench_task_us'))} us, {count}"


def machine_rows(context: dict, made: str) -> list:
    """The machine table: (heading, value), "?" for what the results lack."""
    hardware = ", ".join(text(field(context, key)) for key in HARDWARE)
    return [("machine", field(context, "slicebench_machine")), ("topology", field(context, "slicebench_topology")),
            ("CPU model", field(context, "hwloc_cpu_model")), ("packages, cores, PUs, NUMA nodes", hardware),
            ("host", field(context, "host_name")), ("results dated", field(context, "date")),
            ("task size, tasks", tasks(context)), ("workloads (kind)", field(context, "slicebench_workloads")),
            ("report made", made),
            ("load averages before the run", field(context, "noise_load_avg_before", NOT_RECORDED)),
            ("CPU frequency governor", field(context, "noise_governor", NOT_RECORDED))]


def curves(analysis: dict) -> list:
    """The scaling curves by workload, model and placement."""
    return sorted(analysis["scaling"], key=lambda c: (c["workload"], c["model"], c["placement"]))


def per_task(us) -> str:
    return UNKNOWN if us is None else f"{fmt.sig3_text(us)} us"


def knee_row(curve: dict) -> list:
    """Where a curve bends, and what explains it, as the table's cells."""
    knee, stop = curve["knee"], curve["stop"]
    largest = fmt.number(knee["largest_workers"])
    return [curve["workload"], f"{curve['model']}/{curve['placement']}",
            fmt.number(knee["knee_workers"]) if knee["knee_workers"] else f"none up to {largest}",
            f"{fmt.speed(knee['peak_speedup'])} ({fmt.number(knee['peak_workers'])})",
            UNKNOWN if knee["bound_speedup"] is None else fmt.speed(knee["bound_speedup"]),
            per_task(knee["cpu_us_per_task"]), per_task(knee["caller_cpu_us_per_task"]),
            UNKNOWN if knee["fixed_cost_share"] is None else f"{fmt.sig3_text(knee['fixed_cost_share'] * 100)}%",
            largest if stop is None else f"{largest}: {stop}"]


def fit_row(fit: dict) -> list:
    """A curve's Amdahl and USL fits as the table's cells."""
    def figures(*values):
        return [Cell(fmt.shown(value, fmt.sig3_text), number=True) for value in values]
    cells = [Cell(fit["workload"]), Cell(f"{fit['model']}/{fit['placement']}"),
             Cell(", ".join(fmt.number(workers) for workers, _ in fit["points"]))]
    if fit["status"] != "fitted":
        return cells + [Cell(fit["status"], span=8)]
    amdahl, usl = fit["amdahl"], fit["usl"]
    if fit["refused"] is not None:
        peak = f"refused: {fit['refused']}"
    else:
        peak = " ".join([fmt.sig3_text(fit["n_star"]),
                         f"({fmt.sig3_text(fit['n_star_low'])} to {fmt.sig3_text(fit['n_star_high'])})"])
    return cells + figures(amdahl["serial_fraction"], amdahl["r2"], amdahl["rms"], usl["a"], usl["b"]) \
        + [Cell(peak)] + figures(usl["r2"], usl["rms"])


def topology(results_dir: str, report_dir: str, host_name) -> tuple:
    """lstopo's picture, relative to the page, or why there is none: the one
    scripts/bench saved, or, when the results were made on this host, one
    drawn now. Gives (picture or "", note or "")."""
    svg = os.path.join(results_dir, "topology.svg")
    if not present(svg):
        made_on = host_name or ""
        if made_on != socket.gethostname():
            return "", ("No picture of the machine: the results have no topology.svg, and they were made on host "
                        f"'{made_on}', not this one, so lstopo here would draw the wrong machine.")
        drawn = subprocess.run([TOPOLOGY_SVG, svg], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, errors="replace")
        if drawn.returncode != 0:
            return "", f"No picture of the machine: {drawn.stderr.rstrip(chr(10))}"
    return (relative(svg, report_dir), "") if present(svg) else ("", "")


def plots(results_dir: str, report_dir: str) -> list:
    """Every SVG plot in the results folder, as {svg, png, name}: the paths
    relative to the page of the SVG and of the PNG drawn beside it ("" when
    there is none)."""
    folder = os.path.join(results_dir, "plots")
    if not is_folder(folder):
        return []
    return [{"svg": relative(svg, report_dir), "png": png_beside(svg, report_dir),
             "name": os.path.basename(svg)[:-len(".svg")]}
            for svg in sorted(glob.glob(os.path.join(glob.escape(folder), "*.svg"))) if is_file(svg)]


def render_machine_page(analysis: dict, results_dir: str, report_dir: str, made: str, history_page: str) -> str:
    picture, note = topology(results_dir, report_dir, analysis["machine"]["host_name"])
    scaling = curves(analysis)
    return render("report.html.j2", machine=analysis["machine"]["name"], history_page=history_page,
                  rows=machine_rows(analysis["context"], made), load=analysis["load"],
                  plan=analysis.get("plan"),
                  topology_svg=picture, topology_note=note,
                  topology_text=text_file(os.path.join(results_dir, "topology.txt")),
                  claims=analysis["claims"], confidence_percent=fmt.number(CONFIDENCE * 100),
                  fidelity=fidelity_tables(analysis["fidelity"]), placement=analysis.get("placement"),
                  min_repetitions=MIN_REPETITIONS, fit_confidence_percent=fmt.number(FIT_CONFIDENCE * 100),
                  knees=[knee_row(c) for c in scaling if c["knee"] is not None],
                  fits=[fit_row(c["fit"]) for c in scaling if c["fit"] is not None],
                  plots=plots(results_dir, report_dir))
