"""Shape functions of reductions (Mean, Sum, Max, Min, Prod, All, Any, EuclideanNorm), ArgMax /
ArgMin. Known values (``Prod(Shape(x))``) are reduced too."""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from .consteval import int_value, norm_axis
from .registry import shape_fn
from .util import unknown


def _mean(val, axis, keepdims):
    """TF's Mean: the sum over the count, an integer quotient truncated toward zero (C++
    division) for integer types; an empty reduction is not folded."""
    count = val.size if axis is None else int(np.prod([val.shape[a] for a in axis]))
    if not count:
        raise ValueError("empty mean")
    total = np.sum(val, axis=axis, keepdims=keepdims)
    if np.issubdtype(val.dtype, np.integer):
        return np.trunc(np.asarray(total) / count)
    return np.asarray(total) / count


_NUMPY_REDUCE = {"Sum": np.sum, "Prod": np.prod, "Max": np.max, "Min": np.min,
                 "All": np.all, "Any": np.any, "Mean": _mean, "EuclideanNorm": None}


def reduce_shape(x, axes, keep_dims: bool):
    """TF's reduction shape: axes None = not known."""
    if axes is None or x is None:
        return unknown(len(x)) if keep_dims and x is not None else None
    rank = len(x)
    norm = set()
    for a in axes:
        if rank == 0 and a in (0, -1):
            continue  # reducing a scalar over axis 0/-1 is allowed and does nothing
        norm.add(norm_axis(a, rank, "reduction axis"))
    if keep_dims:
        return tuple(1 if i in norm else d for i, d in enumerate(x))
    return tuple(d for i, d in enumerate(x) if i not in norm)


def _axes(ctx, i):
    val = ctx.in_value(i)
    if val is None:
        return None
    if val.ndim > 1:
        raise ShapeError(f"reduction axes must be a scalar or vector, got rank {val.ndim}")
    return [int(a) for a in val.reshape(-1)]


@shape_fn(*_NUMPY_REDUCE)
def reduction(ctx):
    x = ctx.in_shape(0)
    keep = bool(ctx.attr("keep_dims", ctx.attr("keepdims", False)))
    axes = _axes(ctx, 1)
    out = reduce_shape(x, axes, keep)
    fn = _NUMPY_REDUCE[ctx.node.op]
    val = ctx.in_value(0)
    if fn is not None and val is not None and axes is not None and val.dtype != object:
        ax = tuple(norm_axis(a, val.ndim) for a in axes) if val.ndim else None
        try:
            res = fn(val, axis=ax, keepdims=keep) if ax != () else val
        except ValueError:  # an empty Max/Min/Mean: TF's kernel gives no value either
            return [out]
        ctx.set_value(0, np.asarray(res).astype(val.dtype, copy=False))
    return [out]


@shape_fn("ArgMax", "ArgMin")
def arg_reduce(ctx):
    x = ctx.in_shape(0)
    axis = int_value(ctx, 1, "dimension") if ctx.n_inputs > 1 else 0
    if x is None:
        return [None]
    if not x:
        raise ShapeError("input must have rank at least 1")
    if axis is None:
        return [unknown(len(x) - 1)]
    ax = norm_axis(axis, len(x), "dimension")
    val = ctx.in_value(0)
    if val is not None and val.dtype != object:
        fn = np.argmax if ctx.node.op == "ArgMax" else np.argmin
        ctx.set_value(0, fn(val, axis=ax))
    return [x[:ax] + x[ax + 1:]]

