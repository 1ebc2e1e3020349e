"""Build an OpCtx by hand: a Node with attrs plus plain tuples as input/output shapes."""

from macc.costs import FORMULAS, OpCtx
from macc.graph import Node


def cost(op, ins, outs, attrs=None, control=(), values=None):
    """The Cost of ``op`` with input shapes ``ins`` and output shapes ``outs`` (tuples)."""
    node = Node("n", op, [(f"i{k}", 0) for k in range(len(ins))], control, attrs or {})
    return FORMULAS[op](OpCtx(node, list(ins), list(outs), values))


def triple(c):
    return c.flops, c.tf_flops, c.maccs
