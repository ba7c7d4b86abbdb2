"""The report's pages, rendered from analysis.json through templates (Jinja,
every text escaped): a machine's page, its history page, and the page that
sets every machine side by side. `python3 -m analysis.report` writes them
(scripts/report and scripts/report_machines call it)."""
