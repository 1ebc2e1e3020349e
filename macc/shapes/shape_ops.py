"""Shape functions of the ops that compute shapes: Shape, Size, Rank, Cast, Range, Fill,
ZerosLike, BroadcastArgs, BroadcastGradientArgs, DynamicStitch, ConcatOffset, InvertPermutation.

Each records its (partial) output value so that the shape subgraphs downstream can be evaluated.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import ShapeError
from . import fold
from .consteval import TINY, dims_product, np_type, plain, set_shape_value, small
from .registry import shape_fn
from .util import broadcast, check_rank, fmt


def _known_shape(ctx):
    """Input 0's shape, or the shape of its constant value where the shape function left dims
    unknown (a Unique of a constant: TF's constant evaluation runs the subgraph)."""
    s = ctx.in_shape(0)
    if s is None or None in s:
        val = ctx.in_value(0)
        if val is not None and (s is None or len(s) == val.ndim):
            return tuple(int(d) for d in val.shape)
    return s


@shape_fn("Shape")
def shape(ctx):
    s = _known_shape(ctx)
    if s is None:
        return [(None,)]
    set_shape_value(ctx, 0, s, np_type(ctx, "out_type"))
    return [(len(s),)]


@shape_fn("ShapeN")
def shape_n(ctx):
    """Unlike Shape, never a constant, even when every dim is known: TF 2.21 reads ShapeN's
    outputs as partial shapes (a Reshape/Fill/Tile shape input, sliced, cast or concatenated)
    but its constant evaluation does not fold ShapeN, so arithmetic on them (s * 2, Prod, a
    scalar packed into a shape) stays unknown."""
    out = []
    for i in range(ctx.n_inputs):
        s = ctx.in_shape(i)
        if s is None:
            out.append((None,))
            continue
        arr = np.empty(len(s), dtype=object)
        arr[:] = list(s)
        ctx.set_partial(i, arr)
        out.append((len(s),))
    return out


@shape_fn("Size")
def size(ctx):
    n = dims_product(_known_shape(ctx) or (None,))
    if n is not None:
        ctx.set_value(0, np.array(n, dtype=np_type(ctx, "out_type") or np.int64))
    return [()]


@shape_fn("Rank")
def rank(ctx):
    s = ctx.in_shape(0)
    if s is not None:
        ctx.set_value(0, np.array(len(s), dtype=np.int32))
    return [()]


@shape_fn("Bitcast")
def bitcast(ctx):
    """Same shape between types of one size; to a smaller type TF appends a dim of the size
    ratio (float64 -> int32: [..., 2]); to a larger one the last dim must be that ratio and goes."""
    s = ctx.in_shape(0)
    t_in, t_out = ctx.attr("T"), ctx.attr("type")
    size_in = dtypes.itemsize(t_in) if isinstance(t_in, int) else None
    size_out = dtypes.itemsize(t_out) if isinstance(t_out, int) else None
    if size_in is None or size_out is None:
        raise ctx.error(f"cannot bitcast {dtypes.name(t_in or 0)} to {dtypes.name(t_out or 0)}")
    val = ctx.in_value(0)
    if val is not None:
        res = fold.bitcast(val, dtypes.numpy_type(t_out))
        if res is not None:
            ctx.set_value(0, res)
    if size_in == size_out or s is None:
        return [s]
    if size_in > size_out:
        return [s + (size_in // size_out,)]
    ratio = size_out // size_in
    if not s or (s[-1] is not None and s[-1] != ratio):
        raise ctx.error(f"input shape {list(s)} cannot bitcast {dtypes.name(t_in)} to "
                        f"{dtypes.name(t_out)}: the last dim must be {ratio}")
    return [s[:-1]]


@shape_fn("Cast")
def cast(ctx):
    s = ctx.in_shape(0)
    part = ctx.in_partial(0)
    if part is not None:
        t = np_type(ctx, "DstT")
        val = ctx.in_value(0)
        if val is not None and t is not None:
            with np.errstate(all="ignore"):
                ctx.set_value(0, val.astype(t))
        elif val is None and t is not None and np.issubdtype(t, np.integer):
            ctx.set_partial(0, plain(part))  # a shape cast between int32 and int64
    return [s]


@shape_fn("Range")
def range_(ctx):
    vals = [ctx.in_value(i) for i in range(3)]
    for i, what in enumerate(("start", "limit", "delta")):
        check_rank(ctx.in_shape(i), 0, what)
    if any(v is None for v in vals):
        return [(None,)]
    start, limit, delta = (v.reshape(-1)[0].item() for v in vals)
    if delta == 0:
        raise ShapeError("Range has delta 0")
    if (delta > 0 and start > limit) or (delta < 0 and start < limit):
        raise ShapeError(f"Range from {start} to {limit} by {delta} goes the wrong way")
    if all(isinstance(v, int) for v in (start, limit, delta)):
        n = len(range(start, limit, delta))
    else:
        n = int(np.ceil(abs((limit - start) / delta)))
    if n <= TINY:
        ctx.set_value(0, np.arange(start, limit, delta, dtype=np_type(ctx, "Tidx") or None))
    return [(n,)]


@shape_fn("Fill")
def fill(ctx):
    out = ctx.in_shape_tensor(0)
    check_rank(ctx.in_shape(1), 0, "value")
    val = ctx.in_value(1)
    if val is not None and small(out):
        ctx.set_value(0, np.full(out, val.reshape(-1)[0], dtype=val.dtype))
    return [out]


@shape_fn("ZerosLike", "OnesLike")
def zeros_like(ctx):
    s = ctx.in_shape(0)
    val = ctx.in_value(0)
    if val is not None:
        ctx.set_value(0, (np.zeros_like if ctx.node.op == "ZerosLike" else np.ones_like)(val))
    return [s]


@shape_fn("BroadcastArgs")
def broadcast_args(ctx):
    a, b = ctx.in_value(0), ctx.in_value(1)
    check_rank(ctx.in_shape(0), 1, "s0")
    check_rank(ctx.in_shape(1), 1, "s1")
    if a is not None and b is not None:
        out = broadcast(tuple(int(v) for v in a), tuple(int(v) for v in b))
        ctx.set_value(0, np.array(out, dtype=a.dtype))
        return [(len(out),)]
    la, lb = ((s[0] if s else None) for s in (ctx.in_shape(0), ctx.in_shape(1)))
    return [((max(la, lb) if la is not None and lb is not None else None),)]


def gradient_reduction_axes(sa, sb):
    """BroadcastGradientArgs: the axes each of two known shapes was broadcast along (TF's BCast:
    none at all for two equal shapes, else every axis where the padded shapes hold 1)."""
    if list(sa) == list(sb):
        return [], []
    rank = max(len(sa), len(sb))
    pa = (1,) * (rank - len(sa)) + tuple(sa)
    pb = (1,) * (rank - len(sb)) + tuple(sb)
    ra, rb = [], []
    for i, (x, y) in enumerate(zip(pa, pb)):
        if x == y:
            if x == 1:
                ra.append(i)
                rb.append(i)
            continue
        if x == 1:
            ra.append(i)
        elif y == 1:
            rb.append(i)
        else:
            raise ShapeError(f"shapes {fmt(sa)} and {fmt(sb)} do not broadcast")
    return ra, rb


@shape_fn("BroadcastGradientArgs")
def broadcast_gradient_args(ctx):
    check_rank(ctx.in_shape(0), 1, "s0")
    check_rank(ctx.in_shape(1), 1, "s1")
    a, b = ctx.in_value(0), ctx.in_value(1)
    if a is None or b is None:
        return [(None,), (None,)]
    ra, rb = gradient_reduction_axes([int(v) for v in a], [int(v) for v in b])
    ctx.set_value(0, np.array(ra, dtype=a.dtype))
    ctx.set_value(1, np.array(rb, dtype=a.dtype))
    # TF 2.21's shape function leaves the lengths unknown even when the values fold
    return [(None,), (None,)]


@shape_fn("DynamicStitch", "ParallelDynamicStitch")
def dynamic_stitch(ctx):
    n = ctx.attr("N", ctx.n_inputs // 2)
    if ctx.n_inputs != 2 * n:
        raise ShapeError(f"has {ctx.n_inputs} inputs, expected 2·N = {2 * n}")
    idx_vals = [ctx.in_value(i) for i in range(n)]
    data_parts = [ctx.in_value(n + i) for i in range(n)]
    # the data's element shape: data[i].shape = indices[i].shape + element shape
    elem = None
    for i in range(n):
        si, sd = ctx.in_shape(i), ctx.in_shape(n + i)
        if si is not None and sd is not None:
            if len(sd) < len(si):
                raise ShapeError(f"data {i} {fmt(sd)} has a lower rank than indices {fmt(si)}")
            elem = tuple(sd[len(si):]) if elem is None else elem
    if any(v is None for v in idx_vals):
        return [None if elem is None else (None,) + elem]
    size = 1 + max((int(v.max()) for v in idx_vals if v.size), default=-1)
    if elem is not None and all(p is not None for p in data_parts) and size <= TINY:
        filled = np.zeros(size, dtype=bool)
        out = np.zeros((size,) + elem, dtype=data_parts[0].dtype)
        for idx, data in zip(idx_vals, data_parts):
            flat_idx = idx.reshape(-1)
            flat_data = data.reshape((flat_idx.size,) + elem)
            for k, j in enumerate(flat_idx):
                out[int(j)] = flat_data[k]
                filled[int(j)] = True
        if filled.all():
            ctx.set_value(0, out)
    return [None if elem is None else (size,) + elem]


@shape_fn("ConcatOffset")
def concat_offset(ctx):
    n = ctx.n_inputs - 1
    shapes = [ctx.in_shape(1 + i) for i in range(n)]
    axis, vals = ctx.in_value(0), [ctx.in_value(1 + i) for i in range(n)]
    if axis is not None and all(v is not None for v in vals):
        ax = int(axis.reshape(-1)[0])
        rank = vals[0].size
        ax = ax + rank if ax < 0 else ax
        off = 0
        for i, v in enumerate(vals):
            o = np.zeros_like(v)
            o[ax] = off
            off += int(v[ax])
            ctx.set_value(i, o)
    return shapes  # TF: each output is its shape input's shape (an unknown rank stays)


@shape_fn("InvertPermutation")
def invert_permutation(ctx):
    check_rank(ctx.in_shape(0), 1, "x")
    val = ctx.in_value(0)
    if val is not None:
        if sorted(val.tolist()) != list(range(val.size)):
            raise ShapeError(f"{val.tolist()} is not a permutation")
        ctx.set_value(0, np.argsort(val).astype(val.dtype))
    x = ctx.in_shape(0)
    return [x if x is not None else (None,)]  # TF: WithRank 1


# unary arithmetic worth evaluating on known shape values
_UNARY_VALUE = {"Neg": np.negative, "Abs": np.abs, "Square": np.square, "Sign": np.sign,
                "LogicalNot": np.logical_not, "Floor": np.floor, "Ceil": np.ceil,
                "Round": np.round, "Rint": np.rint, "Sqrt": np.sqrt, "Exp": np.exp,
                "Log": np.log, "Reciprocal": np.reciprocal, "Inv": np.reciprocal,
                "Rsqrt": lambda v: np.reciprocal(np.sqrt(v)), "IsFinite": np.isfinite,
                "IsNan": np.isnan, "IsInf": np.isinf, "Relu": lambda v: np.maximum(v, 0)}


def unary_value(ctx):
    fn = _UNARY_VALUE.get(ctx.node.op)
    val = ctx.in_value(0)
    if fn is None or val is None or val.dtype == object:
        return
    with np.errstate(all="ignore"):
        try:
            res = fn(val)
        except (TypeError, ValueError):
            return
    ctx.set_value(0, np.asarray(res))
