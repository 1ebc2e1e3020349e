"""Renderers: a Report in, text out. Separate from the report model.

Every renderer takes ``(report, by="node"|"op"|"scope", sort=None, top=None, depth=None,
exact=False)``; JSON and CSV always hold full integers.
"""

from .html import render_html
from .jsonfmt import render_json
from .latex import render_latex
from .text import render_csv, render_markdown, render_table

RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv,
             "markdown": render_markdown, "latex": render_latex, "html": render_html}

__all__ = ["RENDERERS", "render_csv", "render_html", "render_json", "render_latex",
           "render_markdown", "render_table"]
