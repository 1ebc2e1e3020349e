"""Text renderings of a report: a terminal table, CSV and Markdown."""

from __future__ import annotations

import csv
import io

COLUMNS = ("name", "op", "output_shapes", "flops", "tf_flops", "maccs", "params", "formula")
NUMERIC = ("flops", "tf_flops", "maccs", "params")


def shape_text(shapes) -> str:
    parts = []
    for s in shapes:
        parts.append("?" if s is None else "[" + ",".join("?" if d is None else str(d) for d in s) + "]")
    return " ".join(parts)


def _rows(report, top: int | None):
    rows = report.nodes
    if top:
        rows = sorted(rows, key=lambda r: r.flops, reverse=True)[:top]
    for r in rows:
        yield [r.name, r.op, shape_text(r.output_shapes), r.flops, r.tf_flops, r.maccs, r.params,
               r.formula]


def _total_row(report):
    t = report.totals
    return ["TOTAL", "", "", t.flops, t.tf_flops, t.maccs, t.params, ""]


def render_table(report, top: int | None = None) -> str:
    header = list(COLUMNS)
    body = [[str(c) if not isinstance(c, int) else f"{c:,}" for c in row] for row in _rows(report, top)]
    total = [str(c) if not isinstance(c, int) else f"{c:,}" for c in _total_row(report)]
    widths = [max(len(h), *(len(r[i]) for r in body + [total])) for i, h in enumerate(header)]
    right = {header.index(c) for c in NUMERIC}

    def line(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [f"{report.source} ({report.format}): {len(report.nodes)} nodes", line(header),
           line(["-" * w for w in widths])]
    out += [line(r) for r in body]
    out += [line(["-" * w for w in widths]), line(total),
            f"weights: {report.totals.weights:,}"]
    out += [f"warning: {w}" for w in report.warnings]
    return "\n".join(out) + "\n"


def render_csv(report, top: int | None = None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS + ("status",))
    status = {r.name: r.status for r in report.nodes}
    for row in _rows(report, top):
        w.writerow(row + [status[row[0]]])
    return buf.getvalue()


def render_markdown(report, top: int | None = None) -> str:
    def esc(c):
        return str(c).replace("|", "\\|")

    out = ["| " + " | ".join(COLUMNS) + " |",
           "|" + "|".join("---:" if c in NUMERIC else "---" for c in COLUMNS) + "|"]
    for row in _rows(report, top):
        out.append("| " + " | ".join(f"{c:,}" if isinstance(c, int) else esc(c) for c in row) + " |")
    out.append("| " + " | ".join(f"**{c:,}**" if isinstance(c, int) else (f"**{c}**" if c else "")
                                  for c in _total_row(report)) + " |")
    return "\n".join(out) + "\n"
