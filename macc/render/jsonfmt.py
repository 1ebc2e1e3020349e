"""JSON rendering. ``--by node`` (the default) is exactly the contract of DESIGN.md; the op and scope
views add their rows next to the same ``totals`` and ``by_op`` (shapes documented in docs/report.md).
"""

from __future__ import annotations

import json

from ..report.views import op_view, scope_view


def _head(report, view: str, sort: str | None) -> dict:
    d = report.model_dump(mode="json", include={"source", "format"})
    return {"source": d["source"], "format": d["format"], "view": view, "sort": sort}


def _tail(report) -> dict:
    return report.model_dump(mode="json", include={"totals", "by_op", "unsupported", "warnings"})


def report_dict(report, by: str = "node", sort: str | None = None, top: int | None = None,
                depth: int | None = None) -> dict:
    if by == "node":
        # the contract: every node, file order; "totals equal the sum of the node rows", so
        # --top/--sort do not cut or reorder this list
        return report.model_dump(mode="json")
    tail = _tail(report)
    if by == "op":
        v = op_view(report, sort=sort, top=top)
        d = _head(report, "op", v.sort)
        d["totals"] = tail["totals"]
        d["by_op"] = tail["by_op"]
        d["ops"] = [{"op": o.op, "count": o.count, **o.metrics.as_dict(), "share": o.share}
                    for o in v.rows]
        d["other"] = (None if v.other is None else
                      {"op_types": v.other.count, "count": v.other.nodes, **v.other.metrics.as_dict(),
                       "share": v.other_share})
    elif by == "scope":
        v = scope_view(report, sort=sort, top=top, depth=depth)
        d = _head(report, "scope", v.sort)
        d["depth"] = depth
        d["top"] = top
        d["totals"] = tail["totals"]
        d["by_op"] = tail["by_op"]
        d["scopes"] = _nest(v.rows)
    else:
        raise ValueError(f"unknown view {by!r}")
    d["unsupported"] = tail["unsupported"]
    d["warnings"] = tail["warnings"]
    return d


def _nest(rows) -> list[dict]:
    """Pre-order rows with depths -> nested dicts (``children``)."""
    roots: list[dict] = []
    stack: list[dict] = []          # stack[i] = the open entry at depth i
    for r in rows:
        kind = "other" if r.other else "folded" if r.folded else "scope" if r.op is None else "node"
        e = {"name": r.label, "path": r.path, "op": r.op, "kind": kind, "nodes": r.nodes,
             "cum": r.cum.as_dict(), "self": r.self_metrics.as_dict(), "children": []}
        del stack[r.depth:]
        (stack[-1]["children"] if stack else roots).append(e)
        stack.append(e)
    return roots


def render_json(report, indent: int | None = 2, by: str = "node", sort: str | None = None,
                top: int | None = None, depth: int | None = None, exact: bool = True) -> str:
    return json.dumps(report_dict(report, by, sort=sort, top=top, depth=depth), indent=indent,
                      ensure_ascii=False)
