"""Counting: every node of the graph gets a Cost from its op's formula, or a status saying why not."""

from __future__ import annotations

from typing import NamedTuple

from ..errors import MaccError, ShapeError
from .registry import FORMULAS, VALUE_OPS, ZERO_OPS, Cost, OpCtx

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


def count(graph, shapes) -> list[NodeCount]:
    """One NodeCount per node, in the graph's file order (TF's profiler visits every node)."""
    out = []
    append = out.append
    zero_ops, formulas = ZERO_OPS, FORMULAS
    for node in graph:
        op = node.op
        if op in zero_ops:  # count_node's first two cases, without a call (most nodes)
            append(new_tuple(NodeCount, (node, ZERO, "zero", False)))
            continue
        if op not in formulas:
            append(new_tuple(NodeCount, (node, ZERO, "unsupported", False)))
            continue
        try:
            append(count_node(node, shapes))
        except MaccError as e:
            raise e.with_context(path=graph.source or None, node=node.name, op=node.op) from None
    return out
