"""Elementwise arithmetic: one FLOP per output element per operation, no MACCs."""

from __future__ import annotations

from .registry import Cost, N, dims, register


def per_element(n: int | None, shape, ops: int = 1, tf_ops: int | None = None) -> Cost:
    """``ops`` exact FLOPs and ``tf_ops`` TF FLOPs per element of a tensor of ``n`` elements."""
    if n is None:
        return Cost(None, None, 0)
    tf_ops = ops if tf_ops is None else tf_ops
    text = dims(shape) if ops == 1 else f"{ops}·{dims(shape)}"
    return Cost(ops * n, tf_ops * n, 0, text)


@register("Add", "AddV2", "Sub", "Mul", flops="N(out)", tf="N(out)", maccs="0")
def binary(ctx):
    out = ctx.out()
    return per_element(N(out), out)


@register("BiasAdd", flops="N(in0)", tf="N(in0)", maccs="0")
def bias_add(ctx):
    x = ctx.inp(0)
    return per_element(N(x), x)
