"""StridedSlice (every mask, negative strides) and Slice: output shapes and values.

The sparse spec ``begin/end/strides`` + masks is expanded against the input's rank the way
TensorFlow does: an ellipsis covers the dims no other entry names (an implicit one is appended),
``new_axis`` inserts a 1 without consuming a dim, ``shrink_axis`` takes one index and drops the
dim. Unknown input dims give unknown output dims (shrunk ones simply disappear). Values are
sliced with the equivalent numpy index. A slice of a partly known shape vector stays a partial
value (known to Reshape & co., not to arithmetic); picking one known dim of it gives a constant.
These are the limits of TensorFlow's own import-time evaluation.
"""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from .consteval import ShapeDim, int_vector, plain
from .registry import shape_fn
from .util import check_rank, fmt, unknown

ELLIPSIS, NEW_AXIS, SHRINK, SLICE = "ellipsis", "new", "shrink", "slice"


def _entries(n, masks):
    """Kinds of the sparse spec entries; an implicit trailing ellipsis when none is given."""
    begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask = masks
    kinds = []
    seen_ellipsis = False
    for i in range(n):
        bit = 1 << i
        if ellipsis_mask & bit:
            if seen_ellipsis:
                raise ShapeError("more than one ellipsis in the slice spec")
            seen_ellipsis = True
            kinds.append(ELLIPSIS)
        elif new_axis_mask & bit:
            kinds.append(NEW_AXIS)
        elif shrink_mask & bit:
            kinds.append(SHRINK)
        else:
            kinds.append(SLICE)
    return kinds, seen_ellipsis


def strided_slice_shape(in_shape, begin, end, strides, masks):
    """Output shape of a strided slice with known strides; None for unknown rank.

    With ``begin`` or ``end`` unknown (None) TF 2.21 still knows a dim whose begin and end are
    both masked (the whole dim) and drops shrunk dims; every other sliced dim is unknown."""
    n = len(strides)
    spec_known = begin is not None and end is not None
    if spec_known and (len(begin) != n or len(end) != n):
        raise ShapeError(f"begin, end and strides have lengths {n}, {len(end)}, {len(strides)}; "
                         "they must be equal")
    kinds, has_ellipsis = _entries(n, masks)
    begin_mask, end_mask = masks[0], masks[1]
    if in_shape is None:
        return None
    rank = len(in_shape)
    consuming = sum(k in (SHRINK, SLICE) for k in kinds)
    if consuming > rank:
        raise ShapeError(f"slice spec indexes {consuming} dims of a rank-{rank} input")
    if not has_ellipsis:
        kinds.append(ELLIPSIS)
    out = []
    dim = 0
    for i, kind in enumerate(kinds):
        if kind == ELLIPSIS:
            cover = rank - consuming
            out.extend(in_shape[dim:dim + cover])
            dim += cover
            continue
        if kind == NEW_AXIS:
            out.append(1)
            continue
        size = in_shape[dim]
        dim += 1
        s = strides[i]
        if s == 0:
            raise ShapeError(f"stride {i} is 0")
        if kind == SHRINK:
            if not spec_known:
                continue
            b = begin[i]
            if size is not None and not -size <= b < size:
                raise ShapeError(f"index {b} is out of bounds for dim {dim - 1} of size {size} "
                                 f"in {fmt(in_shape)}")
            continue
        if size is None:
            out.append(None)
            continue
        if not spec_known:
            whole = begin_mask & (1 << i) and end_mask & (1 << i)
            out.append(size if whole else None)
            continue
        b = None if begin_mask & (1 << i) else begin[i]
        e = None if end_mask & (1 << i) else end[i]
        start, stop, step = slice(b, e, s).indices(size)
        out.append(len(range(start, stop, step)))
    return tuple(out)


def numpy_index(begin, end, strides, masks):
    """The numpy index equivalent to a sparse slice spec."""
    begin_mask, end_mask, _, _, _ = masks
    kinds, _ = _entries(len(begin), masks)
    idx = []
    for i, kind in enumerate(kinds):
        if kind == ELLIPSIS:
            idx.append(Ellipsis)
        elif kind == NEW_AXIS:
            idx.append(np.newaxis)
        elif kind == SHRINK:
            idx.append(int(begin[i]))
        else:
            idx.append(slice(None if begin_mask & (1 << i) else int(begin[i]),
                             None if end_mask & (1 << i) else int(end[i]), int(strides[i])))
    return tuple(idx)


def _masks(ctx):
    return tuple(int(ctx.attr(k, 0) or 0) for k in
                 ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"))


@shape_fn("StridedSlice")
def strided_slice(ctx):
    x = ctx.in_shape(0)
    for i, what in ((1, "begin"), (2, "end"), (3, "strides")):
        check_rank(ctx.in_shape(i), 1, what)
    masks = _masks(ctx)
    begin, end, strides = (int_vector(ctx, i, w) for i, w in ((1, "begin"), (2, "end"),
                                                               (3, "strides")))
    if strides is None:
        return [None]
    lengths = [s[0] for s in map(ctx.in_shape, (1, 2, 3)) if s and s[0] is not None]
    n = lengths[0] if lengths else len(strides)
    if x is not None and n > len(x) + 64:  # past the 64 mask bits every entry consumes a dim
        raise ShapeError(f"slice spec has {n} entries for a rank-{len(x)} input")
    if any(m != n for m in lengths):
        raise ShapeError(f"begin, end and strides have lengths {', '.join(map(str, lengths))}; "
                         "they must be equal")
    out = strided_slice_shape(x, begin, end, strides, masks)
    if masks == (0, 0, 0, 0, 1) and begin is not None and len(begin) == 1 and ctx.in_const(1):
        # Shape(x)[i]: TF's constant evaluation folds one known dim straight off a Shape op
        # (ShapeDim) when the index comes straight from a Const node, whatever end and strides
        # are; the same index computed (Pack, Identity, Reshape of a constant...) stays partial
        part = ctx.in_partial(0)
        if part is not None and part.ndim == 1 and -len(part) <= begin[0] < len(part):
            dim = part[begin[0]]
            if type(dim) is ShapeDim:
                ctx.set_value(0, np.array(int(dim), dtype=np.int32))
                return [out]
    if out is None or begin is None or end is None:
        return [out]
    val = ctx.in_value(0)
    if val is not None:
        ctx.set_value(0, np.asarray(val[numpy_index(begin, end, strides, masks)]))
        return [out]
    part = ctx.in_partial(0)
    if part is not None and part.ndim == 1 and not (masks[2] or masks[3]):
        res = np.asarray(part[numpy_index(begin, end, strides, masks)], dtype=object)
        if res.ndim > 0:
            ctx.set_partial(0, plain(res))
    return [out]


@shape_fn("StridedSliceGrad")
def strided_slice_grad(ctx):
    return [ctx.in_shape_tensor(0)]


@shape_fn("StridedSliceAssign", "TensorStridedSliceUpdate")
def strided_slice_assign(ctx):
    return [ctx.in_shape(0)]


@shape_fn("ResourceStridedSliceAssign")
def resource_strided_slice_assign(ctx):
    return []


@shape_fn("Slice")
def slice_(ctx):
    x = ctx.in_shape(0)
    check_rank(ctx.in_shape(1), 1, "begin")
    check_rank(ctx.in_shape(2), 1, "size")
    begin, size = int_vector(ctx, 1, "begin"), int_vector(ctx, 2, "size")
    for vec, what in ((begin, "begin"), (size, "size")):
        if vec is not None and x is not None and len(vec) != len(x):
            raise ShapeError(f"{what} has {len(vec)} entries, the input {fmt(x)} has rank {len(x)}")
    if size is None:
        # a partly known size vector still gives its known entries (-1 stays unknown)
        partial = ctx.in_shape_tensor(2)
        if partial is not None:
            if x is not None and len(partial) != len(x):
                raise ShapeError(f"size has {len(partial)} entries, the input {fmt(x)} has rank "
                                 f"{len(x)}")
            return [partial]
        if x is None:  # the rank then comes from begin's or size's length (TF merges them)
            for i in (1, 2):
                s = ctx.in_shape(i)
                if s is not None and len(s) == 1 and s[0] is not None:
                    return [unknown(s[0])]
        return [unknown(len(x)) if x is not None else None]
    out = []
    # TF 2.21: a -1 size takes its dim less a begin known only in part (a Pack of a runtime
    # value and constants) where that entry is known
    part = ctx.in_partial(1) if begin is None else None
    for i, sz in enumerate(size):
        d = x[i] if x is not None else None
        b = begin[i] if begin is not None else None
        if b is None and part is not None and part.ndim == 1 and len(part) == len(size):
            b = None if part[i] is None else int(part[i])
        if sz == -1:
            out.append(d - b if d is not None and b is not None else None)
        elif sz < -1:
            raise ShapeError(f"size {sz} at dim {i} (must be -1 or at least 0)")
        else:  # TF's import leaves the bounds to the kernel
            out.append(sz)
        if out[-1] is not None and out[-1] < 0:
            raise ShapeError(f"begin {b} is past the end of dim {i} of size {d}")
    val = ctx.in_value(0)
    if val is not None and begin is not None and all(
            0 <= b and b + o <= d for b, o, d in zip(begin, out, val.shape)):
        ctx.set_value(0, val[tuple(slice(b, b + o) for b, o in zip(begin, out))])
    return [tuple(out)]
