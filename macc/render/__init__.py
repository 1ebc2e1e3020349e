"""Renderers: a Report in, text out. Separate from the report model.

Every renderer takes ``(report, by="node"|"op"|"scope", sort=None, top=None, depth=None,
exact=False)``; JSON and CSV always hold full integers.

Each renderer's module is imported when that renderer is first used (``macc profile --format
json`` never loads the HTML, LaTeX or table code): ``RENDERERS[name]`` and ``render_*`` are the
renderer functions themselves.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

# format -> (module, function)
_WHERE = {"table": ("text", "render_table"), "json": ("jsonfmt", "render_json"),
          "csv": ("text", "render_csv"), "markdown": ("text", "render_markdown"),
          "latex": ("latex", "render_latex"), "html": ("html", "render_html")}


def _load(fmt: str):
    module, name = _WHERE[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


class _Renderers(Mapping):
    """format -> renderer function, each module imported on first lookup."""

    def __getitem__(self, fmt):
        return _load(fmt)

    def __iter__(self):
        return iter(_WHERE)

    def __len__(self):
        return len(_WHERE)


RENDERERS = _Renderers()
_BY_NAME = {name: fmt for fmt, (_, name) in _WHERE.items()}


def __getattr__(name: str):
    if name in _BY_NAME:
        return _load(_BY_NAME[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RENDERERS", "render_csv", "render_html", "render_json", "render_latex",
           "render_markdown", "render_table"]
