"""Shape functions of indexing ops: Gather*, GatherNd, ScatterNd, OneHot, Select, Where,
Unique, TopKV2, NonMaxSuppression*. Data-dependent sizes stay unknown (None)."""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from . import fold
from .consteval import int_value, int_vector, norm_axis, np_type
from .registry import shape_fn
from .util import broadcast, check_rank, fmt, unify, unknown


def gather_shape(params, indices, axis, batch_dims):
    if params is None or indices is None or axis is None:
        return None
    rank = len(params)
    ax = norm_axis(axis, rank, "gather axis")
    bd = batch_dims + len(indices) if batch_dims < 0 else batch_dims
    if bd > ax:
        raise ShapeError(f"batch_dims {batch_dims} is larger than axis {axis}")
    if bd > len(indices):
        raise ShapeError(f"batch_dims {batch_dims} exceeds the rank of indices {fmt(indices)}")
    return tuple(params[:ax]) + tuple(indices[bd:]) + tuple(params[ax + 1:])


@shape_fn("GatherV2", "Gather", "ResourceGather")
def gather(ctx):
    op = ctx.node.op
    params = ctx.in_handle_shape(0) if op == "ResourceGather" else ctx.in_shape(0)
    indices = ctx.in_shape(1)
    if op == "GatherV2":
        axis = int_value(ctx, 2, "axis")
    else:
        axis = 0
    batch_dims = int(ctx.attr("batch_dims", 0) or 0)
    out = gather_shape(params, indices, axis, batch_dims)
    if out is None and params is not None and axis is not None and indices is None:
        return [None]
    if out is None and params is not None and indices is not None:
        return [unknown(len(params) + len(indices) - 1 - batch_dims)]
    part, idx = ctx.in_value(0), ctx.in_value(1)
    if part is not None and idx is not None and batch_dims == 0 and op != "ResourceGather":
        ax = norm_axis(axis, part.ndim)
        # an index outside [0, dim) is the kernel's error, not the import's: TF imports the
        # graph (a gradient's Gather of constants did, fuzz seed 2026), and there is no value
        if not idx.size or (idx.min() >= 0 and idx.max() < part.shape[ax]):
            ctx.set_value(0, np.take(part, idx, axis=ax))
    return [out]


@shape_fn("GatherNd", "ResourceGatherNd")
def gather_nd(ctx):
    params = ctx.in_handle_shape(0) if ctx.node.op == "ResourceGatherNd" else ctx.in_shape(0)
    indices = ctx.in_shape(1)
    if params is None or indices is None:
        return [None]
    if not indices:
        raise ShapeError("indices must have rank at least 1")
    k = indices[-1]
    if k is None:
        return [None]
    if k > len(params):
        raise ShapeError(f"index depth {k} exceeds the rank of params {fmt(params)}")
    pv, iv = ctx.in_value(0), ctx.in_value(1)
    if pv is not None and iv is not None and ctx.node.op == "GatherNd":
        res = fold.gather_nd(pv, iv)
        if res is not None:
            ctx.set_value(0, res)
    return [tuple(indices[:-1]) + tuple(params[k:])]


@shape_fn("ScatterNd")
def scatter_nd(ctx):
    return [ctx.in_shape_tensor(2)]


@shape_fn("TensorScatterUpdate", "TensorScatterAdd", "TensorScatterSub", "TensorScatterMax",
          "TensorScatterMin", "ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul",
          "ScatterDiv", "ScatterMax", "ScatterMin", "ScatterNdUpdate", "ScatterNdAdd",
          "ScatterNdSub")
def scatter_like_input(ctx):
    vals = ctx.in_values()
    if ctx.node.op.startswith("TensorScatter") and len(vals) == 3 and all(v is not None for v in vals):
        res = fold.tensor_scatter(ctx.node.op, *vals)
        if res is not None:
            ctx.set_value(0, res)
    return [ctx.in_shape(0)]


@shape_fn("ResourceScatterUpdate", "ResourceScatterAdd", "ResourceScatterSub",
          "ResourceScatterMul", "ResourceScatterDiv", "ResourceScatterMax", "ResourceScatterMin",
          "ResourceScatterNdUpdate", "ResourceScatterNdAdd", "ResourceScatterNdSub")
def resource_scatter(ctx):
    return []


@shape_fn("OneHot")
def one_hot(ctx):
    idx = ctx.in_shape(0)
    depth = int_value(ctx, 1, "depth")
    if depth is not None and depth < 0:
        raise ShapeError(f"depth {depth} is negative")
    if idx is None:
        return [None]
    axis = int(ctx.attr("axis", -1))
    rank = len(idx) + 1
    if axis < -1 or axis >= rank:
        raise ShapeError(f"axis {axis} is out of range for an output of rank {rank}")
    ax = rank - 1 if axis == -1 else axis
    vals = ctx.in_values()
    if depth is not None and len(vals) == 4 and all(v is not None for v in vals):
        on, off = vals[2], vals[3]
        if on.size == 1 and off.size == 1:
            res = fold.one_hot(vals[0], depth, on.reshape(-1)[0], off.reshape(-1)[0], axis)
            if res is not None:
                ctx.set_value(0, res)
    return [tuple(idx[:ax]) + (depth,) + tuple(idx[ax:])]


@shape_fn("Select")
def select(ctx):
    c, t, e = ctx.in_shape(0), ctx.in_shape(1), ctx.in_shape(2)
    out = unify(t, e, "then and else")
    if c is not None and out is not None:
        if len(c) == 1 and len(out) > 1:
            if c[0] is not None and out[0] is not None and c[0] != out[0]:
                raise ShapeError(f"condition {fmt(c)} does not match the first dim of {fmt(out)}")
        elif c:
            out = unify(c, out, "condition and values")
    _select_value(ctx, out)
    return [out]


@shape_fn("SelectV2")
def select_v2(ctx):
    c, t, e = ctx.in_shape(0), ctx.in_shape(1), ctx.in_shape(2)
    out = broadcast(broadcast(c, t), e)
    _select_value(ctx, out)
    return [out]


def _select_value(ctx, out):
    c, t, e = ctx.in_value(0), ctx.in_value(1), ctx.in_value(2)
    if c is None or t is None or e is None or out is None:
        return
    if c.ndim == 1 and t.ndim > 1:
        c = c.reshape((-1,) + (1,) * (t.ndim - 1))
    try:
        res = np.where(c, t, e)
    except ValueError:
        return
    ctx.set_value(0, res)


@shape_fn("Where")
def where(ctx):
    if ctx.n_inputs == 3:  # the v1 three-argument form is Select
        return select(ctx)
    x = ctx.in_shape(0)
    val = ctx.in_value(0)
    if val is not None and val.dtype != object:
        ctx.set_value(0, fold.where(val))  # the shape stays [?, rank], as TF's shape function
    return [(None, None if x is None else len(x))]


@shape_fn("Unique", "UniqueWithCounts")
def unique(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 1, "x")
    outs = [(None,), x]  # idx: x's shape (TF: an unknown rank stays unknown)
    if ctx.node.op == "UniqueWithCounts":
        outs.append((None,))
    val = ctx.in_value(0)
    if val is not None and val.ndim == 1 and val.dtype != object:
        # TF's constant evaluation runs Unique on a constant input (a Shape or a num_segments
        # downstream then folds); the shapes stay [?] as TF's shape function says
        _, first, idx, counts = np.unique(val, return_index=True, return_inverse=True,
                                          return_counts=True)
        order = np.argsort(first, kind="stable")  # values in order of first occurrence
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        ctx.set_value(0, val[np.sort(first)])
        ctx.set_value(1, rank[idx.reshape(-1)].astype(np_type(ctx, "out_idx")))
        if ctx.node.op == "UniqueWithCounts":
            ctx.set_value(2, counts[order].astype(np_type(ctx, "out_idx")))
    return outs


@shape_fn("UniqueV2", "UniqueWithCountsV2")
def unique_v2(ctx):
    """TF 2.21: y has x's rank and unknown dims, idx is [x's dim along the one axis] when the
    axis is known (an empty axis: x must be a vector), and the counts [?]."""
    x = ctx.in_shape(0)
    axes = int_vector(ctx, 1, "axis")
    n = None
    if x is not None and axes is not None:
        if len(axes) > 1:
            raise ShapeError(f"axis {axes} must hold at most one axis")
        if not axes and len(x) != 1:
            raise ShapeError(f"x {fmt(x)} must be a vector when axis is empty")
        n = x[norm_axis(axes[0], len(x)) if axes else 0]
    outs = [unknown(len(x)) if x is not None else None, (n,)]
    return outs + [(None,)] if ctx.node.op == "UniqueWithCountsV2" else outs


@shape_fn("ListDiff")
def list_diff(ctx):
    """Shapes always [?] (TF's shape function), but the values fold when x and y are known, as
    TF's constant evaluation runs it (a reduction gradient's permutation: Prod_grad)."""
    x, y = ctx.in_value(0), ctx.in_value(1)
    if x is not None and y is not None and x.ndim == 1 and y.ndim == 1:
        drop = set(y.tolist())
        idx = [i for i, v in enumerate(x.tolist()) if v not in drop]
        ctx.set_value(0, x[idx])
        ctx.set_value(1, np.array(idx, dtype=np_type(ctx, "out_idx")))
    return [(None,), (None,)]


@shape_fn("TopKV2", "TopK")
def top_k(ctx):
    x = ctx.in_shape(0)
    k = int_value(ctx, 1, "k") if ctx.node.op == "TopKV2" else int(ctx.attr("k", 0))
    if k is not None and k < 0:
        raise ShapeError(f"k {k} is negative")
    if x is None:
        return [None, None]
    if not x:
        raise ShapeError("input must have rank at least 1")
    if k is not None and x[-1] is not None and x[-1] < k:
        raise ShapeError(f"k {k} is larger than the last dim of {fmt(x)}")
    out = tuple(x[:-1]) + (k,)
    val = ctx.in_value(0)
    # sorted=False leaves the order to the kernel: not folded
    if val is not None and k is not None and val.dtype != object and ctx.attr("sorted", True):
        res = fold.top_k(val, k, np_type(ctx, "index_type") or np.int32)
        if res is not None:
            ctx.set_value(0, res[0])
            ctx.set_value(1, res[1])
    return [out, out]


@shape_fn("NonMaxSuppression", "NonMaxSuppressionV2", "NonMaxSuppressionV3")
def nms(ctx):
    check_rank(ctx.in_shape(0), 2, "boxes")
    return [(None,)]


@shape_fn("NonMaxSuppressionV4")
def nms_v4(ctx):
    check_rank(ctx.in_shape(0), 2, "boxes")
    n = int_value(ctx, 2, "max_output_size") if ctx.attr("pad_to_max_output_size") else None
    return [(n,), ()]


@shape_fn("NonMaxSuppressionV5")
def nms_v5(ctx):
    check_rank(ctx.in_shape(0), 2, "boxes")
    n = int_value(ctx, 2, "max_output_size") if ctx.attr("pad_to_max_output_size") else None
    return [(n,), (n,), ()]


@shape_fn("CombinedNonMaxSuppression")
def combined_nms(ctx):
    b = ctx.in_shape(0)
    batch = b[0] if b else None
    total = int_value(ctx, 3, "max_total_size")
    if ctx.attr("pad_per_class", False):
        # TF 2.21: min(max_total_size, max_output_size_per_class · classes), unknown unless all
        # three are known (an unknown max_total_size is TF's -1, which wins the min)
        per_class = int_value(ctx, 2, "max_output_size_per_class")
        sc = ctx.in_shape(1)
        classes = sc[2] if sc is not None and len(sc) > 2 else None
        total = (min(total, per_class * classes) if None not in (total, per_class, classes)
                 else None)
    return [(batch, total, 4), (batch, total), (batch, total), (batch,)]
