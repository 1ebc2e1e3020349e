"""Grappler's fused ops: a contraction (or a batch norm) followed by per-element epilogues.

Exact FLOPs and MACCs are the base op's arithmetic (``conv_arith``, ``matmul_arith``,
``batch_norm_arith``) plus, per element of the output, each op listed in the ``fused_ops`` attr
(``activation_mode`` and ``num_side_inputs`` for _FusedBatchNormEx), counted as the unfused op
would be: BiasAdd and Add 1, an activation its registered per-element count (Relu 1, Relu6 2,
Elu 3, LeakyRelu 2, Sigmoid 4, Tanh 1), FusedBatchNorm the inference form (2 per element + 6 per
channel). GELU, which has no op of its own here: exact 0.5·x·(1 + erf(x/√2)) is 5 per element,
the tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) is 9.
TensorFlow's profiler has no formula for any _Fused* op: tf_flops 0. A fused op name macc does
not know leaves the node uncounted (flops None, named in the formula column), never a silent 0.
"""

from __future__ import annotations

from ..graph import Node
from .contraction import conv_arith, matmul_arith
from .normalization import batch_norm_arith
from .registry import Cost, N, OpCtx, formula, register

EXTRA_PER_ELEMENT = {"Identity": 0, "GeluExact": 5, "GeluApproximate": 9}


def per_element_ops(op: str) -> int | None:
    """Exact FLOPs of ``op`` on one element (its registered formula), None when not known."""
    if op in EXTRA_PER_ELEMENT:
        return EXTRA_PER_ELEMENT[op]
    fn = formula(op)
    if fn is None:
        return None
    node = Node("fused", op, [("x", 0), ("y", 0)])
    return fn(OpCtx(node, [(1,), (1,)], [(1,)])).flops


def _names(value) -> list[str]:
    return [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in (value or [])]


def epilogue(out, fused_ops, channels: int | None) -> tuple[int, str] | str:
    """(FLOPs, text) of the fused per-element ops on ``out``; the unknown op's name if any."""
    n, flops, parts = N(out), 0, []
    for op in fused_ops:
        if op == "FusedBatchNorm":
            if channels is None:
                return op
            bn = batch_norm_arith(out, channels, False, False)
            flops += bn[0]
            parts.append(bn[1])
            continue
        per = per_element_ops(op)
        if per is None:
            return op
        if per:
            flops += per * n
            parts.append(f"{per}·{n}" if per != 1 else f"{n}")
    return flops, " + ".join(parts)


def fused_cost(base: Cost, out, fused_ops, channels: int | None) -> Cost:
    if base.flops is None or N(out) is None:
        return Cost(None, 0, base.maccs)
    extra = epilogue(out, fused_ops, channels)
    if isinstance(extra, str):
        return Cost(None, 0, base.maccs, f"unknown fused op {extra}")
    text = f"{base.formula} + {extra[1]}" if extra[1] else base.formula
    return Cost(base.flops + extra[0], 0, base.maccs, text)


def _channels(ctx, out) -> int | None:
    if not out:
        return None
    return out[1] if ctx.data_format("NHWC").startswith("NC") else out[-1]


_TEXT = "the base op's exact FLOPs + per output element each fused op (BiasAdd 1, Add 1, " \
        "activation its own count, FusedBatchNorm 2·N+6·C)"


@register("_FusedConv2D", "_FusedConv3D", flops=_TEXT, tf="0", maccs="N(out)·K (Conv2D's)")
def fused_conv(ctx):
    out = ctx.out()
    base = conv_arith(ctx.inp(0), ctx.inp(1), out)
    return fused_cost(base, out, _names(ctx.attr("fused_ops")), _channels(ctx, out))


@register("_FusedDepthwiseConv2dNative", flops=_TEXT, tf="0",
          maccs="N(out)·kh·kw (DepthwiseConv2dNative's)")
def fused_depthwise(ctx):
    out = ctx.out()
    base = conv_arith(ctx.inp(0), ctx.inp(1), out, depthwise=True)
    return fused_cost(base, out, _names(ctx.attr("fused_ops")), _channels(ctx, out))


@register("_FusedMatMul", flops=_TEXT, tf="0", maccs="m·n·k (MatMul's)")
def fused_matmul(ctx):
    out = ctx.out()
    base = matmul_arith(ctx.inp(0), ctx.inp(1), out, bool(ctx.attr("transpose_a", False)),
                        bool(ctx.attr("transpose_b", False)))
    return fused_cost(base, out, _names(ctx.attr("fused_ops")), None if not out else out[-1])


@register("_FusedBatchNormEx",
          flops="FusedBatchNorm's count + N(x)·num_side_inputs + N(x)·activation's count",
          tf="0", maccs="0")
def fused_batch_norm_ex(ctx):
    x, scale = ctx.inp(0), ctx.inp(1)
    channels = N(scale) if N(scale) is not None else _channels(ctx, x)
    factor = ctx.attr("exponential_avg_factor", 1.0)
    bn = batch_norm_arith(x, channels, bool(ctx.attr("is_training", True)),
                          factor is not None and float(factor) != 1.0)
    if bn is None:
        return Cost(None, 0, 0)
    ops = ["Add"] * int(ctx.attr("num_side_inputs", 0) or 0)
    ops += _names([ctx.attr("activation_mode", "Identity")])
    return fused_cost(Cost(bn[0], 0, 0, bn[1]), x, ops, channels)
