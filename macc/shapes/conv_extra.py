"""Shape functions of depthwise and morphological convolutions, convolution gradients and the
grappler-fused convolution/matmul ops. The forward arithmetic is ``nn.conv_output``'s."""

from __future__ import annotations

from ..errors import ShapeError
from .math_ops import matmul_shape
from .nn import conv, explicit_paddings, layout, spatial_out, window_attr
from .registry import shape_fn
from .util import check_rank, fmt, unify, unknown


def depthwise_output(x, f, *, data_format, strides, dilations, padding, explicit=None):
    """x [b,h,w,c] (or NCHW), f [kh,kw,c,multiplier] -> [b,oh,ow,c·multiplier]."""
    if x is None:
        return None
    b_ax, c_ax, sp = layout(data_format, 4)
    c = x[c_ax]
    if f is not None and c is not None and f[2] is not None and f[2] != c:
        raise ShapeError(f"input has {c} channels, the depthwise filter {fmt(f)} expects {f[2]}")
    out = list(x)
    cin = c if c is not None else (f[2] if f is not None else None)
    mult = f[3] if f is not None else None
    out[c_ax] = None if cin is None or mult is None else cin * mult
    for j, ax in enumerate(sp):
        lo = hi = 0
        if explicit:
            lo, hi = explicit[2 * ax], explicit[2 * ax + 1]
        k = f[j] if f is not None else None
        out[ax] = spatial_out(x[ax], k, strides[ax], dilations[ax], padding, lo, hi)
    return tuple(out)


@shape_fn("DepthwiseConv2dNative", "_FusedDepthwiseConv2dNative")
def depthwise(ctx):
    x, f = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(x, 4, "input")
    check_rank(f, 4, "filter input")
    x = x if x is not None else unknown(4)
    return [depthwise_output(x, f, data_format=ctx.attr("data_format", "NHWC"),
                             strides=window_attr(ctx, "strides", 4),
                             dilations=window_attr(ctx, "dilations", 4),
                             padding=ctx.attr("padding", "VALID"), explicit=explicit_paddings(ctx, 4))]


@shape_fn("_FusedConv2D", "_FusedConv3D")
def fused_conv(ctx):
    return conv(ctx)


@shape_fn("_FusedMatMul")
def fused_matmul(ctx):
    return [matmul_shape(ctx.in_shape(0), ctx.in_shape(1), bool(ctx.attr("transpose_a", False)),
                         bool(ctx.attr("transpose_b", False)))]


def _sizes(ctx, i, rank, what):
    sizes = ctx.in_shape_tensor(i)
    if sizes is not None and len(sizes) != rank:
        raise ShapeError(f"{what} has {len(sizes)} entries, expected {rank}")
    return sizes if sizes is not None else unknown(rank)


@shape_fn("Conv2DBackpropInput", "DepthwiseConv2dNativeBackpropInput", "Conv3DBackpropInputV2")
def conv_backprop_input(ctx):
    rank = 5 if "3D" in ctx.node.op else 4
    check_rank(ctx.in_shape(1), rank, "filter input")
    dy = ctx.in_shape(2)
    check_rank(dy, rank, "out_backprop")
    sizes = ctx.in_shape_tensor(0)
    if sizes is not None and len(sizes) == rank - 2 and ctx.node.op == "Conv2DBackpropInput":
        # input_sizes may give the spatial dims only: batch from out_backprop, depth from filter
        f = ctx.in_shape(1)
        fmt_ = ctx.attr("data_format", "NHWC")
        b_ax, c_ax, sp = layout(fmt_, rank)
        out = [None] * rank
        out[b_ax] = dy[b_ax] if dy is not None else None
        out[c_ax] = f[-2] if f is not None else None
        for ax, d in zip(sp, sizes):
            out[ax] = d
        return [tuple(out)]
    out = _sizes(ctx, 0, rank, "input_sizes")
    if ctx.node.op == "Conv2DBackpropInput":
        # TF 2.21 takes the batch from out_backprop, never from input_sizes (it only checks
        # they agree): sizes [1,16,16,5] with out_backprop [?,8,8,3] give [?,16,16,5]
        b_ax = layout(ctx.attr("data_format", "NHWC"), rank)[0]
        batch = dy[b_ax] if dy is not None else None
        if None not in (batch, out[b_ax]) and batch != out[b_ax]:
            raise ShapeError(f"input_sizes batch {out[b_ax]} differs from out_backprop's {batch}")
        out = out[:b_ax] + (batch,) + out[b_ax + 1:]
    return [out]


@shape_fn("Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropFilter",
          "Conv3DBackpropFilterV2")
def conv_backprop_filter(ctx):
    rank = 5 if "3D" in ctx.node.op else 4
    check_rank(ctx.in_shape(0), rank, "input")
    check_rank(ctx.in_shape(2), rank, "out_backprop")
    return [_sizes(ctx, 1, rank, "filter_sizes")]


@shape_fn("Conv2DBackpropInputV2", "Conv3DBackpropInput")
def conv_backprop_input_v2(ctx):
    rank = 5 if "3D" in ctx.node.op else 4
    x = ctx.in_shape(0)
    check_rank(x, rank, "input")
    check_rank(ctx.in_shape(1), rank, "filter input")
    check_rank(ctx.in_shape(2), rank, "out_backprop")
    return [x if x is not None else unknown(rank)]  # TF: input's shape, WithRank


@shape_fn("Conv2DBackpropFilterV2", "Conv3DBackpropFilter")
def conv_backprop_filter_v2(ctx):
    rank = 5 if "3D" in ctx.node.op else 4
    check_rank(ctx.in_shape(0), rank, "input")
    f = ctx.in_shape(1)
    check_rank(f, rank, "filter input")
    return [f if f is not None else unknown(rank)]  # TF: filter's shape, WithRank


@shape_fn("Dilation2D")
def dilation2d(ctx):
    x, f = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(x, 4, "input")
    check_rank(f, 3, "filter input")
    strides, rates = window_attr(ctx, "strides", 4), window_attr(ctx, "rates", 4)
    padding = ctx.attr("padding", "VALID")
    x = x if x is not None else unknown(4)
    d = f[2] if f is not None else None  # TF 2.21: the filter's depth, unknown without it
    out = [x[0], None, None, d]
    # TF 2.21: both spatial dims stay unknown unless input rows, cols and filter rows, cols are
    # all known (even with SAME padding, which would not need the filter); only then does it
    # check the input's depth against the filter's (an input of depth 2 and a filter of 5 with
    # unknown rows imports: fuzz seed 777)
    if f is not None and None not in (x[1], x[2], f[0], f[1]):
        unify((x[3],), (f[2],), "input depth and filter depth")
        for j, ax in enumerate((1, 2)):
            out[ax] = spatial_out(x[ax], f[j], strides[ax], rates[ax], padding)
    return [tuple(out)]


@shape_fn("Dilation2DBackpropInput")
def dilation2d_backprop_input(ctx):
    check_rank(ctx.in_shape(0), 4, "input")
    return [ctx.in_shape(0)]


@shape_fn("Dilation2DBackpropFilter")
def dilation2d_backprop_filter(ctx):
    check_rank(ctx.in_shape(1), 3, "filter input")
    return [ctx.in_shape(1)]
