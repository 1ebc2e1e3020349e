"""Softmax and LogSoftmax over the last axis, counted step by step (no MACCs).

Per row of c logits: the max (c − 1 comparisons), x − max (c subtracts), exp (c), their sum
(c − 1 adds), then Softmax divides (c): 5c − 2; LogSoftmax takes log of the sum (1) and subtracts
it (c): 5c − 1. TensorFlow counts 5 per element for Softmax, 0 for LogSoftmax.
"""

from __future__ import annotations

from .registry import Cost, N, register


def softmax_arith(x, per_row_saving: int) -> tuple[int, str] | None:
    """(exact, text) of rows·(5c − per_row_saving) for logits ``x``; None when x is unknown."""
    if N(x) is None or not x:
        return None
    c = x[-1]
    rows = N(x) // c if c else 0
    return rows * (5 * c - per_row_saving) if c else 0, f"{rows}·(5·{c}−{per_row_saving})"


@register("Softmax", flops="rows·(5c−2), c = in0[-1]", tf="5·N(in0)", maccs="0")
def softmax(ctx):
    x = ctx.inp(0)
    tf = None if N(x) is None else 5 * N(x)
    exact = softmax_arith(x, 2)
    return Cost(None, tf, 0) if exact is None else Cost(exact[0], tf, 0, exact[1])


@register("LogSoftmax", flops="rows·(5c−1), c = in0[-1]", tf="0", maccs="0")
def log_softmax(ctx):
    exact = softmax_arith(ctx.inp(0), 1)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])
