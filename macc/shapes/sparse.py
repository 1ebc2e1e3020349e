"""Shape functions of sparse ops (TF's sparse_ops and the sparse segment reductions).

A SparseTensor travels as three tensors: indices [nnz, rank], values [nnz] and its dense shape
[rank]. nnz is a runtime value: an op whose output keeps its input's entries (SparseReorder,
SparseReshape, SparseSoftmax, the sparse-dense elementwise ops) keeps the input's nnz dim; one
that selects or merges entries (SparseSlice, SparseAdd, SparseFillEmptyRows) leaves it unknown,
as TensorFlow 2.21's shape functions do. Dense outputs are sized from constant dense-shape
inputs when TF reads them (SparseTensorDenseMatMul, SparseReduceSum, SparseFillEmptyRows).
"""

from __future__ import annotations

import numpy as np

from ..errors import ShapeError
from .consteval import TINY, dims_product
from .registry import shape_fn
from .util import check_rank, dim_of, fmt, ranked_input, unify, unify_dim


def _rank_dim(ctx, i, what):
    """The length of a 1-D dense-shape input: the sparse tensor's rank (None when unknown)."""
    return dim_of(ranked_input(ctx, i, 1, what), 0)


# --- sparse segment reductions (tf.nn.embedding_lookup_sparse) ----------------------------------

def _segment_rows(ctx):
    data = ctx.in_shape(0)
    if data is not None and len(data) < 1:
        raise ShapeError("data is a scalar, expected rank at least 1")
    idx = ranked_input(ctx, 1, 1, "indices")
    seg = ranked_input(ctx, 2, 1, "segment_ids")
    unify(idx, seg, "indices and segment_ids")
    return None if data is None else tuple(data[1:])


@shape_fn("SparseSegmentSum", "SparseSegmentMean", "SparseSegmentSqrtN")
def sparse_segment(ctx):
    rows = _segment_rows(ctx)
    return [None if rows is None else (None,) + rows]


@shape_fn("SparseSegmentSumWithNumSegments", "SparseSegmentMeanWithNumSegments",
          "SparseSegmentSqrtNWithNumSegments")
def sparse_segment_n(ctx):
    rows = _segment_rows(ctx)
    check_rank(ctx.in_shape(3), 0, "num_segments")
    n = _scalar_dim(ctx, 3, "num_segments")
    return [None if rows is None else (n,) + rows]


def _scalar_dim(ctx, i, what):
    """TF's MakeDimForScalarInput: a known (possibly partially evaluated) scalar, else None."""
    part = ctx.in_partial(i)
    if part is None or part.size != 1:
        return None
    v = part.reshape(-1)[0]
    if v is None:
        return None
    if v < 0:
        raise ShapeError(f"{what} is {v}, expected a non-negative value")
    return int(v)


# --- sparse x dense ----------------------------------------------------------------------------

@shape_fn("SparseTensorDenseMatMul")
def sparse_dense_matmul(ctx):
    ranked_input(ctx, 0, 2, "a_indices")
    ranked_input(ctx, 1, 1, "a_values")
    a = ctx.in_shape_tensor(2)
    b = ctx.in_shape(3)
    if a is not None and len(a) < 2:
        raise ShapeError(f"a_shape {fmt(a)} has rank {len(a)}, expected at least 2")
    if b is not None and len(b) < 2:
        raise ShapeError(f"b {fmt(b)} has rank {len(b)}, expected at least 2")
    # TF's output is a matrix whatever is unknown: rows from a_shape, columns from b
    a = a if a is not None else (None, None)
    b = b if b is not None else (None, None)
    pre = unify(tuple(a[:-2]), tuple(b[:-2]), "batch dims of a_shape and b")
    adj_a, adj_b = bool(ctx.attr("adjoint_a", False)), bool(ctx.attr("adjoint_b", False))
    rows, inner_a = (a[-1], a[-2]) if adj_a else (a[-2], a[-1])
    inner_b, cols = (b[-1], b[-2]) if adj_b else (b[-2], b[-1])
    unify_dim(inner_a, inner_b, "inner dims of a and b differ")
    return [tuple(pre) + (rows, cols)]


@shape_fn("SparseTensorDenseAdd")
def sparse_tensor_dense_add(ctx):
    return [ctx.in_shape(3)]


@shape_fn("SparseDenseCwiseMul", "SparseDenseCwiseDiv", "SparseDenseCwiseAdd")
def sparse_dense_cwise(ctx):
    return [(dim_of(ranked_input(ctx, 0, 2, "sp_indices"), 0),)]


@shape_fn("SparseSoftmax")
def sparse_softmax(ctx):
    ranked_input(ctx, 0, 2, "sp_indices")
    values = ranked_input(ctx, 1, 1, "sp_values")
    ranked_input(ctx, 2, 1, "sp_shape")
    return [values]


@shape_fn("SparseReduceSum", "SparseReduceMax")
def sparse_reduce(ctx):
    """TF's SparseReduceShapeFn: known only when the dense shape and the axes are constants."""
    shape, axes = ctx.in_value(2), ctx.in_value(3)
    if shape is None or axes is None:
        return [None]
    dims = [int(d) for d in shape.reshape(-1).tolist()]
    nd = len(dims)
    if nd == 0:
        raise ShapeError("input_shape is empty: a sparse tensor has rank at least 1")
    red = {(int(a) + nd) % nd for a in axes.reshape(-1).tolist()}
    if ctx.attr("keep_dims", False):
        return [tuple(1 if d in red else dims[d] for d in range(nd))]
    return [tuple(dims[d] for d in range(nd) if d not in red)]


@shape_fn("SparseReduceSumSparse", "SparseReduceMaxSparse")
def sparse_reduce_sparse(ctx):
    return [None, None, None]


# --- sparse -> sparse --------------------------------------------------------------------------

@shape_fn("SparseReorder")
def sparse_reorder(ctx):
    ind = ranked_input(ctx, 0, 2, "input_indices")
    val = ranked_input(ctx, 1, 1, "input_values")
    ranked_input(ctx, 2, 1, "input_shape")
    # TF's WithRank: an input of unknown rank comes out with the rank it must have
    return [ind or (None, None), val or (None,)]


@shape_fn("SparseReshape")
def sparse_reshape(ctx):
    ind = ranked_input(ctx, 0, 2, "input_indices")
    ranked_input(ctx, 1, 1, "input_shape")
    new = ranked_input(ctx, 2, 1, "new_shape")
    _fold_sparse_reshape(ctx)
    return [(dim_of(ind, 0), dim_of(new, 0)), new]


def _fold_sparse_reshape(ctx) -> None:
    """TF's import runs the kernel when all three inputs are constant (a bucketized feature
    column's indices come from range(batch)): the new indices and the new dense shape, its -1
    resolved. Nothing is folded when the sizes do not add up (the kernel would fail)."""
    ind, old, new = ctx.in_value(0), ctx.in_value(1), ctx.in_value(2)
    if ind is None or old is None or new is None or ind.size > TINY:
        return
    old = [int(d) for d in old.reshape(-1)]
    new = [int(d) for d in new.reshape(-1)]
    if ind.ndim != 2 or ind.shape[1] != len(old) or any(d < 0 for d in old) or new.count(-1) > 1:
        return
    total = 1
    for d in old:
        total *= d
    known = 1
    for d in new:
        if d != -1:
            if d < 0:
                return
            known *= d
    if -1 in new:
        if known == 0 or total % known:
            return
        new[new.index(-1)] = total // known
    elif known != total:
        return
    linear = np.zeros(ind.shape[0], dtype=np.int64)
    for axis, d in enumerate(old):
        linear = linear * d + ind[:, axis].astype(np.int64)
    out = np.zeros((ind.shape[0], len(new)), dtype=np.int64)
    for axis in range(len(new) - 1, -1, -1):
        d = new[axis]
        if d:
            out[:, axis] = linear % d
            linear = linear // d
    ctx.set_value(0, out)
    ctx.set_value(1, np.array(new, dtype=np.int64))


@shape_fn("SparseSlice")
def sparse_slice(ctx):
    shape = ctx.in_shape(2)
    rank = None if shape is None else dims_product(shape)
    vals = ctx.in_values()
    if len(vals) == 5 and all(v is not None and v.dtype != object for v in vals):
        # every input constant: TF's import runs the kernel, whose dense shape is the slice's
        # extent clipped to the input's: max(min(start + size, shape) - start, 0)
        dense, start, size = (v.astype(np.int64) for v in vals[2:])
        if dense.shape == start.shape == size.shape:
            ctx.set_value(2, np.maximum(np.minimum(start + size, dense) - start, 0))
    return [(None, rank), (None,), shape]


@shape_fn("SparseConcat")
def sparse_concat(ctx):
    n = ctx.attr("N")
    if not isinstance(n, int) or n < 2 or ctx.n_inputs != 3 * n:
        raise ShapeError(f"SparseConcat needs N >= 2 and 3·N inputs, got N={n!r} and "
                         f"{ctx.n_inputs} inputs")
    rows, cols, out_shape = 0, None, None
    for i in range(n):
        ind = ranked_input(ctx, i, 2, f"indices {i}")
        val = ranked_input(ctx, n + i, 1, f"values {i}")
        shp = ranked_input(ctx, 2 * n + i, 1, f"shapes {i}")
        nnz = unify_dim(dim_of(ind, 0), dim_of(val, 0), f"input {i}: indices and values rows differ")
        rows = None if rows is None or nnz is None else rows + nnz
        cols = unify_dim(cols, dim_of(ind, 1), "indices columns differ")
        out_shape = unify(out_shape, shp, "shapes")
    return [(rows, cols), (rows,), out_shape]


@shape_fn("SparseAdd")
def sparse_add(ctx):
    a_shape = ranked_input(ctx, 2, 1, "a_shape")
    return [(None, dim_of(a_shape, 0)), (None,), a_shape]


@shape_fn("SparseSparseMaximum", "SparseSparseMinimum")
def sparse_sparse_min_max(ctx):
    for i, (rank, what) in enumerate([(2, "a_indices"), (1, "a_values"), (1, "a_shape"),
                                      (2, "b_indices"), (1, "b_values"), (1, "b_shape")]):
        ranked_input(ctx, i, rank, what)
    return [(None, None), (None,)]


@shape_fn("SparseFillEmptyRows")
def sparse_fill_empty_rows(ctx):
    ind = ranked_input(ctx, 0, 2, "indices")
    val = ranked_input(ctx, 1, 1, "values")
    shape = ranked_input(ctx, 2, 1, "dense_shape")
    check_rank(ctx.in_shape(3), 0, "default_value")
    nnz = unify_dim(dim_of(ind, 0), dim_of(val, 0), "indices and values rows differ")
    unify_dim(dim_of(ind, 1), dim_of(shape, 0), "indices columns and dense_shape length differ")
    dense = ctx.in_shape_tensor(2)
    rows = None if not dense else dense[0]
    return [(None, dim_of(shape, 0)), (None,), (rows,), (nnz,)]


@shape_fn("SerializeSparse", "SerializeManySparse")
def serialize_sparse(ctx):
    for i, (rank, what) in enumerate([(2, "sparse_indices"), (1, "sparse_values"),
                                      (1, "sparse_shape")]):
        ranked_input(ctx, i, rank, what)
    return [(3,)] if ctx.node.op == "SerializeSparse" else [(None, 3)]


@shape_fn("DeserializeManySparse")
def deserialize_many_sparse(ctx):
    s = ranked_input(ctx, 0, 2, "serialized_sparse")
    unify_dim(dim_of(s, 1), 3, "serialized_sparse must have 3 columns")
    return [(None, None), (None,), (None,)]
