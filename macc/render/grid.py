"""A view of a report as a grid: columns, rows, a total row and a footer. The text formats (table,
CSV, Markdown, LaTeX) all draw the same grid, so every view exists in every format and the rows
sum to the total row in each of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report.build import unsupported_warning
from ..report.views import (
    METRICS,
    Metrics,
    OtherRow,
    node_count,
    node_view,
    op_view,
    raw_rows,
    scope_view,
    sort_keys,
    view_totals,
)
from ..report.views import _check_sort as check_sort

VIEWS = ("node", "op", "scope")
SKIPPED_SHOWN = 5   # skipped nodes named in the footer before "... and N more"


@dataclass(frozen=True)
class Column:
    key: str        # CSV header
    header: str     # header in table, Markdown and LaTeX
    kind: str       # "text", "int", "count" (always exact), "share", "tree" ((depth, label))
    csv_only: bool = False


@dataclass
class Grid:
    title: str
    columns: list[Column]
    rows: list[list]
    total: list
    footer: list[str] = field(default_factory=list)


def shape_text(shapes) -> str:
    parts = []
    for s in shapes:
        parts.append("?" if s is None else "[" + ",".join("?" if d is None else str(d) for d in s) + "]")
    return " ".join(parts)


def build_grid(report, by: str = "node", sort: str | None = None, top: int | None = None,
               depth: int | None = None) -> Grid:
    if by == "node":
        return _node_grid(report, sort, top)
    if by == "op":
        return _op_grid(report, sort, top)
    if by == "scope":
        return _scope_grid(report, sort, top, depth)
    raise ValueError(f"unknown view {by!r}; expected one of {', '.join(VIEWS)}")


def _title(report, what: str) -> str:
    return f"{report.source} ({report.format}): {node_count(report)} nodes, {what}"


def _num_cols(prefix: str = "", header_prefix: str = "") -> list[Column]:
    return [Column(prefix + m, header_prefix + m, "int") for m in METRICS]


def _node_grid(report, sort, top) -> Grid:
    cols = [Column("name", "name", "text"), Column("op", "op", "text"),
            Column("output_shapes", "output_shapes", "shape"), *_num_cols(),
            Column("formula", "formula", "text"), Column("status", "status", "text", csv_only=True)]
    raw = raw_rows(report)
    if raw is not None:  # rows still tuples: the same rows without building NodeRow objects
        rows, other, sort = _raw_node_rows(raw, sort, top)
    else:
        v = node_view(report, sort=sort, top=top)
        rows = [[r.name, r.op, shape_text(r.output_shapes), r.flops, r.tf_flops, r.maccs, r.params,
                 r.formula, r.status] for r in v.rows]
        other, sort = v.other, v.sort
    if other:
        m = other.metrics
        rows.append([f"({other.count} other nodes)", "", "", m.flops, m.tf_flops, m.maccs, m.params,
                     "", "other"])
    t = report.totals
    total = ["TOTAL", "", "", t.flops, t.tf_flops, t.maccs, t.params, "", "total"]
    what = "per node" + (f", top {top} by {sort}" if top else f", by {sort}" if sort else "")
    return Grid(_title(report, what), cols, rows, total, footer(report))


_RAW_INDEX = {"flops": 3, "tf_flops": 4, "maccs": 5, "params": 6}  # in a raw row tuple


def _raw_node_rows(raw: list, sort, top):
    """:func:`node_view` on raw row tuples (name, op, outs, flops, tf, maccs, params, status,
    formula): the same order, the same "other" row; each distinct shape list written once."""
    check_sort(sort)
    if top and sort is None:
        sort = "flops"
    if sort:
        idx = [_RAW_INDEX[k] for k in sort_keys(sort)]
        raw = sorted(raw, key=lambda r: tuple(r[i] for i in idx), reverse=True)  # stable
    other = None
    if top and len(raw) > top:
        rest = raw[top:]
        m = Metrics()
        for r in rest:
            m.flops += r[3]
            m.tf_flops += r[4]
            m.maccs += r[5]
            m.params += r[6]
        other = OtherRow(count=len(rest), metrics=m, nodes=len(rest))
        raw = raw[:top]
    texts: dict = {}
    rows = []
    append = rows.append
    for name, op, outs, flops, tf, maccs, params, status, formula in raw:
        key = repr(outs)  # repr tells 1 from True, which compare equal
        st = texts.get(key)
        if st is None:
            st = texts[key] = shape_text(outs)
        append([name, op, st, flops, tf, maccs, params, formula, status])
    return rows, other, sort


def _op_grid(report, sort, top) -> Grid:
    v = op_view(report, sort=sort, top=top)
    cols = [Column("op", "op", "text"), Column("count", "count", "count"), *_num_cols(),
            Column("share", f"% {v.sort}", "share")]
    rows = [[o.op, o.count, *(o.metrics.get(m) for m in METRICS), o.share] for o in v.rows]
    if v.other:
        rows.append([f"({v.other.count} other op types)", v.other.nodes,
                     *(v.other.metrics.get(m) for m in METRICS), v.other_share])
    t = view_totals(report)
    share = 1.0 if t.get(v.sort) else 0.0
    total = ["TOTAL", node_count(report), *(t.get(m) for m in METRICS), share]
    what = f"per op type, by {v.sort}" + (f", top {top}" if top else "")
    return Grid(_title(report, what), cols, rows, total, footer(report))


def _scope_grid(report, sort, top, depth) -> Grid:
    v = scope_view(report, sort=sort, top=top, depth=depth)
    cols = [Column("scope", "scope", "tree"), Column("path", "path", "text", csv_only=True),
            Column("depth", "depth", "count", csv_only=True), Column("op", "op", "text"),
            Column("nodes", "nodes", "count"), *_num_cols(),
            *_num_cols("self_", "self "), Column("kind", "kind", "text", csv_only=True)]
    rows = []
    for r in v.rows:
        label = r.label + ("/…" if r.folded else "")
        kind = "other" if r.other else "folded" if r.folded else "scope" if r.op is None else "node"
        rows.append([(r.depth, label), r.path, r.depth, r.op or "", r.nodes,
                     *(r.cum.get(m) for m in METRICS), *(r.self_metrics.get(m) for m in METRICS),
                     kind])
    t = view_totals(report)
    nums = [t.get(m) for m in METRICS]
    total = [(0, "TOTAL"), "", "", "", node_count(report), *nums, *nums, "total"]
    what = "per name scope (cumulative, then self)"
    what += f", by {v.sort or 'flops'}" if (v.sort or top) else ""
    what += (f", top {top} per scope" if top else "") + (f", depth {depth}" if depth else "")
    return Grid(_title(report, what), cols, rows, total, footer(report))


def footer(report) -> list[str]:
    """Weights, unsupported ops, skipped nodes (unknown shapes), then the other warnings."""
    totals = report.totals  # a Totals, or the plain data's dict
    weights = totals["weights"] if isinstance(totals, dict) else totals.weights
    out = [f"weights: {weights:,}"]
    if report.unsupported:
        listed = ", ".join(f"{op} ×{n}" for op, n in sorted(report.unsupported.items()))
        out.append(f"unsupported ops (counted as 0): {listed}")
    tails = getattr(report, "tails", None)  # the plain data: names and row tails
    if tails is not None:
        skipped = [n for n, tail in zip(report.names, tails) if tail[6] == "unknown_shape"]
    elif (raw := raw_rows(report)) is not None:
        skipped = [r[0] for r in raw if r[7] == "unknown_shape"]
    else:
        skipped = [r.name for r in report.nodes if r.status == "unknown_shape"]
    if skipped:
        named = ", ".join(skipped[:SKIPPED_SHOWN])
        more = f" and {len(skipped) - SKIPPED_SHOWN} more" if len(skipped) > SKIPPED_SHOWN else ""
        out.append(f"skipped nodes (unknown shapes, counted as 0): {len(skipped)}: {named}{more}")
    # the line above already names the unsupported ops: leave out the warning the report derives
    # from the same dict (whatever its wording), and keep every other warning
    said = unsupported_warning(report.unsupported) if report.unsupported else None
    out += [f"warning: {w}" for w in report.warnings if w != said]
    return out
