"""Shape functions of string and ragged ops of text models (TF's string_ops and ragged_*_ops).

Splitting, n-grams and decoding produce data-dependent counts: their token dims are unknown,
the row-split vectors are [rows + 1] where TF knows the rows. RaggedTensorToTensor combines its
``shape`` input with the ragged rank and the values' inner dims, as TF 2.21 does.
"""

from __future__ import annotations

from ..errors import ShapeError
from .consteval import dims_product
from .registry import shape_fn
from .util import broadcast, check_rank, fmt, unify_dim


def _num_elements(shape):
    return None if shape is None else dims_product(shape)


def _plus1(d):
    return None if d is None else d + 1


@shape_fn("StringSplit", "StringSplitV2")
def string_split(ctx):
    check_rank(ctx.in_shape(0), 1, "input")
    check_rank(ctx.in_shape(1), 0, "delimiter" if ctx.node.op == "StringSplit" else "sep")
    return [(None, 2), (None,), (2,)]


@shape_fn("Substr")
def substr(ctx):
    pos, length = ctx.in_shape(1), ctx.in_shape(2)
    if pos is not None and length is not None:
        if len(pos) != len(length):
            raise ShapeError(f"pos {fmt(pos)} and len {fmt(length)} have different ranks")
        for a, b in zip(pos, length):
            unify_dim(a, b, "pos and len dims differ")
    return [broadcast(ctx.in_shape(0), pos)]


@shape_fn("StringNGrams")
def string_ngrams(ctx):
    check_rank(ctx.in_shape(0), 1, "data")
    splits = ctx.in_shape(1)
    check_rank(splits, 1, "data_splits")
    return [(None,), splits if splits is not None else (None,)]  # TF: WithRank 1


@shape_fn("UnicodeDecode", "UnicodeDecodeWithOffsets")
def unicode_decode(ctx):
    splits = (_plus1(_num_elements(ctx.in_shape(0))),)
    n = 3 if ctx.node.op == "UnicodeDecodeWithOffsets" else 2
    return [splits] + [(None,)] * (n - 1)


# --- ragged ------------------------------------------------------------------------------------

@shape_fn("RaggedRange")
def ragged_range(ctx):
    dim, ranks = None, []
    for i, what in enumerate(("starts", "limits", "deltas")):
        s = ctx.in_shape(i)
        if s is not None and len(s) > 1:
            raise ShapeError(f"{what} has rank {len(s)}, expected at most 1")
        ranks.append(None if s is None else len(s))
        if s is not None and len(s) == 1:
            dim = unify_dim(dim, s[0], "starts, limits and deltas lengths differ")
    if dim is not None:
        splits = dim + 1
    elif all(r == 0 for r in ranks):
        splits = 2  # scalars: one row
    else:
        splits = None
    return [(splits,), (None,)]


def _ragged_rank(ctx, key):
    n = ctx.attr(key)
    if not isinstance(n, int) or n < 0:
        raise ShapeError(f"attr '{key}' must be a non-negative int, got {n!r}")
    return n


@shape_fn("RaggedGather")
def ragged_gather(ctx):
    n_in = _ragged_rank(ctx, "PARAMS_RAGGED_RANK")
    n_out = _ragged_rank(ctx, "OUTPUT_RAGGED_RANK")
    for i in range(n_in):
        check_rank(ctx.in_shape(i), 1, f"params_nested_splits {i}")
    values = ctx.in_shape(n_in)
    if values is not None and not values:
        raise ShapeError("params_dense_values is a scalar, expected rank at least 1")
    out_values = None if values is None else (None,) + tuple(values[1:])
    return [(None,)] * n_out + [out_values]


def _row_partition_types(ctx):
    types = ctx.attr("row_partition_types", [])
    out = []
    for t in types if isinstance(types, list) else []:
        out.append(t.decode("latin-1") if isinstance(t, bytes) else str(t))
    if not out:
        raise ShapeError("attr 'row_partition_types' is empty")
    return out


@shape_fn("RaggedTensorToTensor")
def ragged_to_tensor(ctx):
    types = _row_partition_types(ctx)
    ragged_rank = len(types) - 1 if types[0] == "FIRST_DIM_SIZE" else len(types)
    shape = None if ctx.in_shape(0) == () else ctx.in_shape_tensor(0)
    values = ctx.in_shape(1)
    if values is None and shape is None:
        return [None]
    out = list(shape) if shape is not None else [None] * (ragged_rank + len(values))
    if values is None:
        return [tuple(out)]
    if ragged_rank + len(values) != len(out):
        raise ShapeError(f"shape {fmt(tuple(out))} does not have rank ragged_rank {ragged_rank} "
                         f"+ the values' rank {len(values)}")
    off = len(out) - len(values)
    for i in range(1, len(values)):
        out[off + i] = unify_dim(out[off + i], values[i], "shape and values' inner dims differ")
    return [tuple(out)]


@shape_fn("RaggedTensorToSparse")
def ragged_to_sparse(ctx):
    n = _ragged_rank(ctx, "RAGGED_RANK")
    if n < 1:
        raise ShapeError("RAGGED_RANK must be at least 1")
    values = ctx.in_shape(n)
    if values is not None and not values:
        raise ShapeError("rt_dense_values is a scalar, expected rank at least 1")
    for i in range(n):
        check_rank(ctx.in_shape(i), 1, f"rt_nested_splits {i}")
    rank = None if values is None else len(values) + n
    nnz = _num_elements(values)
    return [(nnz, rank), (nnz,), (rank,)]


@shape_fn("RaggedTensorToVariant")
def ragged_to_variant(ctx):
    n = _ragged_rank(ctx, "RAGGED_RANK")
    values = ctx.in_shape(n)
    if values is not None and not values:
        raise ShapeError("rt_dense_values is a scalar, expected rank at least 1")
    for i in range(n):
        check_rank(ctx.in_shape(i), 1, f"rt_nested_splits {i}")
    if not ctx.attr("batched_input", False):
        return [()]
    first = ctx.in_shape(0)
    rows = None if first is None or not first or first[0] is None else first[0] - 1
    if rows is not None and rows < 0:
        raise ShapeError("rt_nested_splits 0 is empty")
    return [(rows,)]


@shape_fn("RaggedTensorFromVariant")
def ragged_from_variant(ctx):
    n_in = ctx.attr("input_ragged_rank", -1)
    n_out = _ragged_rank(ctx, "output_ragged_rank")
    enc = ctx.in_shape(0)
    if enc is not None and isinstance(n_in, int) and n_in >= 0:
        check_rank(enc, n_out - n_in, "encoded_ragged")
    return [(None,)] * n_out + [None]
