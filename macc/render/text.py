"""Text renderings of a report: a terminal table, CSV and Markdown, for every view.

The table and Markdown show human-friendly numbers (7.43 k) unless ``exact``; CSV is data and
always holds full integers (shares as fractions). Each carries a total row the other rows sum to.
"""

from __future__ import annotations

import csv
import io

from .grid import Grid, build_grid, shape_text
from .numbers import number, percent

__all__ = ["render_csv", "render_markdown", "render_table", "shape_text"]

RIGHT = ("int", "count", "share")


def cell_text(value, kind: str, exact: bool) -> str:
    if kind == "int":
        return number(value, exact)
    if kind == "count":
        return f"{value:,}"
    if kind == "share":
        return percent(value)
    if kind == "tree":
        return value[1]
    return str(value)


def _shown(grid: Grid):
    return [i for i, c in enumerate(grid.columns) if not c.csv_only]


def render_table(report, by: str = "node", sort: str | None = None, top: int | None = None,
                 depth: int | None = None, exact: bool = False) -> str:
    grid = build_grid(report, by, sort=sort, top=top, depth=depth)
    idx = _shown(grid)
    cols = [grid.columns[i] for i in idx]

    def cells(row):
        out = []
        for i, c in zip(idx, cols):
            t = cell_text(row[i], c.kind, exact)
            if c.kind == "tree":
                t = "  " * row[i][0] + t
            out.append(t)
        return out

    body = [cells(r) for r in grid.rows]
    total = cells(grid.total)
    header = [c.header for c in cols]
    widths = [len(h) for h in header]
    for r in body + [total]:
        for j, t in enumerate(r):
            if len(t) > widths[j]:
                widths[j] = len(t)
    right = [c.kind in RIGHT for c in cols]

    def line(cs):
        return "  ".join(t.rjust(w) if r else t.ljust(w)
                         for t, w, r in zip(cs, widths, right)).rstrip()

    rule = line(["-" * w for w in widths])
    out = [grid.title, line(header), rule]
    out += [line(r) for r in body]
    out += [rule, line(total)]
    out += grid.footer
    return "\n".join(out) + "\n"


def render_csv(report, by: str = "node", sort: str | None = None, top: int | None = None,
               depth: int | None = None, exact: bool = True) -> str:
    """Full integers always (``exact`` is accepted for a uniform signature); the last row is the
    total (``status``/``kind`` column = "total"); a left-out remainder is one "other" row."""
    grid = build_grid(report, by, sort=sort, top=top, depth=depth)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.key for c in grid.columns])

    def raw(row):
        out = []
        for v, c in zip(row, grid.columns):
            if c.kind == "tree":
                out.append(v[1])
            elif c.kind == "share":
                out.append(f"{v:.6f}")
            else:
                out.append(v)
        return out

    for r in grid.rows:
        w.writerow(raw(r))
    w.writerow(raw(grid.total))
    return buf.getvalue()


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render_markdown(report, by: str = "node", sort: str | None = None, top: int | None = None,
                    depth: int | None = None, exact: bool = False) -> str:
    grid = build_grid(report, by, sort=sort, top=top, depth=depth)
    idx = _shown(grid)
    cols = [grid.columns[i] for i in idx]

    def cells(row, bold=False):
        out = []
        for i, c in zip(idx, cols):
            t = _md_escape(cell_text(row[i], c.kind, exact))
            if c.kind == "tree":
                t = "\u00a0\u00a0" * row[i][0] + t     # non-breaking spaces survive Markdown
            out.append(f"**{t}**" if bold and t else t)
        return "| " + " | ".join(out) + " |"

    out = [f"**{_md_escape(grid.title)}**", "",
           "| " + " | ".join(_md_escape(c.header) for c in cols) + " |",
           "|" + "|".join("---:" if c.kind in RIGHT else "---" for c in cols) + "|"]
    out += [cells(r) for r in grid.rows]
    out.append(cells(grid.total, bold=True))
    if grid.footer:
        out.append("")
        out += [_md_escape(f) + "  " for f in grid.footer]
    return "\n".join(out) + "\n"
