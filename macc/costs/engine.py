"""Counting: every node of the graph gets a Cost from its op's formula, or a status saying why not."""

from __future__ import annotations

from typing import NamedTuple

from ..errors import MaccError, ShapeError
from .registry import FORMULAS, VALUE_OPS, ZERO_OPS, Cost, OpCtx, load_family

ZERO = Cost(0, 0, 0, "")
new_tuple = tuple.__new__  # NodeCount(...) without its Python-level __new__


class NodeCount(NamedTuple):
    node: object
    cost: Cost
    status: str  # counted | zero | unknown_shape | unsupported
    tf_incomplete: bool  # TF's profiler would skip this node for incomplete shapes


def count_node(node, shapes) -> NodeCount:
    op = node.op
    if op in ZERO_OPS:
        return NodeCount(node, ZERO, "zero", False)
    fn = FORMULAS.get(op)
    if fn is None:
        if load_family(op):  # its family was not imported yet: look again
            return count_node(node, shapes)
        return NodeCount(node, ZERO, "unsupported", False)
    outputs = shapes.outputs
    ins = []
    for src, port in node.inputs:  # shapes.of(src, port), inlined: once per input of every node
        outs = outputs.get(src)
        ins.append(None if outs is None or port >= len(outs) else outs[port])
    vals = [shapes.value(src, port) for src, port in node.inputs] if VALUE_OPS.get(op) else None
    ctx = OpCtx(node, ins, outputs.get(node.name) or [], vals)
    try:
        cost = fn(ctx)
    except MaccError:
        raise
    except (ValueError, TypeError, IndexError, KeyError, ArithmeticError) as e:
        raise ShapeError(f"cannot count ({type(e).__name__}: {e})") from None
    except MemoryError:
        raise ShapeError("out of memory counting") from None
    except Exception as e:  # a bug in a formula: still one line, never a traceback
        raise ShapeError(f"internal error in the {op} formula ({type(e).__name__}: {e}); "
                         "please report it") from None
    status = "counted" if cost.flops is not None else "unknown_shape"
    return NodeCount(node, cost, status, cost.tf_flops is None)


def call_count(node, shapes, calls) -> NodeCount | None:
    """A function call in a GraphDef that keeps its library: TF's profiler never counts a call
    (tf_flops 0, a known 0, not a skipped node); flops and maccs are those of the called body,
    inlined and counted with the call's input shapes. None when ``node`` is not a call or its
    body cannot be fully counted (it then stays unsupported)."""
    in_shapes = [shapes.of(src, port) for src, port in node.inputs]
    handles = getattr(shapes, "handles", None) or {}  # a captured variable's shape, ...
    in_handles = [handles.get(ref) for ref in node.inputs]
    if node.op in BRANCH_OPS:
        return _branch_count(node, in_shapes, calls, in_handles)
    if node.op in LOOP_OPS:
        return _loop_count(node, in_shapes, calls, in_handles)
    call = calls.called(node, in_shapes, in_handles)
    if call is None:
        return None
    # the body is counted as the shape pass inferred it: with the call's constant input values
    got = calls.body_cost(*call, in_values=[shapes.values.get(ref) for ref in node.inputs])
    if got is None:
        return None
    flops, maccs, n = got
    return _body_node(node, flops, maccs, f"body of {call[0]} ({n} nodes)")


def _body_node(node, flops, maccs, text: str) -> NodeCount:
    """A call-like node counted through its bodies; flops None: some body shape is unknown
    (status unknown_shape, as any node whose shapes are missing). TF counts 0: a known 0."""
    if flops is None:
        return NodeCount(node, Cost(None, 0, 0, text + ": shapes unknown inside"),
                         "unknown_shape", False)
    return NodeCount(node, Cost(flops, 0, maccs, text), "counted", False)


BRANCH_OPS = {"If": ("then_branch", "else_branch"), "StatelessIf": ("then_branch", "else_branch"),
              "Case": None, "StatelessCase": None}


LOOP_OPS = frozenset({"While", "StatelessWhile"})


def _loop_count(node, in_shapes, calls, in_handles=None) -> NodeCount | None:
    """A While in a GraphDef that keeps its library: one iteration, its cond and its body each
    counted once on the loop inputs' shapes, as inlining a SavedModel counts it (the trip count
    is a runtime value; the report says so). None when either cannot be fully counted."""
    cond, body = node.attr("cond"), node.attr("body")
    if not all(isinstance(f, str) and f in calls.funcs for f in (cond, body)):
        return None
    types = node.attr("T")
    types = types if isinstance(types, list) else None
    got = [calls.body_cost(f, in_shapes, types, in_handles) for f in (cond, body)]
    if any(g is None for g in got):
        return None
    (cf, cm, cn), (bf, bm, bn) = got
    text = f"one iteration: cond {cond} ({cn} nodes) + body {body} ({bn} nodes)"
    if cf is None or bf is None:
        return _body_node(node, None, None, text)
    return _body_node(node, cf + bf, cm + bm, text)


def _branch_count(node, in_shapes, calls, in_handles=None) -> NodeCount | None:
    """An If/Case in a GraphDef that keeps its library: the costlier branch by exact flops
    (ties: the first), each counted on the node's inputs after the condition or branch index,
    as inlining a SavedModel chooses (macc.inline.branches). None when a branch cannot be
    fully counted."""
    keys = BRANCH_OPS[node.op]
    names = [node.attr(k) for k in keys] if keys else node.attr("branches")
    if not names or not all(isinstance(f, str) and f in calls.funcs for f in names):
        return None
    tin = node.attr("Tin")
    costs = [calls.body_cost(f, in_shapes[1:], tin if isinstance(tin, list) else None,
                             in_handles[1:] if in_handles else None) for f in names]
    if any(c is None for c in costs):
        return None
    if any(c[0] is None for c in costs):  # which branch costs more is not known
        return _body_node(node, None, None, f"costlier of {len(costs)} branches")
    best = max(range(len(costs)), key=lambda i: (costs[i][0], -i))
    flops, maccs, n = costs[best]
    shown = ", ".join(f"{c[0]:,}" for c in costs)
    return _body_node(node, flops, maccs, f"costlier branch {names[best]} ({n} nodes; "
                                          f"flops by branch: {shown})")


_MEMO: dict = {}  # (shape class, data-input entries) -> Cost
_MEMO_MAX = 1 << 16


def count(graph, shapes) -> list[NodeCount]:
    """One NodeCount per node, in the graph's file order (TF's profiler visits every node).

    A formula is a pure function of the op, the attrs, the input and output shapes, the number of
    input entries (AddN) and, for a few ops, constant input values: nodes of one shape class
    (equal op, attrs, input shapes and values: see macc.shapes.state) with equal input entries
    get the Cost computed for the first one."""
    out = []
    append = out.append
    zero_ops = ZERO_OPS
    classes = getattr(shapes, "classes", None) or {}
    calls = getattr(shapes, "calls", None)
    source = graph.source or None
    for node in graph:
        if node.op in zero_ops:  # most nodes: count_one's first case, without a call
            append(new_tuple(NodeCount, (node, ZERO, "zero", False)))
            continue
        append(count_one(node, shapes, classes.get(node.name), calls, source))
    return out


def count_one(node, shapes, cls: int | None, calls, source: str | None) -> NodeCount:
    """``node``'s NodeCount as :func:`count` makes it: ``cls`` its shape class (or None),
    ``calls`` the graph's CallShapes (or None), ``source`` the file named by errors."""
    op = node.op
    zero_ops, formulas = ZERO_OPS, FORMULAS
    if op in zero_ops:
        return new_tuple(NodeCount, (node, ZERO, "zero", False))
    if op not in formulas and load_family(op) and op in zero_ops:
        return new_tuple(NodeCount, (node, ZERO, "zero", False))  # the first of its family
    if op not in formulas:
        nc = None if calls is None else call_count(node, shapes, calls)
        return nc or new_tuple(NodeCount, (node, ZERO, "unsupported", False))
    key = None
    if cls is not None:
        key = (cls, node.n_input_entries)
        cost = _MEMO.get(key)
        if cost is not None:
            return new_tuple(NodeCount, (node, cost, "counted" if cost.flops is not None
                                         else "unknown_shape", cost.tf_flops is None))
    try:
        nc = count_node(node, shapes)
    except MaccError as e:
        raise e.with_context(path=source, node=node.name, op=op) from None
    if key is not None:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[key] = nc.cost
    return nc
