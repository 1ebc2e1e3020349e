"""Shape functions of set and string ops found in serving graphs: tf.sets (dense and sparse set
operations, SetSize), EditDistance, ReduceJoin, UnicodeEncode and UnsortedSegmentJoin (TF 2.21's
set_ops.cc, array_ops.cc and string_ops.cc), written from TF's rules.
"""

from __future__ import annotations

from ..errors import ShapeError
from .reductions import reduce_shape
from .registry import shape_fn
from .util import check_rank, dim_of, fmt, unify, unify_dim

# --- sets, strings -----------------------------------------------------------------------------

def _set_outputs(rank):
    return [(None, rank), (None,), (rank,)]


@shape_fn("DenseToDenseSetOperation")
def dense_to_dense_set(ctx):
    a, b = ctx.in_shape(0), ctx.in_shape(1)
    for s, what in ((a, "set1"), (b, "set2")):
        if s is not None and len(s) < 2:
            raise ShapeError(f"{what} {fmt(s)} must have rank at least 2")
    if a is None or b is None:  # TF takes the rank from whichever is known
        known = a if a is not None else b
        return _set_outputs(None if known is None else len(known))
    unify(a[:-1], b[:-1], "set1 and set2 (all but the last dim)")
    return _set_outputs(len(a))


@shape_fn("DenseToSparseSetOperation")
def dense_to_sparse_set(ctx):
    a = ctx.in_shape(0)
    if a is not None and len(a) < 2:
        raise ShapeError(f"set1 {fmt(a)} must have rank at least 2")
    if a is None:  # TF: the rank from set2_shape's length
        s = ctx.in_shape(3)
        return _set_outputs(s[0] if s is not None and len(s) == 1 else None)
    return _set_outputs(len(a))


@shape_fn("SparseToSparseSetOperation")
def sparse_to_sparse_set(ctx):
    """The rank is the length of set1_shape and set2_shape (merged)."""
    a, b = ctx.in_shape(2), ctx.in_shape(5)
    check_rank(a, 1, "set1_shape")
    check_rank(b, 1, "set2_shape")
    return _set_outputs(unify_dim(dim_of(a, 0), dim_of(b, 0), "set1_shape and set2_shape differ"))


@shape_fn("SetSize")
def set_size(ctx):
    return [None]


@shape_fn("EditDistance")
def edit_distance(ctx):
    """max(hypothesis_shape, truth_shape) without the last dim; unknown rank unless both dense
    shapes are constants."""
    h, t = ctx.in_value(2), ctx.in_value(5)
    if h is None or t is None:
        return [None]
    if h.size != t.size:
        raise ShapeError(f"hypothesis_shape {h.size} and truth_shape {t.size} differ in rank")
    return [tuple(max(int(a), int(b)) for a, b in zip(h.reshape(-1)[:-1], t.reshape(-1)[:-1]))]


@shape_fn("ReduceJoin")
def reduce_join(ctx):
    v = ctx.in_value(1)
    axes = None if v is None else [int(a) for a in v.reshape(-1)]
    return [reduce_shape(ctx.in_shape(0), axes, bool(ctx.attr("keep_dims", False)))]


@shape_fn("UnicodeEncode")
def unicode_encode(ctx):
    check_rank(ctx.in_shape(0), 1, "input_values")
    s = ctx.in_shape(1)
    check_rank(s, 1, "input_splits")
    n = dim_of(s, 0)
    return [(None if n is None else n - 1,)]


@shape_fn("UnsortedSegmentJoin")
def unsorted_segment_join(ctx):
    x, ids = ctx.in_shape(0), ctx.in_shape(1)
    n = ctx.in_value(2)
    if x is None or ids is None:
        return [None]
    if len(ids) > len(x):
        raise ShapeError(f"segment_ids {fmt(ids)} has a higher rank than inputs {fmt(x)}")
    unify(x[:len(ids)], ids, "inputs and segment_ids")
    return [(None if n is None else int(n),) + tuple(x[len(ids):])]
