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
from .pooling import dilation_taps, pool_arith, tf_nhwc, window
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


def _pool_grad(ctx, grad, per_extra: int, tf_value, ksize=None) -> Cost:
    """``tf_value`` None: TF counts 0. ``ksize``: the window when it is not the ksize attr."""
    k = window(ctx.attr("ksize") if ksize is None else ksize)
    tf = 0
    if tf_value is not None:
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


def _ksize_input(ctx, i: int):
    """The window of the V2 pooling grads, given as constant input ``i`` (None when unknown)."""
    v = ctx.value(i)
    return None if v is None else v.reshape(-1).tolist()


@register("MaxPoolGradV2", flops="N(in2 = grad)·k: k−1 comparisons to find the max, one add",
          tf="0", maccs="0", values=True)
def max_pool_grad_v2(ctx):
    ks = _ksize_input(ctx, 3)
    return _pool_grad(ctx, ctx.inp(2), 0, None, ks) if ks is not None else Cost(None, 0, 0)


@register("MaxPool3DGrad", flops="N(in2 = grad)·k: k−1 comparisons to find the max, one add",
          tf="0", maccs="0")
def max_pool3d_grad(ctx):
    return _pool_grad(ctx, ctx.inp(2), 0, None)


@register("AvgPool3DGrad", flops="N(in1 = grad)·(k+1): a divide, then k adds into dx", tf="0",
          maccs="0")
def avg_pool3d_grad(ctx):
    return _pool_grad(ctx, ctx.inp(1), 1, None)


# The gradient of MaxPoolGrad: each output finds its window's max again (k − 1 comparisons) and
# picks the incoming gradient at that position (no arithmetic): the forward MaxPool's count.
def _grad_grad(ctx, ksize) -> Cost:
    exact = pool_arith(ctx.out(), window(ksize), 0)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


@register("MaxPoolGradGrad", "MaxPool3DGradGrad", flops="N(out)·(k−1), k = prod(ksize)", tf="0",
          maccs="0")
def max_pool_grad_grad(ctx):
    return _grad_grad(ctx, ctx.attr("ksize"))


@register("MaxPoolGradGradV2", flops="N(out)·(k−1), k = prod(ksize input)", tf="0", maccs="0",
          values=True)
def max_pool_grad_grad_v2(ctx):
    return _grad_grad(ctx, _ksize_input(ctx, 3))


@register("MaxPoolGradWithArgmax", flops="N(in1 = grad): one add into dx at the argmax", tf="0",
          maccs="0")
def max_pool_grad_with_argmax(ctx):
    # the argmax is given (input 2): no comparisons, each gradient element is added once
    grad = ctx.inp(1)
    return Cost(None, 0, 0) if N(grad) is None else Cost(N(grad), 0, 0, dims(grad))


@register("Dilation2DBackpropInput", "Dilation2DBackpropFilter",
          flops="N(in2 = dy)·2·kh·kw: the forward max-plus window again (2·kh·kw−1), one add",
          tf="0", maccs="0")
def dilation2d_backprop(ctx):
    # inputs: input, filter, out_backprop; each dy element re-finds its window's argmax (kh·kw adds,
    # kh·kw − 1 comparisons) and adds itself into the input or filter gradient there (1)
    dy, taps = ctx.inp(2), dilation_taps(ctx.inp(1))
    if taps is None or N(dy) is None:
        return Cost(None, 0, 0)
    return Cost(N(dy) * 2 * taps, 0, 0, f"{dims(dy)}·2·{taps}")
