"""JSON rendering. ``--by node`` (the default) is exactly the contract of DESIGN.md; the op and scope
views add their rows next to the same ``totals`` and ``by_op`` (shapes documented in docs/report.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring

from ..report.data import REPORT_FIELDS, ReportData


def _head(report, view: str, sort: str | None) -> dict:
    return {"source": report.source, "format": report.format, "view": view, "sort": sort}


def _tail(report) -> dict:
    """Totals, by_op, unsupported and warnings as ``model_dump(mode="json")`` has them, read
    field by field: a dump of the Report would build its 10^5 node rows first."""
    return {"totals": report.totals.model_dump(mode="json"),
            "by_op": {op: s.model_dump(mode="json") for op, s in report.by_op.items()},
            "unsupported": dict(report.unsupported), "warnings": list(report.warnings)}


def report_dict(report, by: str = "node", sort: str | None = None, top: int | None = None,
                depth: int | None = None) -> dict:
    if by == "node":
        # the contract: every node, file order; "totals equal the sum of the node rows", so
        # --top/--sort do not cut or reorder this list
        return report.model_dump(mode="json")
    from ..report.views import op_view, scope_view  # the other views only
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
    """``report``: a Report, or the plain ReportData it is made from (the CLI's path)."""
    if by == "node" and (indent is None or type(indent) is int):
        return "".join(_node_view_json(report, indent))
    if isinstance(report, ReportData):
        report = report.to_report()
    d = report_dict(report, by, sort=sort, top=top, depth=depth)
    if type(indent) is int and indent >= 0:  # json's indenting encoder is pure Python: slow
        from .jsontext import dumps
        return dumps(d, indent)
    try:
        return json.dumps(d, indent=indent, ensure_ascii=False)
    except RecursionError:  # a scope tree nested past the recursion limit
        if indent is not None:
            raise
        from .jsontext import _dumps_deep
        return _dumps_deep(d, None)


def render_json_chunks(report, indent: int | None = 2, by: str = "node", sort: str | None = None,
                       top: int | None = None, depth: int | None = None,
                       exact: bool = True) -> Iterator[bytes]:
    """:func:`render_json` as UTF-8 chunks to write one after the other (what the CLI writes):
    the node view's rows are encoded as they are made — each shared row tail once — a block of
    rows at a time, never joined into one text."""
    if by == "node" and (indent is None or type(indent) is int):
        return _node_view_json(report, indent, as_bytes=True)
    return iter([render_json(report, indent, by, sort=sort, top=top, depth=depth).encode()])


# --- the node view, fast -------------------------------------------------------------------
# Byte for byte what json.dumps(report.model_dump(mode="json"), indent=indent,
# ensure_ascii=False) writes, without a pydantic round trip and without json's pure-Python
# indenting encoder (10^5 rows: ~0.3 s instead of ~3 s). tests/test_jsonfmt_fast.py compares both.

_NODES_TOKEN = "\x00macc-nodes\x00"
_ROW_FIELDS = ("name", "op", "output_shapes", "flops", "tf_flops", "maccs", "params", "status",
               "formula")


def _node_view_json(report, indent: int | None, as_bytes: bool = False) -> Iterator:
    """The node view's text in pieces (str, or UTF-8 bytes with ``as_bytes``), made as they are
    taken (rows in blocks: a writer never holds the whole text)."""
    plain = isinstance(report, ReportData)
    raw = None
    if not plain:  # a pydantic Report (the CLI's plain data never loads the views)
        from ..report.views import raw_rows
        raw = raw_rows(report)
    if plain:  # plain data (no pydantic): the same text
        head = report.json_head()
        fields = REPORT_FIELDS
    elif raw is not None:  # rows not built as objects: everything but them, without building them
        head = {k: getattr(report, k) for k in type(report).model_fields if k != "nodes"}
        head["totals"] = head["totals"].model_dump(mode="json")
        head["by_op"] = {k: v.model_dump(mode="json") for k, v in head["by_op"].items()}
    else:
        head = report.model_dump(mode="json", exclude={"nodes"})
    if not plain:
        fields = type(report).model_fields
    d = {k: (_NODES_TOKEN if k == "nodes" else head[k]) for k in fields}
    text = json.dumps(d, indent=indent, ensure_ascii=False)
    before, after = text.split(json.dumps(_NODES_TOKEN, ensure_ascii=False), 1)
    if plain:  # names and row tails, shared ones rendered once
        pieces = _raw_rows_json(zip(report.names, report.tails), len(report.names), indent,
                                report.shared, as_bytes)
    elif raw is not None:
        pieces = _raw_rows_json(((r[0], r[1:]) for r in raw), len(raw), indent, (), as_bytes)
    else:
        pieces = _rows_json(report.nodes, indent)
        if as_bytes:
            pieces = [p.encode() for p in pieces]
    if as_bytes:
        before, after = before.encode(), after.encode()
    yield before
    yield from pieces
    yield after


def _row_layout(indent: int | None) -> tuple[str, str, str, str]:
    """(the list's closing indent, a row's indent, the separator before a row, a %-template of
    one row with its separator) for json.dumps-identical output at ``indent``."""
    if indent is None:
        n1 = n2 = n3 = ""
        sep = ", "
    else:
        pad = " " * indent
        n1, n2, n3 = "\n" + pad, "\n" + pad * 2, "\n" + pad * 3
        sep = ","
    between = sep + n2
    tmpl = between + "{" + sep.join(f"{n3}{encode_basestring(f)}: %s" for f in _ROW_FIELDS
                                    ).replace("%", "%%").replace("%%s", "%s") + n2 + "}"
    return n1, n2, between, tmpl


def _rows_json(rows, indent: int | None) -> list[str]:
    """The node list's text in pieces (each row carries the separator before it)."""
    if not rows:
        return ["[]"]
    n1, n2, between, tmpl = _row_layout(indent)
    nested = _Nested(indent, 3)
    enc = encode_basestring
    strs: dict = {}  # op and status texts repeat: encode each once

    def s(v):
        try:
            return strs[v]
        except KeyError:
            out = strs[v] = enc(v)
            return out
        except TypeError:  # not hashable: not a str
            return nested.value(v)

    generic = tuple(type(rows[0]).model_fields) != _ROW_FIELDS
    out = ["[" + n2]
    append = out.append
    for r in rows:
        d = r.__dict__
        if generic:
            append(between + nested.value(r.model_dump(mode="json"), level=2))
            continue
        flops, tf, maccs, params = d["flops"], d["tf_flops"], d["maccs"], d["params"]
        name, op, status, formula = d["name"], d["op"], d["status"], d["formula"]
        if not (type(flops) is int and type(tf) is int and type(maccs) is int
                and type(params) is int and type(name) is str and type(op) is str
                and type(status) is str and type(formula) is str):
            append(between + nested.value(r.model_dump(mode="json"), level=2))
            continue
        append(tmpl % (enc(name), s(op), nested.shapes(d["output_shapes"]), flops, tf, maccs,
                       params, s(status), enc(formula)))
    out[1] = out[1][len(between):]  # the first row has no separator before it
    append(n1 + "]")
    return out


_BLOCK = 4096  # rows per piece of the node list


def _raw_rows_json(rows, n_rows: int, indent: int | None, shared=(),
                   as_bytes: bool = False) -> Iterator:
    """:func:`_rows_json` for rows not yet built as NodeRow objects — (name, tail) pairs, the
    tail being the fields after the name in order, output shapes as tuples: the same text
    (UTF-8 bytes with ``as_bytes``). ``shared``: ids of tails several rows share
    (``ReportData.shared``); the text after the name is made once for each of those."""
    if not n_rows:
        yield b"[]" if as_bytes else "[]"
        return
    n1, n2, between, tmpl = _row_layout(indent)
    head, rest = tmpl.split("%s", 1)  # the row's text up to its name; the rest's template
    nested = _Nested(indent, 3)
    enc = encode_basestring
    strs: dict = {}  # op and status texts repeat: encode each once
    shape_texts: dict = {}

    def after_name(name, tail) -> str | None:
        """The row's text after its name; None for values that are not plain ints and strs."""
        op, outs, flops, tf, maccs, params, status, formula = tail
        if not (type(flops) is int and type(tf) is int and type(maccs) is int
                and type(params) is int and type(name) is str and type(op) is str
                and type(status) is str and type(formula) is str):
            return None
        key = repr(outs)  # repr tells 1 from True and 8 from 8.0, which compare equal
        shapes = shape_texts.get(key)
        if shapes is None:
            shapes = shape_texts[key] = nested.value(
                [None if s is None else list(s) for s in outs])
        o = strs.get(op)
        if o is None:
            o = strs[op] = enc(op)
        st = strs.get(status)
        if st is None:
            st = strs[status] = enc(status)
        return rest % (o, shapes, flops, tf, maccs, params, st, enc(formula))

    def generic(name, tail) -> str:
        from ..report.models import node_row
        op, outs, *numbers = tail
        shapes = [None if s is None else list(s) for s in outs]
        r = node_row(name, op, shapes, *numbers)
        return between + nested.value(r.model_dump(mode="json"), level=2)

    def conv(text):  # str -> what the pieces are made of
        return text.encode() if as_bytes and text is not None else text

    texts: dict = {}  # id(shared tail) -> its text after the name (the tails outlive this)
    empty = conv("")
    yield conv("[" + n2)
    out = []
    append = out.append
    head = conv(head)
    first = True
    for name, tail in rows:
        if len(out) >= _BLOCK:
            yield empty.join(out)
            out.clear()
        key = id(tail)
        if key in shared:
            text = texts.get(key)
            if text is None:
                text = texts[key] = conv(after_name(name, tail))
        else:
            text = conv(after_name(name, tail))
        if text is None:
            piece = conv(generic(name, tail))
        else:
            name = enc(name)
            piece = head + (name.encode() if as_bytes else name) + text
        if first:  # the first row has no separator before it (ASCII: as many bytes as chars)
            piece = piece[len(between):]
            first = False
        append(piece)
    append(conv(n1 + "]"))
    yield empty.join(out)


class _Nested:
    """Encodes values nested at a given depth the way json.dumps would at that depth."""

    def __init__(self, indent: int | None, level: int):
        self.indent = indent
        self.level = level
        self._shapes: dict = {}

    def value(self, v, level: int | None = None) -> str:
        text = json.dumps(v, indent=self.indent, ensure_ascii=False)
        if self.indent is None:
            return text
        return text.replace("\n", "\n" + " " * (self.indent * (self.level if level is None else level)))

    def shapes(self, shapes) -> str:
        """A list of shapes (lists of ints/None, or None); memoised by repr, shapes repeat a lot
        (repr tells 1 from True and 8 from 8.0, which compare equal)."""
        key = repr(shapes)
        text = self._shapes.get(key)
        if text is None:
            text = self._shapes[key] = self.value(shapes)
        return text
