"""Shape functions of region proposals, sparse feature crosses and counts (TF 2.21's
image_ops.cc, sparse_ops.cc, ragged_array_ops.cc, math_ops.cc, count_ops.cc).

A sparse output is indices [?, rank], values [?] and dense shape [rank]; the crosses are always
rank 2 (batch, crossed feature), a count keeps its input's rank (a ragged input's values' rank
+ 1). SparseBincount knows its [rows, size] only from constant size and dense shape;
RaggedBincount's output is of unknown rank in TF 2.21 whatever its inputs.
"""

from __future__ import annotations

from ..errors import ShapeError
from .consteval import int_value, int_vector
from .registry import shape_fn
from .util import check_rank, count_attr, unify_dim


def _dim(s, i):
    return None if s is None or len(s) <= i else s[i]


def _sparse(rank):
    return [(None, rank), (None,), (rank,)]


@shape_fn("GenerateBoundingBoxProposals")
def generate_bounding_box_proposals(ctx):
    """rois [N, post_nms_topn, 4] and their probabilities [N, post_nms_topn]."""
    scores = ctx.in_shape(0)
    for i, (rank, what) in enumerate(((4, "scores"), (4, "bbox_deltas"), (2, "image_info"),
                                      (3, "anchors"), (0, "nms_threshold"), (0, "pre_nms_topn"),
                                      (0, "min_size"))):
        check_rank(ctx.in_shape(i), rank, what)
    info = _dim(ctx.in_shape(2), 1)
    if info is not None and info != 5:
        raise ShapeError(f"image_info has {info} columns, expected 5")
    post = int(ctx.attr("post_nms_topn", 300))
    n = _dim(scores, 0)
    return [(n, post, 4), (n, post)]


@shape_fn("NonMaxSuppressionWithOverlaps")
def nms_with_overlaps(ctx):
    o, s = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(o, 2, "overlaps")
    check_rank(s, 1, "scores")
    for i, what in ((2, "max_output_size"), (3, "overlap_threshold"), (4, "score_threshold")):
        check_rank(ctx.in_shape(i), 0, what)
    unify_dim(_dim(o, 0), _dim(s, 0), "overlaps and scores rows")
    unify_dim(_dim(o, 0), _dim(o, 1), "overlaps is not square")
    return [(None,)]


@shape_fn("SparseCross", "SparseCrossHashed", "SparseCrossV2")
def sparse_cross(ctx):
    return _sparse(2)


@shape_fn("RaggedCross")
def ragged_cross(ctx):
    """Values [?] and row splits [batch + 1], batch from the ragged inputs' splits or the rank-2
    dense inputs' first dim."""
    n_ragged = count_attr(ctx, "ragged_values_types")
    n_sparse = count_attr(ctx, "Nsparse")
    splits = None
    for i in range(n_ragged):
        s = ctx.in_shape(n_ragged + i)
        check_rank(s, 1, "ragged_row_splits")
        if s is not None:
            splits = unify_dim(splits, s[0], "inputs' batch sizes")
    for i in range(count_attr(ctx, "dense_types")):
        d = ctx.in_shape(2 * n_ragged + 3 * n_sparse + i)
        if d is None:
            continue
        check_rank(d, 2, "dense input (tf.ragged.cross)")
        if d[0] is not None:
            splits = unify_dim(splits, d[0] + 1, "inputs' batch sizes")
    return [(None,), (splits,)]


@shape_fn("SparseSplit")
def sparse_split(ctx):
    n = count_attr(ctx, "num_split")
    shape = ctx.in_shape(3)
    check_rank(shape, 1, "shape")
    rank = _dim(shape, 0)
    # TF: each output shape is the shape input's own shape (an unknown rank stays unknown)
    return [(None, rank)] * n + [(None,)] * n + [shape] * n


@shape_fn("DeserializeSparse")
def deserialize_sparse(ctx):
    """The rank comes from the serialized values: unknown (TF 2.21 knows only the ranks)."""
    s = ctx.in_shape(0)
    if s is not None and (not s or s[-1] not in (None, 3)):
        raise ShapeError(f"serialized_sparse must end in a dim of 3, got {s}")
    return [(None, None), (None,), (None,)]


@shape_fn("SparseBincount")
def sparse_bincount(ctx):
    size = int_value(ctx, 3, "size")
    if size is None:
        return [None]
    if size < 0:
        raise ShapeError(f"size ({size}) must be non-negative")
    shape = int_vector(ctx, 2, "dense_shape")
    if shape is None:
        return [None]
    if len(shape) == 1:
        return [(size,)]
    if len(shape) == 2:
        return [(shape[0], size)]
    raise ShapeError(f"input has rank {len(shape)}, expected at most 2")


@shape_fn("RaggedBincount")
def ragged_bincount(ctx):
    return [None]


def _count_outputs(rank):
    return [(None, rank), (None,), (rank,)]


@shape_fn("DenseCountSparseOutput")
def dense_count_sparse_output(ctx):
    v = ctx.in_shape(0)
    return _count_outputs(None if v is None else len(v))


@shape_fn("SparseCountSparseOutput")
def sparse_count_sparse_output(ctx):
    return _count_outputs(_dim(ctx.in_shape(2), 0))


@shape_fn("RaggedCountSparseOutput")
def ragged_count_sparse_output(ctx):
    v = ctx.in_shape(1)
    return _count_outputs(None if v is None else len(v) + 1)


@shape_fn("RaggedFillEmptyRows")
def ragged_fill_empty_rows(ctx):
    rowids, values = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(rowids, 1, "value_rowids")
    check_rank(values, 1, "values")
    check_rank(ctx.in_shape(2), 0, "nrows")
    check_rank(ctx.in_shape(3), 0, "default_value")
    n = unify_dim(_dim(rowids, 0), _dim(values, 0), "value_rowids and values")
    return [(None,), (None,), (None,), (n,)]


@shape_fn("RaggedFillEmptyRowsGrad")
def ragged_fill_empty_rows_grad(ctx):
    r = ctx.in_shape(0)
    check_rank(r, 1, "reverse_index_map")
    check_rank(ctx.in_shape(1), 1, "grad_values")
    return [r if r is not None else (None,), ()]  # TF: WithRank 1
