"""Text renderings of a report: a terminal table, CSV and Markdown, for every view.

The table and Markdown show human-friendly numbers (7.43 k) unless ``exact``; CSV is data and
always holds full integers (shares as fractions). Each carries a total row the other rows sum to.
"""

from __future__ import annotations

import csv
import io

from ..report.data import ReportData
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
    """``report``: a Report, or the plain ReportData it is made from (the CLI's path: the default
    node view is then written without building the Report)."""
    if isinstance(report, ReportData):
        if by == "node" and sort is None and top is None:
            from .nodetable import node_table
            return node_table(report, exact)
        report = report.to_report()
    grid = build_grid(report, by, sort=sort, top=top, depth=depth)
    idx = _shown(grid)
    cols = [grid.columns[i] for i in idx]
    rows = grid.rows + [grid.total]
    # column by column: numbers repeat a lot (10^5-node graphs), so each distinct int is
    # written once; the cells are exactly cell_text's
    texts = []
    for i, c in zip(idx, cols):
        values = [r[i] for r in rows]
        if c.kind == "tree":
            col = ["  " * v[0] + cell_text(v, "tree", exact) for v in values]
        elif c.kind == "int":
            memo: dict = {}
            col = []
            append = col.append
            for v in values:
                if type(v) is int:
                    t = memo.get(v)
                    if t is None:
                        t = memo[v] = cell_text(v, "int", exact)
                else:
                    t = cell_text(v, "int", exact)
                append(t)
        elif c.kind in ("text", "shape"):
            col = [v if type(v) is str else str(v) for v in values]
        else:
            col = [cell_text(v, c.kind, exact) for v in values]
        texts.append(col)
    header = [c.header for c in cols]
    widths = [max(len(h), max(map(len, col))) for h, col in zip(header, texts)]
    right = [c.kind in RIGHT for c in cols]
    # the same text as rjust/ljust per cell, one formatting per line
    fixed = "  ".join(("%%%ds" if r else "%%-%ds") % w for r, w in zip(right, widths))

    def line(cs):
        return (fixed % tuple(cs)).rstrip()

    body = [line(r) for r in zip(*texts)]
    total = body.pop()
    rule = line(["-" * w for w in widths])
    out = [grid.title, line(header), rule]
    out += body
    out += [rule, total]
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
