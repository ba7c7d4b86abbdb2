# What the report's pages share (scripts/report_html.jq, history_html.jq,
# machines_html.jq): the page's head and style, pictures that say when they
# fail to load, and table cells. Every text goes through @html. Include
# with: include "html" {search: "./"};
include "results" {search: "./"};

# The page up to and including <body>, titled $title (escaped here).
def page_start($title):
  [ "<!DOCTYPE html>",
    "<html lang=\"en\"><head><meta charset=\"utf-8\">",
    "<title>\($title | @html)</title>",
    "<style>",
    "body { font-family: sans-serif; max-width: 1300px; margin: 1em auto; padding: 0 1em; color: #222; }",
    "table { border-collapse: collapse; margin: 0.5em 0 1.5em; }",
    "th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; text-align: left; font-size: 0.92em; }",
    "th { background: #f2f2f2; }",
    "td.verdict { font-weight: bold; white-space: nowrap; }",
    ".holds td.verdict, td.verdict.holds { color: #176b2c; } .does-not-hold td.verdict, td.verdict.does-not-hold { color: #a61b1b; }",
    ".not-measured td.verdict, td.verdict.not-measured { color: #777; }",
    ".inconclusive td.verdict, td.verdict.inconclusive { color: #9a6700; }",
    "p.busy, tr.busy td { background: #fff4d6; } p.busy { padding: 0.4em 0.6em; border-left: 4px solid #9a6700; }",
    "ul.figures { margin: 0; padding-left: 1.1em; } .rule { color: #555; font-size: 0.9em; margin-top: 0.4em; }",
    "figure { margin: 1em 0 2em; } figure img { max-width: 100%; border: 1px solid #ddd; }",
    "td.number { text-align: right; font-variant-numeric: tabular-nums; }",
    "nav { margin: 0.5em 0 1em; } nav a { margin-right: 1.5em; }",
    "</style></head><body>" ]
  | join("\n");

def page_end: "</body></html>";

# A relative path as a URL: each of its parts percent-encoded.
def url_path: split("/") | map(@uri) | join("/");

def picture($src; $alt):
  "<img src=\"\($src | url_path | @html)\" alt=\"\($alt | @html)\" onload=\"this.dataset.loaded = 1\""
  + " onerror=\"this.dataset.loaded = 0; this.insertAdjacentText('afterend', 'missing: ' + this.getAttribute('src'))\">";

def cell: "<td>\(tostring | @html)</td>";

# A number for people to read, "-" for none.
def number: if . == null then "-" else sig3 | tostring end;
