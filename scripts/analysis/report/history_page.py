"""A machine's history page, from its change points ({runs, benchmarks:
[{name, points, segments, change_points}]}, as scripts/changepoints writes
them): every step found, then one small trend per benchmark, grouped by
family, drawn from the data: its runs' median times on a log scale of its
own, the level of each segment, each change point marked with its commit.
Every run shares one x axis, so the trends line up."""
import math

from .. import fmt
from .render import render

SIZE = {"width": 260, "height": 64}
MARGIN = 4


def coordinate(value: float) -> str:
    """A position to a tenth of a pixel."""
    return fmt.number(math.floor(value * 10 + 0.5) / 10)


def run_name(run: dict) -> str:
    """"run 20 (2027-01-21, abc123+)": a run's place, day and commit, + when the tree was dirty."""
    date = "no date" if run["date"] is None else run["date"]
    return f"run {run['index']} ({date[:10]}, {run['commit']}{'+' if run['dirty'] else ''})"


class Axes:
    """Where a run and a time go in a trend: runs across the shared x axis,
    log time up a scale of the benchmark's own."""

    def __init__(self, runs: int, times: list):
        logs = [math.log(t) for t in times]
        self.runs, self.low = runs, min(logs)
        self.range = (max(logs) - self.low) or 1

    def x(self, index: int) -> str:
        share = index / (self.runs - 1) if self.runs > 1 else 0.5
        return coordinate(MARGIN + (SIZE["width"] - 2 * MARGIN) * share)

    def y(self, ns: float) -> str:
        return coordinate(SIZE["height"] - MARGIN - (SIZE["height"] - 2 * MARGIN) * (math.log(ns) - self.low) / self.range)


def trend(benchmark: dict, runs: int) -> dict:
    axes = Axes(runs, [ns for _, ns in benchmark["points"]])
    return {"name": benchmark["name"],
            "changes": [{"x": axes.x(c["index"]), "run": run_name(c), "ratio": c["ratio"]}
                        for c in benchmark["change_points"]],
            "levels": [{"x1": axes.x(s["first"]), "x2": axes.x(s["last"]), "y": axes.y(s["median_ns"])}
                       for s in benchmark["segments"]],
            "points": [(axes.x(index), axes.y(ns)) for index, ns in benchmark["points"]]}


def steps(changepoints: dict) -> list:
    """Every change point of every benchmark, by run then name."""
    found = [{"name": b["name"], "index": c["index"], "run": run_name(c), "ratio": c["ratio"]}
             for b in changepoints["benchmarks"] for c in b["change_points"]]
    return sorted(found, key=lambda step: (step["index"], step["name"]))


def families(changepoints: dict) -> list:
    """The trends grouped by family (a name's first part), families by name."""
    runs = len(changepoints["runs"])
    grouped = {}
    for benchmark in changepoints["benchmarks"]:
        grouped.setdefault(benchmark["name"].split("/")[0], []).append(trend(benchmark, runs))
    return sorted(grouped.items(), key=lambda family: family[0])


def render_history_page(changepoints: dict, machine: str, made: str) -> str:
    return render("history.html.j2", machine=machine, made=made, runs=len(changepoints["runs"]), size=SIZE,
                  steps=steps(changepoints), families=families(changepoints))
