"""Counting: every node of the graph gets a Cost from its op's formula, or a status saying why not."""

from __future__ import annotations

from typing import NamedTuple

from ..errors import MaccError, ShapeError
from .registry import FORMULAS, VALUE_OPS, ZERO_OPS, Cost, OpCtx

ZERO = Cost(0, 0, 0, "")


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
    ins = [shapes.of(src, port) for src, port in node.inputs]
    vals = [shapes.value(src, port) for src, port in node.inputs] if VALUE_OPS.get(op) else None
    ctx = OpCtx(node, ins, shapes.outputs.get(node.name) or [], vals)
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
    for node in graph:
        try:
            out.append(count_node(node, shapes))
        except MaccError as e:
            raise e.with_context(path=graph.source or None, node=node.name, op=node.op) from None
    return out
