"""Renderers: a Report in, text out. Separate from the report model."""

from .jsonfmt import render_json
from .text import render_csv, render_markdown, render_table

RENDERERS = {"table": render_table, "json": render_json, "csv": render_csv,
             "markdown": render_markdown}

__all__ = ["RENDERERS", "render_csv", "render_json", "render_markdown", "render_table"]
