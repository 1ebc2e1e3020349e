"""Backprop ops: convolution gradients, pooling gradients, BiasAddGrad.

Convolution gradients reuse the forward arithmetic (:func:`contraction.kernel_taps`,
:func:`contraction.dot_products`) on the same geometry, so each has exactly the forward conv's
MACCs (padded taps included):

- BackpropInput (a transposed convolution): every element of the output gradient dy is multiplied
  by the K filter taps that produced it (K = kh·kw·cin/groups, depthwise kh·kw) and scattered
  into the zeroed dx: maccs = N(dy)·K. The first product landing on a dx element is free, each
  further one an add: maccs multiplies and maccs − C adds, exact = 2·maccs − C, C the dx
  elements some product lands on (:func:`coverage.conv_covered`; N(dx) unless the stride
  outruns the kernel or VALID windows leave the last rows uncovered). C ≤ maccs, so exact ≥
  maccs.
- BackpropFilter: each of the N(df) filter-gradient elements is a dot product over batch and
  output positions, of length L = N(dy)/(output channels): exact N(df)·(2L−1), maccs N(df)·L.

TensorFlow counts only Conv2DBackpropInput/Filter (NHWC only), with
int(2·N(x)·N(f) / (x[-1]·strides[1]·strides[2])), x being the forward input (dx or in0).
"""

from __future__ import annotations

from ..errors import ShapeError
from .contraction import dot_products, kernel_taps
from .coverage import conv_covered, pool_covered, pool_disjoint
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


def conv_backprop_input_arith(ctx, dy, f, dx, depthwise: bool = False
                              ) -> tuple[int, int, str] | None:
    """(exact, maccs, text) of a transposed convolution (the gradient of a conv's input) with
    the node's geometry: 2·maccs − C, C the dx elements some product lands on."""
    K = kernel_taps(f, depthwise)
    if K is None or N(dy) is None or N(dx) is None or N(f) is None or len(dy) != len(dx):
        return None
    maccs = N(dy) * K
    cov, cov_text = conv_covered(ctx, dy, f, dx)
    k_text = dims(f[:-2] if depthwise else f[:-1])
    return 2 * maccs - cov, maccs, f"2·{dims(dy)}·{k_text}−{cov_text}"


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


_BPI = ("2·maccs − C: maccs products, an add per landing on out but the first; C = the elements "
        "of out some product lands on (N(out) when the windows cover it)")


@register("Conv2DBackpropInput",
          flops=_BPI, maccs="N(in2 = dy)·kh·kw·f[2]",
          tf="int(2·N(out)·N(in1) / (out[-1]·strides[1]·strides[2])), NHWC only")
def conv2d_backprop_input(ctx):
    f, dx = ctx.inp(1), ctx.out()
    return _cost(conv_backprop_input_arith(ctx, ctx.inp(2), f, dx), _tf_conv_grad(ctx, dx, f))


@register("Conv2DBackpropInputV2", "Conv3DBackpropInput", "Conv3DBackpropInputV2",
          flops=_BPI, maccs="N(in2 = dy)·prod(f[:-1])", tf="0")
def conv_backprop_input(ctx):
    return _cost(conv_backprop_input_arith(ctx, ctx.inp(2), ctx.inp(1), ctx.out()), 0)


@register("DepthwiseConv2dNativeBackpropInput", flops=_BPI, maccs="N(in2 = dy)·kh·kw", tf="0")
def depthwise_backprop_input(ctx):
    return _cost(conv_backprop_input_arith(ctx, ctx.inp(2), ctx.inp(1), ctx.out(), depthwise=True),
                 0)


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
#
# The scatter rule (as for BackpropInput): dx starts at zero, the first value landing on an element
# is free, each further one an add. AvgPoolGrad divides each grad element by the window size (1)
# and spreads it over its k taps (padded ones included, as every tap counts): N(grad)·k landings
# on the C elements of dx some window reaches, N(grad)·k − C adds. MaxPoolGrad re-finds each
# window's max (k − 1 comparisons) and adds its grad value at that argmax, a data-dependent place:
# the adds are N(grad) − (distinct argmaxes), counted as the upper bound N(grad) − D, D a grid of
# pairwise-disjoint windows (whose argmaxes are distinct): exact when windows do not overlap.


def _geometry(ks, strides, grad, dx):
    """(ksize, strides) as int lists over every axis, or None when unknown; a rank mismatch is
    a ShapeError. Strides default to 1 (as the conv attrs do)."""
    if ks is None or grad is None or dx is None or N(grad) is None or N(dx) is None:
        return None
    ks = [int(v) for v in ks]
    st = [1] * len(ks) if strides is None else [int(v) for v in strides]
    if not len(ks) == len(st) == len(grad) == len(dx):
        raise ShapeError(f"ksize {ks}, strides {st}, grad {list(grad)} and output {list(dx)} "
                         "must have one entry per axis")
    return ks, st


def _pool_grad_tf(ctx, k, tf_value):
    """TF's value: 0 (``tf_value`` None: TF has no formula), None where its NHWC-only formula
    fails or in1 is unknown."""
    if tf_value is None:
        return 0
    if tf_nhwc(ctx) and k is not None and N(ctx.inp(1)) is not None:
        return tf_value(k, N(ctx.inp(1)))
    return None


def _avg_pool_grad(ctx, tf_value) -> Cost:
    """AvgPoolGrad(orig_input_shape, grad): N(grad) divides + N(grad)·k landings − C."""
    grad, dx, ks = ctx.inp(1), ctx.out(), ctx.attr("ksize")
    k = window(ks)
    tf = _pool_grad_tf(ctx, k, tf_value)
    geo = _geometry(ks, ctx.attr("strides"), grad, dx)
    if k is None or geo is None:
        return Cost(None, tf, 0)
    cov, cov_text = pool_covered(ctx, dx, grad, *geo)
    return Cost(N(grad) * (k + 1) - cov, tf, 0, f"{dims(grad)}·({k}+1)−{cov_text}")


def _max_pool_grad(ctx, grad, tf_value, ksize=None, strides=None, argmax: bool = False) -> Cost:
    """N(grad)·(k − 1) comparisons (none when the argmax is given) + at most N(grad) − D adds.
    ``ksize``/``strides``: the window when it is not given by attrs (MaxPoolGradV2's inputs)."""
    ks = ctx.attr("ksize") if ksize is None else ksize
    k = window(ks)
    tf = _pool_grad_tf(ctx, k, tf_value)
    geo = _geometry(ks, ctx.attr("strides") if strides is None else strides, grad, ctx.out())
    if k is None or geo is None:
        return Cost(None, tf, 0)
    d, d_text = pool_disjoint(grad, *geo)
    if argmax:
        return Cost(N(grad) - d, tf, 0, f"{dims(grad)}−{d_text}")
    return Cost(N(grad) * k - d, tf, 0, f"{dims(grad)}·{k}−{d_text}")


_AVG = ("N(in1 = grad)·(k+1) − C: a divide per grad element, its k landings on dx (the first "
        "on each element free); C = the elements of out some window reaches")
_D = ("D = Π over axes ceil(grad_d / ceil(k_d/s_d)) pairwise-disjoint windows, whose argmaxes "
      "are distinct (an upper bound: the argmax is data; exact when windows do not overlap)")
_MAX = f"N(in2 = grad)·k − D: k−1 comparisons to re-find each max, an add per landing but the first; {_D}"


@register("AvgPoolGrad", flops=_AVG, tf="2·prod(ksize)·N(in1), NHWC only", maccs="0")
def avg_pool_grad(ctx):
    return _avg_pool_grad(ctx, lambda k, n: 2 * k * n)


@register("MaxPoolGrad", flops=_MAX, tf="(prod(ksize)+1)·N(in1), NHWC only", maccs="0")
def max_pool_grad(ctx):
    grad = ctx.inp(2) if N(ctx.inp(2)) is not None else ctx.inp(1)
    return _max_pool_grad(ctx, grad, lambda k, n: k * n + n)


# BiasAddGrad sums the gradient over every axis but the channel one
reduction("BiasAddGrad", tf=(1, 0))


def _ksize_input(ctx, i: int):
    """The window of the V2 pooling grads, given as constant input ``i`` (None when unknown)."""
    v = ctx.value(i)
    return None if v is None else v.reshape(-1).tolist()


@register("MaxPoolGradV2", flops=_MAX + "; ksize, strides = inputs 3, 4", tf="0", maccs="0",
          values=True)
def max_pool_grad_v2(ctx):
    ks, st = _ksize_input(ctx, 3), _ksize_input(ctx, 4)
    if ks is None or st is None:
        return Cost(None, 0, 0)
    return _max_pool_grad(ctx, ctx.inp(2), None, ks, st)


@register("MaxPool3DGrad", flops=_MAX, tf="0", maccs="0")
def max_pool3d_grad(ctx):
    return _max_pool_grad(ctx, ctx.inp(2), None)


@register("AvgPool3DGrad", flops=_AVG, tf="0", maccs="0")
def avg_pool3d_grad(ctx):
    return _avg_pool_grad(ctx, None)


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


@register("MaxPoolGradWithArgmax",
          flops=f"N(in1 = grad) − D: the argmax is given (input 2), an add per landing but the "
                f"first; {_D}", tf="0", maccs="0")
def max_pool_grad_with_argmax(ctx):
    return _max_pool_grad(ctx, ctx.inp(1), None, argmax=True)


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
