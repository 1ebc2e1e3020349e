"""Shape functions that rearrange tensors: Reshape, Transpose, Concat, Pack/Unpack, Split,
Squeeze, ExpandDims (Tile, Pad, Reverse and BroadcastTo are in :mod:`.pad_tile`). Known values
are carried along; Pack and Concat also carry partially known shape vectors (as TensorFlow's
partial shapes do)."""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from . import fold
from .consteval import (
    ShapeDim,
    int_value,
    int_vector,
    norm_axis,
    output_count,
    partial_or_unknown,
)
from .registry import shape_fn
from .util import check_rank, fmt, unify, unknown


def _num_elements(s):
    """TF's InferenceContext::NumElements: a zero dim makes it 0 even beside unknown dims."""
    n, unknown_ = 1, False
    for d in s:
        if d is None:
            unknown_ = True
        elif d == 0:
            return 0
        else:
            n *= d
    return None if unknown_ else n


def _one_unknown(s):
    """(product of the known dims, index of the one unknown dim or -1, more than one unknown)."""
    known, idx = _num_elements(s), -1
    if known is not None:
        return known, -1, False
    known = 1
    for i, d in enumerate(s):
        if d is None:
            if idx >= 0:
                return known, idx, True
            idx = i
        else:
            known *= d
    return known, idx, False


def reshape_shape(x, target):
    """TF's Reshape shape rule (SetOutputShapeForReshape); ``target`` has None for -1 or
    unknown entries."""
    if target is None:
        return None
    target = list(target)
    if x is None:
        return tuple(target)
    known_out, out_idx, many_out = _one_unknown(target)
    known_in, in_idx, many_in = _one_unknown(x)
    if many_out or many_in:
        return tuple(target)
    if in_idx < 0 and out_idx < 0:
        if known_in != known_out:
            raise ShapeError(f"cannot reshape {fmt(x)} ({known_in} elements) to {fmt(target)}")
    elif in_idx < 0 and known_out > 0:
        if known_in % known_out:
            raise ShapeError(f"cannot reshape {fmt(x)} ({known_in} elements) to {fmt(target)}")
        target[out_idx] = known_in // known_out
    elif in_idx >= 0 and out_idx < 0 and known_in:
        if known_out % known_in:
            raise ShapeError(f"cannot reshape {fmt(x)} (a multiple of {known_in} elements) to "
                             f"{fmt(target)} ({known_out} elements)")
    elif in_idx >= 0 and out_idx >= 0 and known_in == known_out:
        target[out_idx] = x[in_idx]  # the one unknown dim moves across unchanged
    return tuple(target)


@shape_fn("Reshape")
def reshape(ctx):
    x = ctx.in_shape(0)
    s = ctx.in_shape(1)
    if s is not None and len(s) > 1:
        raise ShapeError(f"shape input has rank {len(s)}, expected 1")
    part = ctx.in_partial(1)
    if part is not None and part.ndim == 1:
        vals = part.tolist()
        if sum(v == -1 for v in vals) > 1:
            raise ShapeError(f"shape {vals} has more than one -1")
        if any(v is not None and v < -1 for v in vals):
            raise ShapeError(f"shape {vals} has a negative dim")
    target = ctx.in_shape_tensor(1)
    out = reshape_shape(x, target)
    val, tv = ctx.in_value(0), ctx.in_value(1)
    if val is not None and tv is not None and tv.ndim == 1:
        try:  # by the target's value: a Where's value has dims its shape leaves unknown
            ctx.set_value(0, val.reshape([int(v) for v in tv]))
        except ValueError:
            pass  # TF's kernel fails too: no value
    elif val is not None and out is not None and all(d is not None for d in out):
        ctx.set_value(0, val.reshape(out))
    return [out]


@shape_fn("Transpose", "ConjugateTranspose")
def transpose(ctx):
    x = ctx.in_shape(0)
    check_rank(ctx.in_shape(1), 1, "perm")
    perm = int_vector(ctx, 1, "perm")
    if perm is None:
        ps = ctx.in_shape(1)
        rank = len(x) if x is not None else (ps[0] if ps is not None else None)
        return [unknown(rank)]
    rank = len(perm)
    if x is not None and len(x) != rank:
        raise ShapeError(f"perm {perm} has {rank} entries, the input {fmt(x)} has rank {len(x)}")
    norm = [p + rank if p < 0 else p for p in perm]
    if sorted(norm) != list(range(rank)):
        raise ShapeError(f"perm {perm} is not a permutation of 0..{rank - 1}")
    val = ctx.in_value(0)
    if val is not None:
        ctx.set_value(0, np.transpose(val, norm))
    if x is None:
        return [unknown(rank)]
    return [tuple(x[p] for p in norm)]


def concat_shapes(shapes, axis):
    """Concatenate shapes along ``axis`` (None when unknown); other dims must agree."""
    rank = next((len(s) for s in shapes if s is not None), None)
    if rank is None:
        return None
    if axis is None:
        for s in shapes:
            if s is not None and len(s) != rank:
                raise ShapeError(f"inputs have different ranks: {fmt(s)} vs rank {rank}")
        return unknown(rank)
    ax = norm_axis(axis, rank, "concat axis")
    out = None
    total = 0
    for s in shapes:
        if s is None:
            total = None
            continue
        if len(s) != rank:
            raise ShapeError(f"inputs have different ranks: {fmt(s)} vs rank {rank}")
        rest = s[:ax] + (None,) + s[ax + 1:]
        out = unify(out, rest, "concatenated inputs (off the axis)")
        total = None if total is None or s[ax] is None else total + s[ax]
    out = list(out)
    out[ax] = total
    return tuple(out)


def _concat(ctx, values, axis_i):
    shapes = [ctx.in_shape(i) for i in values]
    check_rank(ctx.in_shape(axis_i), 0, "axis")
    axis = int_value(ctx, axis_i, "axis")
    out = concat_shapes(shapes, axis)
    if out is None or axis is None:
        return [out]
    vals = [ctx.in_value(i) for i in values]
    if all(v is not None for v in vals):
        ctx.set_value(0, np.concatenate(vals, axis=axis))
    elif len(out) == 1:  # shape vectors: concatenate what is known of each
        parts = [partial_or_unknown(ctx, i) for i in values]
        if all(p is not None for p in parts):
            ctx.set_partial(0, np.concatenate(parts))
    return [out]


@shape_fn("ConcatV2")
def concat_v2(ctx):
    if ctx.n_inputs < 2:
        raise ShapeError(f"has {ctx.n_inputs} inputs, needs values and an axis")
    return _concat(ctx, range(ctx.n_inputs - 1), ctx.n_inputs - 1)


@shape_fn("Concat")
def concat_v1(ctx):
    if ctx.n_inputs < 2:
        raise ShapeError(f"has {ctx.n_inputs} inputs, needs an axis and values")
    return _concat(ctx, range(1, ctx.n_inputs), 0)


@shape_fn("Pack")
def pack(ctx):
    n = ctx.n_inputs
    elem = None
    for i in range(n):
        elem = unify(elem, ctx.in_shape(i), "packed inputs")
    axis = int(ctx.attr("axis", 0) or 0)
    if elem is None:
        return [None]
    ax = norm_axis(axis, len(elem) + 1, "pack axis")
    out = elem[:ax] + (n,) + elem[ax:]
    vals = [ctx.in_value(i) for i in range(n)]
    if n and all(v is not None for v in vals):
        ctx.set_value(0, np.stack(vals, axis=ax))
    elif n and elem == ():  # scalars packed into a shape vector: keep the known ones
        parts = [partial_or_unknown(ctx, i) for i in range(n)]
        if all(p is not None for p in parts):
            ctx.set_partial(0, np.stack(parts))
    return [out]


@shape_fn("Unpack")
def unpack(ctx):
    x = ctx.in_shape(0)
    num = ctx.attr("num")
    num = None if num is None else output_count(num, "num")
    axis = int(ctx.attr("axis", 0) or 0)
    if x is None:
        return [None] * (num or 0)
    ax = norm_axis(axis, len(x), "unpack axis")
    if num is None:
        if x[ax] is None:
            raise ShapeError("Unpack has no 'num' attr and the axis dim is unknown")
        num = output_count(x[ax], "num")
    if x[ax] is not None and x[ax] != num:
        raise ShapeError(f"num {num} differs from dim {ax} of {fmt(x)}")
    val = ctx.in_value(0)
    if val is not None:
        for i in range(num):
            ctx.set_value(i, np.take(val, i, axis=ax))
    elif ax == 0 and len(x) == 1:  # Unpack(Shape(x)): its known dims are constants (ShapeDim)
        part = ctx.in_partial(0)
        for i, d in enumerate(part.tolist() if part is not None else ()):
            if type(d) is ShapeDim:
                ctx.set_value(i, np.array(int(d), dtype=np.int32))
    return [x[:ax] + x[ax + 1:]] * num


@shape_fn("Split")
def split(ctx):
    n = output_count(ctx.attr("num_split", 1), "num_split")
    x = ctx.in_shape(1)
    axis = int_value(ctx, 0, "split axis")
    if x is None:
        return [None] * n
    if axis is None:
        return [unknown(len(x))] * n
    ax = norm_axis(axis, len(x), "split axis")
    d = x[ax]
    if d is not None and d % n:
        raise ShapeError(f"dim {ax} of {fmt(x)} ({d}) does not split into {n} equal parts")
    _set_parts(ctx, fold.split, ctx.in_value(1), ax, n)
    return [x[:ax] + (None if d is None else d // n,) + x[ax + 1:]] * n


def _set_parts(ctx, fn, val, *args):
    """Each output port its part of a known value (TF's import evaluates a Split of a Shape)."""
    if val is None:
        return
    parts = fn(val, *args)
    for i, part in enumerate(parts or ()):
        ctx.set_value(i, part)


@shape_fn("SplitV")
def split_v(ctx):
    n = output_count(ctx.attr("num_split", 1), "num_split")
    x = ctx.in_shape(0)
    sizes = int_vector(ctx, 1, "size_splits")
    axis = int_value(ctx, 2, "split axis")
    if x is None:
        return [None] * n
    if axis is None:
        return [unknown(len(x))] * n
    ax = norm_axis(axis, len(x), "split axis")
    if sizes is None:
        return [x[:ax] + (None,) + x[ax + 1:]] * n
    if len(sizes) != n:
        raise ShapeError(f"size_splits has {len(sizes)} entries, num_split is {n}")
    d = x[ax]
    if sizes.count(-1) > 1:
        raise ShapeError(f"size_splits {sizes} has more than one -1")
    known = sum(s for s in sizes if s != -1)
    if d is not None:
        if -1 in sizes:
            if known > d:
                raise ShapeError(f"size_splits {sizes} add up to more than dim {ax} ({d})")
            sizes = [d - known if s == -1 else s for s in sizes]
        elif known != d:
            raise ShapeError(f"size_splits {sizes} add up to {known}, dim {ax} of {fmt(x)} is {d}")
    _set_parts(ctx, fold.split_v, ctx.in_value(0), sizes, ax)
    return [x[:ax] + (None if s == -1 else s,) + x[ax + 1:] for s in sizes]


@shape_fn("Squeeze")
def squeeze(ctx):
    x = ctx.in_shape(0)
    dims = ctx.attr("squeeze_dims")
    if dims is None:
        dims = ctx.attr("axis", [])
    if x is None:
        return [None]
    rank = len(x)
    dims = {norm_axis(int(d), rank, "squeeze dim") for d in dims or []}
    out = []
    for i, d in enumerate(x):
        if i in dims:
            if d is not None and d != 1:
                raise ShapeError(f"cannot squeeze dim {i} of {fmt(x)}: it is {d}, not 1")
            continue
        if not dims:
            if d is None:
                return [None]  # squeezing every 1: an unknown dim might be one
            if d == 1:
                continue
        out.append(d)
    val = ctx.in_value(0)
    if val is not None:  # squeezed by the value's own dims (a Where's value has more known)
        ctx.set_value(0, np.squeeze(val, axis=tuple(sorted(dims))) if dims else np.squeeze(val))
    return [tuple(out)]


@shape_fn("ExpandDims")
def expand_dims(ctx):
    x = ctx.in_shape(0)
    dim_val = ctx.in_value(1)
    if dim_val is not None and dim_val.size != 1:
        raise ShapeError(f"dim must hold a single value, got {dim_val.size}")
    if dim_val is None or x is None:
        return [None]
    d = int(dim_val.reshape(-1)[0])
    rank = len(x)
    if not -rank - 1 <= d <= rank:
        raise ShapeError(f"dim {d} is not in [{-rank - 1}, {rank}]")
    d = d + rank + 1 if d < 0 else d
    out = x[:d] + (1,) + x[d:]
    val = ctx.in_value(0)
    if val is not None:
        ctx.set_value(0, np.expand_dims(val, d))
    return [out]
