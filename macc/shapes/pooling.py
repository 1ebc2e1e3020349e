"""Shape functions of pooling (2-D and 3-D, max and average, ksize/strides as attrs or inputs)
and of their gradients."""

from __future__ import annotations

import math

from ..errors import ShapeError
from .consteval import int_vector
from .nn import explicit_paddings, layout, spatial_out
from .registry import shape_fn
from .util import check_rank, int_list, unify, unknown


def _window(values, key, rank):
    if values is None:
        raise ShapeError(f"attr '{key}' is missing")
    values = int_list(values, key)
    if len(values) != rank:
        raise ShapeError(f"'{key}' has length {len(values)}, expected {rank}")
    return values


def pool_shape(x, ksize, strides, padding, data_format, explicit=None, op="pool"):
    """Output of a pooling window over ``x`` (ksize/strides in ``data_format`` order)."""
    if x is None:
        return None
    rank = len(x)
    b_ax, c_ax, sp = layout(data_format, rank)
    if ksize is None or strides is None:
        return unknown(rank)
    if len(ksize) != rank or len(strides) != rank:
        raise ShapeError(f"ksize {ksize} and strides {strides} must have length {rank}")
    if ksize[b_ax] != 1 or strides[b_ax] != 1:
        raise ShapeError(f"pooling over the batch dim is not supported (ksize {ksize}, "
                         f"strides {strides})")
    if any(k < 1 for k in ksize):
        raise ShapeError(f"ksize {ksize} must be at least 1 everywhere")
    out = list(x)
    kc = ksize[c_ax]
    if kc != 1:
        if any(ksize[a] != 1 for a in sp) or not op.startswith("MaxPool"):
            raise ShapeError(f"pooling over depth (ksize {ksize}) is only supported alone, "
                             "in MaxPool")
        c = x[c_ax]
        if c is not None and c % kc:
            raise ShapeError(f"depth {c} is not a multiple of the depth window {kc}")
        out[c_ax] = None if c is None else c // kc
        return tuple(out)
    for ax in sp:
        lo = hi = 0
        if explicit:
            lo, hi = explicit[2 * ax], explicit[2 * ax + 1]
        out[ax] = spatial_out(x[ax], ksize[ax], strides[ax], 1, padding, lo, hi)
    return tuple(out)


def _pool_rank(op):
    return 5 if "3D" in op else 4


@shape_fn("AvgPool", "MaxPool", "AvgPool3D", "MaxPool3D", "MaxPoolWithArgmax",
          "QuantizedAvgPool", "QuantizedMaxPool")
def pool(ctx):
    op = ctx.node.op
    rank = _pool_rank(op)
    x = ctx.in_shape(0)
    check_rank(x, rank, "input")
    x = x if x is not None else unknown(rank)  # TF's WithRank: an unknown rank becomes 4 (5)
    fmt_ = ctx.attr("data_format", "NHWC" if rank == 4 else "NDHWC")
    out = pool_shape(x, _window(ctx.attr("ksize"), "ksize", rank),
                     _window(ctx.attr("strides"), "strides", rank), ctx.attr("padding", "VALID"),
                     fmt_, explicit_paddings(ctx, rank), op)
    if op == "MaxPoolWithArgmax":
        return [out, out]
    if op.startswith("Quantized"):
        return [out, (), ()]
    return [out]


@shape_fn("MaxPoolV2")
def max_pool_v2(ctx):
    return [_pool_v2(ctx, 0, 1, 2)]


def _pool_v2(ctx, x_i, ksize_i, strides_i):
    """MaxPoolV2's shape: the window from inputs; TF 2.21 gives an unknown shape, rank included,
    when it is not known, and an unknown input rank 4."""
    x = ctx.in_shape(x_i)
    check_rank(x, 4, "input")
    ksize, strides = int_vector(ctx, ksize_i, "ksize"), int_vector(ctx, strides_i, "strides")
    if ksize is None or strides is None:
        return None
    return pool_shape(x if x is not None else unknown(4), ksize, strides,
                      ctx.attr("padding", "VALID"), ctx.attr("data_format", "NHWC"),
                      op=ctx.node.op)


@shape_fn("AvgPoolGrad", "AvgPool3DGrad")
def avg_pool_grad(ctx):
    rank = _pool_rank(ctx.node.op)
    out = ctx.in_shape_tensor(0)
    check_rank(out, rank, "orig_input_shape")
    check_rank(ctx.in_shape(1), rank, "grad")
    return [out if out is not None else unknown(rank)]


@shape_fn("MaxPoolGrad", "MaxPool3DGrad", "MaxPoolGradV2", "MaxPoolGradWithArgmax")
def max_pool_grad(ctx):
    rank = _pool_rank(ctx.node.op)
    x = ctx.in_shape(0)
    check_rank(x, rank, "orig_input")
    return [x if x is not None else unknown(rank)]  # TF: UnchangedShapeWithRank


@shape_fn("MaxPoolGradGrad", "MaxPool3DGradGrad", "MaxPoolGradGradV2",
          "MaxPoolGradGradWithArgmax")
def max_pool_grad_grad(ctx):
    """TF 2.21: the forward pool's shape of orig_input; orig_output (WithArgmax: argmax) is only
    checked against it (a known one does not size the output when orig_input is unknown)."""
    op = ctx.node.op
    out = _pool_v2(ctx, 0, 3, 4) if op == "MaxPoolGradGradV2" else pool(ctx)[0]
    if op == "MaxPoolGradGradWithArgmax":
        unify(out, ctx.in_shape(2), "the pooled input and argmax")
        return [out]
    y = ctx.in_shape(1)
    check_rank(y, _pool_rank(op), "orig_output")
    if out is not None and y is not None:
        unify(out, y, "the pooled orig_input and orig_output")
    return [out]



@shape_fn("FractionalMaxPool", "FractionalAvgPool")
def fractional_pool(ctx):
    """[b, h, w, c] -> each dim floor(d / pooling_ratio) (TF: the kernel's own rule), plus the
    row and column pooling sequences (vectors TF sizes by the output's rows and columns)."""
    x = ctx.in_shape(0)
    check_rank(x, 4, "value")
    ratio = ctx.attr("pooling_ratio") or []
    if len(ratio) != 4 or any(r < 1.0 for r in ratio):
        raise ctx.error(f"pooling_ratio {ratio} must be 4 numbers of at least 1")
    if x is None:
        return [unknown(4), (None,), (None,)]
    out = tuple(None if d is None else math.floor(d / r) for d, r in zip(x, ratio))
    return [out, (out[1],), (out[2],)]
