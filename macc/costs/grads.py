"""Backprop ops: convolution gradients, pooling gradients, BiasAddGrad.

Convolution gradients reuse the forward arithmetic (:func:`contraction.kernel_taps`,
:func:`contraction.dot_products`) on the same geometry, so each has exactly the forward conv's
MACCs (padded taps included):

- BackpropInput (a transposed convolution): every element of the output gradient dy is multiplied
  by the K filter taps that produced it (K = kh·kw·cin/groups, depthwise kh·kw) and scattered
  into dx: maccs = N(dy)·K. Each of the N(dx) results is a sum of the products landing on it:
  maccs multiplies and maccs − N(dx) adds, exact = 2·maccs − N(dx).
- BackpropFilter: each of the N(df) filter-gradient elements is a dot product over batch and
  output positions, of length L = N(dy)/(output channels): exact N(df)·(2L−1), maccs N(df)·L.

TensorFlow counts only Conv2DBackpropInput/Filter (NHWC only), with
int(2·N(x)·N(f) / (x[-1]·strides[1]·strides[2])), x being the forward input (dx or in0).
"""

from __future__ import annotations

from .contraction import dot_products, kernel_taps
from .pooling import tf_nhwc, window
from .reduction import reduction
from .registry import Cost, N, dims, prod, register


def _tf_conv_grad(ctx, x, f) -> int | None:
    """TF's formula for Conv2DBackpropInput/Filter; None where TF's profiler skips the node."""
    if not tf_nhwc(ctx) or N(x) is None or N(f) is None:
        return None
    strides = ctx.attr("strides") or []
    if len(strides) < 3 or not x or not x[-1] or not strides[1] or not strides[2]:
        return None
    # TF's own expression: true division on Python ints, then int() (same float, same truncation)
    return int(2 * N(x) * N(f) / (x[-1] * strides[1] * strides[2]))


def conv_backprop_input_arith(dy, f, dx, depthwise: bool = False) -> tuple[int, int, str] | None:
    """(exact, maccs, text) of a transposed convolution (the gradient of a conv's input)."""
    K = kernel_taps(f, depthwise)
    if K is None or N(dy) is None or N(dx) is None:
        return None
    maccs = N(dy) * K
    exact = max(2 * maccs - N(dx), 0)
    k_text = dims(f[:-2] if depthwise else f[:-1])
    return exact, maccs, f"2·{dims(dy)}·{k_text}−{dims(dx)}"


def conv_backprop_filter_arith(dy, df, depthwise: bool = False) -> tuple[int, int, str] | None:
    """(exact, maccs, text) of the gradient of a conv's filter df from the output gradient dy."""
    if N(dy) is None or N(df) is None or len(df) < 2:
        return None
    channels = prod(df[-2:]) if depthwise else df[-1]
    L = N(dy) // channels if channels else 0
    flops, maccs, text = dot_products(N(df), L, dims(df))
    return flops, maccs, text


def _cost(arith, tf) -> Cost:
    if arith is None:
        return Cost(None, tf, None)
    return Cost(arith[0], tf, arith[1], arith[2])


@register("Conv2DBackpropInput",
          flops="2·maccs − N(out)", maccs="N(in2 = dy)·kh·kw·f[2]",
          tf="int(2·N(out)·N(in1) / (out[-1]·strides[1]·strides[2])), NHWC only")
def conv2d_backprop_input(ctx):
    f, dx = ctx.inp(1), ctx.out()
    return _cost(conv_backprop_input_arith(ctx.inp(2), f, dx), _tf_conv_grad(ctx, dx, f))


@register("Conv2DBackpropInputV2", "Conv3DBackpropInput", "Conv3DBackpropInputV2",
          flops="2·maccs − N(out)", maccs="N(in2 = dy)·prod(f[:-1])", tf="0")
def conv_backprop_input(ctx):
    return _cost(conv_backprop_input_arith(ctx.inp(2), ctx.inp(1), ctx.out()), 0)


@register("DepthwiseConv2dNativeBackpropInput", flops="2·maccs − N(out)",
          maccs="N(in2 = dy)·kh·kw", tf="0")
def depthwise_backprop_input(ctx):
    return _cost(conv_backprop_input_arith(ctx.inp(2), ctx.inp(1), ctx.out(), depthwise=True), 0)


@register("Conv2DBackpropFilter",
          flops="N(out)·(2L−1), L = N(in2 = dy)/out[-1]", maccs="N(out)·L",
          tf="int(2·N(in0)·N(out) / (in0[-1]·strides[1]·strides[2])), NHWC only")
def conv2d_backprop_filter(ctx):
    df = ctx.out()
    return _cost(conv_backprop_filter_arith(ctx.inp(2), df), _tf_conv_grad(ctx, ctx.inp(0), df))


@register("Conv2DBackpropFilterV2", "Conv3DBackpropFilter", "Conv3DBackpropFilterV2",
          flops="N(out)·(2L−1), L = N(in2 = dy)/out[-1]", maccs="N(out)·L", tf="0")
def conv_backprop_filter(ctx):
    return _cost(conv_backprop_filter_arith(ctx.inp(2), ctx.out()), 0)


@register("DepthwiseConv2dNativeBackpropFilter",
          flops="N(out)·(2L−1), L = N(in2 = dy)/(out[2]·out[3])", maccs="N(out)·L", tf="0")
def depthwise_backprop_filter(ctx):
    return _cost(conv_backprop_filter_arith(ctx.inp(2), ctx.out(), depthwise=True), 0)


# --- pooling gradients ---------------------------------------------------------------------------


def _pool_grad(ctx, grad, per_extra: int, tf_value) -> Cost:
    k = window(ctx.attr("ksize"))
    tf = None
    if tf_nhwc(ctx) and k is not None and N(ctx.inp(1)) is not None:
        tf = tf_value(k, N(ctx.inp(1)))
    if k is None or N(grad) is None:
        return Cost(None, tf, 0)
    return Cost(N(grad) * (k + per_extra), tf, 0, f"{dims(grad)}·({k}+{per_extra})"
                if per_extra else f"{dims(grad)}·{k}")


@register("AvgPoolGrad", flops="N(in1 = grad)·(k+1): a divide, then k adds into dx",
          tf="2·prod(ksize)·N(in1), NHWC only", maccs="0")
def avg_pool_grad(ctx):
    return _pool_grad(ctx, ctx.inp(1), 1, lambda k, n: 2 * k * n)


@register("MaxPoolGrad", flops="N(in2 = grad)·k: k−1 comparisons to find the max, one add",
          tf="(prod(ksize)+1)·N(in1), NHWC only", maccs="0")
def max_pool_grad(ctx):
    grad = ctx.inp(2) if N(ctx.inp(2)) is not None else ctx.inp(1)
    return _pool_grad(ctx, grad, 0, lambda k, n: k * n + n)


# BiasAddGrad sums the gradient over every axis but the channel one
reduction("BiasAddGrad", tf=(1, 0))
