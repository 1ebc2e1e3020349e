"""Views of a Report: per node, per op type, per name scope. Pure data; rendering is elsewhere.

Every view keeps one invariant: its rows' numbers sum to the report's totals. Rows that a view
leaves out (``top``) are folded into one "other" row; a scope cut by ``depth`` carries its whole
subtree as its own numbers (``folded``). For the scope tree the invariant holds for the *self*
numbers; each row's cumulative numbers are its self plus its children's cumulative.

All passes are linear in the number of nodes (times the name depth for scopes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

METRICS = ("flops", "tf_flops", "maccs", "params")
SortKey = Literal["flops", "tf_flops", "maccs", "params"]


@dataclass(slots=True)
class Metrics:
    flops: int = 0
    tf_flops: int = 0
    maccs: int = 0
    params: int = 0

    def add(self, other) -> None:
        self.flops += other.flops
        self.tf_flops += other.tf_flops
        self.maccs += other.maccs
        self.params += other.params

    def get(self, key: str) -> int:
        return getattr(self, key)

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in METRICS}


class _Numbers(NamedTuple):
    """What the op and scope views read of a node row (Metrics.add takes it like a NodeRow)."""
    name: str
    op: str
    flops: int
    tf_flops: int
    maccs: int
    params: int


def raw_rows(report) -> list | None:
    """The report's unbuilt row tuples (NodeRow field order), or None once ``nodes`` is built."""
    get = getattr(report, "raw_rows", None)
    return get() if get is not None else None


def node_numbers(report) -> list:
    """Each node's name, op and numbers, in file order: from the report's unbuilt row tuples
    when it still has them (10^5 pydantic NodeRows cost ~0.5 s to build), else its NodeRows."""
    raw = raw_rows(report)
    if raw is None:
        return report.nodes
    new = tuple.__new__
    return [new(_Numbers, (r[0], r[1], r[3], r[4], r[5], r[6])) for r in raw]


def node_count(report) -> int:
    raw = raw_rows(report)
    return len(raw) if raw is not None else len(report.nodes)


def sort_keys(sort: str) -> tuple[str, ...]:
    """The metrics rows are ordered by, costliest first: ``sort``, then the others (flops,
    maccs, tf_flops, params), so that rows alike in ``sort`` (every params 0) keep the costly
    ones on top; rows alike in all of them keep their order (file order, op name)."""
    return (sort, *(m for m in ("flops", "maccs", "tf_flops", "params") if m != sort))


def _check_sort(sort: str | None) -> None:
    if sort is not None and sort not in METRICS:
        raise ValueError(f"sort must be one of {', '.join(METRICS)}, got {sort!r}")


# ---- per node ---------------------------------------------------------------------------------

@dataclass
class OtherRow:
    """The rows a view left out, summed: ``count`` of them (nodes, op types or scopes)."""
    count: int
    metrics: Metrics
    nodes: int = 0


@dataclass
class NodeView:
    rows: list            # NodeRow, in file order or sorted by ``sort``
    other: OtherRow | None
    sort: str | None
    top: int | None


def node_view(report, sort: SortKey | None = None, top: int | None = None) -> NodeView:
    """File order unless ``sort`` (or ``top``, which sorts by flops unless told) is given."""
    _check_sort(sort)
    rows = report.nodes
    if top and sort is None:
        sort = "flops"
    if sort:
        keys = sort_keys(sort)
        rows = sorted(rows, key=lambda r: tuple(getattr(r, k) for k in keys),
                      reverse=True)  # stable: file order ties
    other = None
    if top and len(rows) > top:
        rest = rows[top:]
        m = Metrics()
        for r in rest:
            m.add(r)
        other = OtherRow(count=len(rest), metrics=m, nodes=len(rest))
        rows = rows[:top]
    return NodeView(rows=list(rows), other=other, sort=sort, top=top)


# ---- per op type ------------------------------------------------------------------------------

@dataclass
class OpRow:
    op: str
    count: int
    metrics: Metrics
    share: float  # of the sort metric's total (0 when that total is 0)


@dataclass
class OpView:
    rows: list[OpRow]
    other: OtherRow | None
    other_share: float
    sort: str


def op_view(report, sort: SortKey | None = None, top: int | None = None) -> OpView:
    """One row per op type, the costliest first (by ``sort``, default flops; ties by name)."""
    _check_sort(sort)
    sort = sort or "flops"
    acc: dict[str, list] = {}
    for r in node_numbers(report):
        e = acc.get(r.op)
        if e is None:
            e = acc[r.op] = [0, Metrics()]
        e[0] += 1
        e[1].add(r)
    total = getattr(report.totals, sort)

    def share(v: int) -> float:
        return v / total if total else 0.0

    rows = [OpRow(op=op, count=c, metrics=m, share=share(m.get(sort))) for op, (c, m) in acc.items()]
    keys = sort_keys(sort)
    rows.sort(key=lambda o: (*(-o.metrics.get(k) for k in keys), o.op))
    other, other_share = None, 0.0
    if top and len(rows) > top:
        m = Metrics()
        nodes = 0
        for o in rows[top:]:
            m.add(o.metrics)
            nodes += o.count
        other = OtherRow(count=len(rows) - top, metrics=m, nodes=nodes)
        other_share = share(m.get(sort))
        rows = rows[:top]
    return OpView(rows=rows, other=other, other_share=other_share, sort=sort)


# ---- per name scope ---------------------------------------------------------------------------

class _Scope:
    __slots__ = ("path", "label", "op", "self_m", "cum", "nodes", "children", "order")

    def __init__(self, path: str, label: str, order: int):
        self.path = path
        self.label = label
        self.op: str | None = None     # set when a node has exactly this name
        self.self_m = Metrics()
        self.cum = Metrics()
        self.nodes = 0                 # nodes in the subtree, this one included
        self.children: dict[str, _Scope] = {}
        self.order = order


def scope_tree(report) -> list[_Scope]:
    """The roots of the name-scope tree (node names split on "/", like TF's scope view)."""
    roots: dict[str, _Scope] = {}
    order = 0
    for r in node_numbers(report):
        level = roots
        path = ""
        parts = r.name.split("/")
        for i, part in enumerate(parts):
            path = part if i == 0 else path + "/" + part
            s = level.get(part)
            if s is None:
                s = level[part] = _Scope(path, part, order)
                order += 1
            s.cum.add(r)
            s.nodes += 1
            if i == len(parts) - 1:
                s.op = r.op
                s.self_m.add(r)
            level = s.children
    return list(roots.values())


@dataclass
class ScopeRow:
    path: str
    label: str
    depth: int                       # 0 for the roots
    op: str | None                   # the op of the node named ``path``, if there is one
    self_metrics: Metrics            # the node's own numbers; its whole subtree when folded
    cum: Metrics                     # self + children's cumulative
    nodes: int                       # nodes in the subtree
    folded: bool = False             # cut by ``depth``: its descendants are counted as self
    other: int = 0                   # > 0: a row standing for this many left-out sibling scopes
    n_children: int = 0              # rows shown right below this one, one level deeper


@dataclass
class ScopeView:
    rows: list[ScopeRow]             # pre-order: a row's children follow it, one depth deeper
    sort: str | None
    depth: int | None
    top: int | None


def scope_view(report, sort: SortKey | None = None, top: int | None = None,
               depth: int | None = None) -> ScopeView:
    """The scope tree flattened in pre-order. Children in graph order unless ``sort`` (or ``top``,
    which keeps the ``top`` costliest children of each scope) is given. ``depth`` D shows D levels
    (D=1: the roots only); a cut scope carries its subtree as its own numbers."""
    _check_sort(sort)
    if depth is not None and depth < 1:
        raise ValueError("depth must be at least 1")
    key = sort or ("flops" if top else None)
    keys = sort_keys(key) if key else ()
    rows: list[ScopeRow] = []
    # explicit stack (names can nest deeply); items: ("scope", _Scope, depth) or ("other", ...)
    stack: list[tuple] = [("level", scope_tree(report), 0, "")]
    while stack:
        item = stack.pop()
        if item[0] == "row":
            rows.append(item[1])
            continue
        _, scopes, d, parent = item
        if key:
            scopes = sorted(scopes, key=lambda s: (*(-s.cum.get(k) for k in keys), s.order))
        out: list = []
        if top and len(scopes) > top:
            rest = scopes[top:]
            scopes = scopes[:top]
            m = Metrics()
            n = 0
            for s in rest:
                m.add(s.cum)
                n += s.nodes
            path = (parent + "/" if parent else "") + f"({len(rest)} more)"
            label = f"({len(rest)} more scope{'s' if len(rest) > 1 else ''})"
            out.append(ScopeRow(path=path, label=label, depth=d, op=None, self_metrics=m, cum=m,
                                nodes=n, other=len(rest)))
        pending = []
        for s in scopes:
            cut = depth is not None and d + 1 >= depth and bool(s.children)
            row = ScopeRow(path=s.path, label=s.label, depth=d, op=s.op,
                           self_metrics=_copy(s.cum) if cut else s.self_m, cum=s.cum,
                           nodes=s.nodes, folded=cut)
            pending.append((row, s, cut))
        # pushed in reverse so the first scope pops first and its children come right after it
        seq: list[tuple] = []
        for row, s, cut in pending:
            seq.append(("row", row))
            if s.children and not cut:
                k = len(s.children)
                row.n_children = k if not top or k <= top else top + 1
                seq.append(("level", list(s.children.values()), d + 1, s.path))
        for o in out:
            seq.append(("row", o))
        stack.extend(reversed(seq))
    return ScopeView(rows=rows, sort=sort, depth=depth, top=top)


def _copy(m: Metrics) -> Metrics:
    return Metrics(m.flops, m.tf_flops, m.maccs, m.params)


def view_totals(report) -> Metrics:
    t = report.totals
    return Metrics(t.flops, t.tf_flops, t.maccs, t.params)
