"""The office web app (`report-drafter serve`): the drafting cycle in a browser.

Flask and waitress, ruamel.yaml and werkzeug's password hashing stay inside this package;
everything a page does is a call to the library modules (load, job, render, pdf, update,
check, fix, sheet, figures, rollup) — the command line and the web app share one code path.
"""
