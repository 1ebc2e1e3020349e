"""The HTML report: one self-contained file (inline CSS, SVG and JS; no network) with the totals in
the three conventions, a chart of where the compute goes (op-type bar and scope treemap, for each
of flops / tf_flops / maccs), the per-op table and a sortable, filterable per-node table."""

from __future__ import annotations

import json
from html import escape

from ..report.views import METRICS, op_view, scope_tree, view_totals
from .grid import footer, shape_text
from .html_assets import CSS, JS
from .numbers import exact as exact_text
from .numbers import human, number, percent
from .treemap import squarify, treemap_cells

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f")
GREY = "#bab0ac"
CHART_METRICS = ("flops", "tf_flops", "maccs")
NODE_ROWS_SHOWN = 500        # the node table draws this many rows until "show all"
W, H = 1000.0, 420.0         # treemap viewBox

CARDS = (
    ("flops", "FLOPs", "exact count: every add, multiply, divide, compare is 1; a dot product of "
     "length p costs 2p−1"),
    ("tf_flops", "TF FLOPs", "as TensorFlow's profiler counts them: 2p per dot product, zero for "
     "the ops it skips"),
    ("maccs", "MACCs", "multiply-accumulates of MatMul, Conv, Einsum…; elementwise ops count 0"),
    ("params", "Params", "elements of trainable variables"),
    ("weights", "Weights", "elements of float constants and variables feeding compute"),
)


def _colours(report) -> dict[str, str]:
    """The costliest op types get a colour (by flops, then tf_flops, maccs); the rest are grey."""
    acc: dict[str, list[int]] = {}
    for r in report.nodes:
        a = acc.setdefault(r.op, [0, 0, 0])
        a[0] += r.flops
        a[1] += r.tf_flops
        a[2] += r.maccs
    ranked = sorted((op for op, a in acc.items() if any(a)), key=lambda op: [-x for x in acc[op]])
    return {op: PALETTE[i] for i, op in enumerate(ranked[:len(PALETTE)])}


def _op_bar(report, metric: str, colours: dict[str, str]) -> str:
    v = op_view(report, sort=metric)
    total = getattr(report.totals, metric)
    if total <= 0:
        return ""
    segs = [(o.op, o.metrics.get(metric), colours.get(o.op, GREY)) for o in v.rows
            if o.metrics.get(metric) > 0 and o.op in colours]
    rest = total - sum(s[1] for s in segs)
    if rest > 0:
        segs.append(("other ops", rest, GREY))
    out = [f'<svg viewBox="0 0 {W:g} 30" width="100%" role="img" '
           f'aria-label="{escape(metric)} by op type">']
    x = 0.0
    legend = []
    for op, val, col in segs:
        w = W * val / total
        share = percent(val / total)
        out.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="30" fill="{col}">'
                   f'<title>{escape(op)}: {escape(exact_text(val))} ({share})</title></rect>')
        text = f"{op} {share}"
        if w > 7 * len(text) + 10:
            out.append(f'<text class="lbl b" x="{x + 6:.2f}" y="19.5">{escape(text)}</text>')
        x += w
        legend.append(f'<span><i style="background:{col}"></i>{escape(op)} {share}</span>')
    out.append("</svg>")
    return "".join(out) + '<div class="legend">' + "".join(legend) + "</div>"


def _treemap(report, metric: str, colours: dict[str, str], roots) -> str:
    cells, prefix = treemap_cells(report, metric, roots)
    if not cells:
        return f'<p class="cap">This graph has no {escape(metric)}.</p>'
    total = getattr(report.totals, metric)
    squarify(cells, 0.0, 0.0, W, H)
    out = [f'<svg viewBox="0 0 {W:g} {H:g}" width="100%" role="img" '
           f'aria-label="{escape(metric)} by name scope">']
    for c in cells:
        x, y, w, h = c.rect
        col = GREY if c.other or c.op is None else colours.get(c.op, GREY)
        share = percent(c.value / total)
        tip = (f"{c.path or c.label}\n{exact_text(c.value)} {metric} ({share}), {c.nodes} nodes"
               + (f"\nmostly {c.op}" if c.op else ""))
        out.append(f'<g><rect class="cell" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                   f'fill="{col}"/><title>{escape(tip)}</title>')
        if w >= 38 and h >= 17:
            chars = int((w - 8) / 6.6)
            label = c.label if len(c.label) <= chars else c.label[:max(chars - 1, 1)] + "…"
            out.append(f'<text class="lbl b" x="{x + 4:.2f}" y="{y + 14:.2f}">{escape(label)}</text>')
            if h >= 33:
                out.append(f'<text class="lbl" x="{x + 4:.2f}" y="{y + 29:.2f}">'
                           f'{escape(share)} · {escape(human(c.value))}</text>')
        out.append("</g>")
    out.append("</svg>")
    where = f" under <code>{escape(prefix)}</code>" if prefix else ""
    cap = (f'<p class="cap">Area = share of {escape(metric)} per name scope{where}; colour = the op '
           f'type holding most of it (as in the bar above). Hover for exact numbers.</p>')
    return cap + "".join(out)


def _data(report, sort: str | None, exact: bool) -> str:
    v = op_view(report, sort=sort)
    t = view_totals(report)
    sort = v.sort
    ops = {"cols": [{"h": "op", "t": "text"}, {"h": "count", "t": "count"}]
           + [{"h": m, "t": "int"} for m in METRICS] + [{"h": f"% {sort}", "t": "share"}],
           "rows": [[o.op, o.count, *(o.metrics.get(m) for m in METRICS), o.share] for o in v.rows],
           "total": ["TOTAL", len(report.nodes), *(t.get(m) for m in METRICS),
                     1.0 if t.get(sort) else 0.0],
           "sort": 2 + METRICS.index(sort)}
    nodes = {"cols": [{"h": "name", "t": "text", "cls": "name"}, {"h": "op", "t": "text"},
                      {"h": "output shapes", "t": "text"}] + [{"h": m, "t": "int"} for m in METRICS]
             + [{"h": "status", "t": "text"}, {"h": "formula", "t": "text", "cls": "f"}],
             "rows": [[r.name, r.op, shape_text(r.output_shapes), r.flops, r.tf_flops, r.maccs,
                       r.params, r.status, r.formula] for r in report.nodes],
             "total": ["TOTAL", "", "", *(t.get(m) for m in METRICS), "", ""],
             "sort": 3 + METRICS.index(sort), "filter": True, "limit": NODE_ROWS_SHOWN}
    text = json.dumps({"exact": exact, "ops": ops, "nodes": nodes}, ensure_ascii=False,
                      separators=(",", ":"))
    return text.replace("<", "\\u003c")   # never "</script>" inside the script


def render_html(report, by: str = "node", sort: str | None = None, top: int | None = None,
                depth: int | None = None, exact: bool = False) -> str:
    """The page shows every view at once; ``sort`` sets the tables' initial order, ``exact`` shows
    full integers. ``by``, ``top`` and ``depth`` are accepted for a uniform signature."""
    colours = _colours(report)
    t = report.totals
    parts = ['<!doctype html><html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width,initial-scale=1">',
             f"<title>macc: {escape(report.source)}</title><style>{CSS}</style></head><body><main>",
             "<h1>Compute budget</h1>",
             f'<div class="sub">{escape(report.source)} ({escape(report.format)}) · '
             f"{len(report.nodes):,} nodes · macc</div>", '<div class="cards">']
    for key, title, desc in CARDS:
        val = getattr(t, key)
        if key == "params" and not val and t.weights:
            desc += " (none here: a frozen graph keeps its weights as constants)"
        parts.append(f'<div class="card"><div class="k">{title}</div>'
                     f'<div class="v">{escape(number(val, exact))}</div>'
                     f'<div class="x">{escape(exact_text(val))}</div><div class="d">{escape(desc)}'
                     "</div></div>")
    parts.append("</div>")
    notes = footer(report)[1:]   # the weights line is a card already
    if notes:
        parts.append('<div class="note">' + "".join(f"<div>{escape(n)}</div>" for n in notes)
                     + "</div>")
    parts.append("<h2>Where the compute goes</h2>")
    for m in CHART_METRICS:
        checked = " checked" if m == (sort if sort in CHART_METRICS else "flops") else ""
        parts.append(f'<input class="radio" type="radio" name="metric" id="m-{m}"{checked}>')
    parts.append('<div class="pick">show: ' + "".join(
        f'<label for="m-{m}">{m}</label>' for m in CHART_METRICS) + "</div>")
    parts.append('<div class="panel">')
    roots = scope_tree(report)
    for m in CHART_METRICS:
        parts.append(f'<div class="metric {m}"><div class="cap">{escape(m)} by op type</div>'
                     f"{_op_bar(report, m, colours)}{_treemap(report, m, colours, roots)}</div>")
    parts.append("</div>")
    parts.append('<h2>By op type</h2><div id="ops"></div>')
    parts.append('<h2>Nodes</h2><div id="nodes"></div>')
    parts.append(f'<script type="application/json" id="macc-data">{_data(report, sort, exact)}</script>')
    parts.append(f"<script>{JS}</script></main></body></html>")
    return "\n".join(parts) + "\n"
