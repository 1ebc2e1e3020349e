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


# --- cross-entropy losses: a log-softmax of the logits, then the loss and its gradient ----------
# Per row of c logits, after the log-softmax (5c − 1):
# - SoftmaxCrossEntropyWithLogits (dense labels): loss = −Σ labels·logp (c multiplies, c − 1 adds,
#   a negation: 2c); backprop = softmax − labels (softmax = exp(x − max)/sum: c divides of the
#   exps already computed; c subtracts: 2c). Per row 9c − 1.
# - SparseSoftmaxCrossEntropyWithLogits (label indices): loss = −logp[label] (1); backprop =
#   softmax (c divides) with 1 subtracted at the label (1): c + 2. Per row 6c + 1.


def _xent(per_row_extra_per_c: int, per_row_extra: int):
    def formula(ctx):
        x = ctx.inp(0)
        base = softmax_arith(x, 1)
        if base is None:
            return Cost(None, 0, 0)
        c = x[-1]
        rows = N(x) // c if c else 0
        extra = rows * (per_row_extra_per_c * c + per_row_extra) if c else 0
        k = per_row_extra - 1
        sign = f"+{k}" if k >= 0 else f"−{-k}"
        return Cost(base[0] + extra, 0, 0, f"{rows}·({5 + per_row_extra_per_c}·{c}{sign})")
    return formula


register("SoftmaxCrossEntropyWithLogits", flops="rows·(9c−1): log-softmax, loss, gradient",
         tf="0", maccs="0")(_xent(4, 0))
register("SparseSoftmaxCrossEntropyWithLogits",
         flops="rows·(6c+1): log-softmax, loss, gradient", tf="0", maccs="0")(_xent(1, 2))
