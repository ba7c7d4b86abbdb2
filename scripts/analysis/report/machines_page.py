"""The page that sets every machine side by side, one column each, from each
machine's analysis.json and the files beside it: the machine, lstopo's
picture and text, its scaling plot, its claims' verdicts and each family's
headline figures, with links to its own pages. Rows are the union over the
machines, in the order they first appear; a machine without a figure shows
"-". Machines whose report failed are listed apart, with the reason."""
import os

from .inputs import load_analysis, png_beside, present, relative, text_file
from .machine_page import field, tasks
from .render import render

MISSING = "-"


def in_order(items) -> list:
    """The distinct items, in the order they first appear."""
    return list(dict.fromkeys(items))


def machine_column(name: str, results_dir: str, report_dir: str) -> dict:
    """One machine's column; its own pages are in report_dir/<name>/."""
    analysis = load_analysis(os.path.join(results_dir, "analysis.json"))
    context = analysis["context"]

    def picture(file: str) -> str:
        path = os.path.join(results_dir, file)
        return relative(path, report_dir) if present(path) else ""
    history = os.path.join(report_dir, name, "history.html")
    return {"name": name, "report_page": f"{name}/index.html",
            "history_page": f"{name}/history.html" if os.path.exists(history) else "",
            "topology": field(context, "slicebench_topology"), "date": field(context, "date"),
            "tasks": tasks(context), "topology_svg": picture("topology.svg"),
            "topology_text": text_file(os.path.join(results_dir, "topology.txt")),
            "scaling_svg": picture(os.path.join("plots", "scaling.svg")),
            "scaling_png": png_beside(os.path.join(results_dir, "plots", "scaling.svg"), report_dir),
            "verdicts": {claim["id"]: claim["verdict"] for claim in analysis["claims"]},
            "headlines": {(h["family"], h["figure"]): h["text"] for h in analysis["headlines"]}}


def claim_rows(machines: list) -> list:
    """(claim, [each machine's verdict])."""
    ids = in_order(id_ for m in machines for id_ in m["verdicts"])
    return [(id_, [m["verdicts"].get(id_, MISSING) for m in machines]) for id_ in ids]


def headline_rows(machines: list) -> list:
    """(family, [(figure, [each machine's text])])."""
    figures = in_order(key for m in machines for key in m["headlines"])
    return [(family, [(figure, [m["headlines"].get((family, figure), MISSING) for m in machines])
                      for f, figure in figures if f == family])
            for family in in_order(family for family, _ in figures)]


def render_machines_page(machines: list, unreadable: list, made: str) -> str:
    """machines: their columns; unreadable: (name, why) of those whose report failed."""
    return render("machines.html.j2", machines=machines, unreadable=unreadable, made=made,
                  claims=claim_rows(machines), headlines=headline_rows(machines))
