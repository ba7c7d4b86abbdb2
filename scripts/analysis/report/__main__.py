"""Writes the report's pages (scripts/report and scripts/report_machines run
this; they check the inputs and run scripts/analyse first).

    python3 -m analysis.report machine RESULTS_DIR REPORT_DIR [CHANGEPOINTS.json]
        REPORT_DIR/index.html from RESULTS_DIR/analysis.json, and
        REPORT_DIR/history.html from scripts/changepoints' output when given;
        prints the claims table.
    python3 -m analysis.report machines REPORT_DIR -- [machine NAME RESULTS_DIR | unreadable NAME WHY]...
        REPORT_DIR/index.html: the machines side by side, in the order
        given, each one's own pages already in REPORT_DIR/NAME/; those
        whose report failed listed apart, with why.

A page is written whole or not at all, under files.py's rule. Bad input, or
a page that may not be written, is one line on stderr,
"report: ..." or "report_machines: ...", and exit status 1.
"""
import argparse
import datetime
import json
import os
import sys

from ..results import InputError
from .claims_table import claims_table
from .history_page import render_history_page
from .inputs import load_analysis
from .machine_page import render_machine_page
from .machines_page import machine_column, render_machines_page
from .publish import end_cleanly_on_signals, publish


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def machine(arguments) -> None:
    analysis = load_analysis(os.path.join(arguments.results_dir, "analysis.json"))
    made, report_dir = now(), arguments.report_dir
    pages = {}
    if arguments.changepoints:
        with open(arguments.changepoints, encoding="utf-8") as stream:
            changepoints = json.load(stream)
        machine_name = os.path.basename(os.path.realpath(arguments.results_dir))
        pages[os.path.join(report_dir, "history.html")] = render_history_page(changepoints, machine_name, made)
    history_page = "history.html" if pages else ""
    pages[os.path.join(report_dir, "index.html")] = render_machine_page(
        analysis, arguments.results_dir, report_dir, made, history_page)
    publish(pages)
    print("\n".join(claims_table(analysis)))
    print(f"report: wrote {os.path.join(report_dir, 'index.html')}{' and ' + history_page if history_page else ''}")


def machines(arguments) -> None:
    entries = arguments.entries
    if len(entries) % 3 or any(kind not in ("machine", "unreadable") for kind in entries[::3]):
        raise InputError("machines: expected entries 'machine NAME RESULTS_DIR' or 'unreadable NAME WHY'")
    triples = list(zip(entries[::3], entries[1::3], entries[2::3]))
    columns = [machine_column(name, results_dir, arguments.report_dir)
               for kind, name, results_dir in triples if kind == "machine"]
    unreadable = [(name, why) for kind, name, why in triples if kind == "unreadable"]
    page = render_machines_page(columns, unreadable, now())
    publish({os.path.join(arguments.report_dir, "index.html"): page})


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog="python3 -m analysis.report")
    pages = made.add_subparsers(dest="page", required=True)
    one = pages.add_parser("machine")
    one.add_argument("results_dir")
    one.add_argument("report_dir")
    one.add_argument("changepoints", nargs="?")
    one.set_defaults(run=machine, who="report")
    side_by_side = pages.add_parser("machines")
    side_by_side.add_argument("report_dir")
    side_by_side.add_argument("entries", nargs="*")
    side_by_side.set_defaults(run=machines, who="report_machines")
    return made


def main(argv) -> int:
    end_cleanly_on_signals()
    arguments = parser().parse_args(argv)
    try:
        arguments.run(arguments)
    except InputError as error:
        print(f"{arguments.who}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{arguments.who}: {error.filename}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
