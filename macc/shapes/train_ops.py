"""Shape functions of the ops training graphs add (TF 2.21's array_ops.cc, nn_ops.cc,
math_ops.cc, sparse_ops.cc, rnn_ops.cc, candidate_sampling_ops.cc, state_ops.cc): gradients that
have their own kernels, in-place and scatter updates, counters, samplers for sampled losses.

The v1/v2 TensorArray ops are in :mod:`macc.shapes.tensor_arrays`.
"""

from __future__ import annotations

from ..errors import ShapeError
from .consteval import int_value
from .registry import shape_fn
from .util import broadcast, check_rank, dim_of, fmt, ranked_input, unify, unknown

# --- fake quantization (QAT) --------------------------------------------------------------------

@shape_fn("FakeQuantWithMinMaxArgsGradient")
def fake_quant_args_grad(ctx):
    return [unify(ctx.in_shape(0), ctx.in_shape(1), "gradients and inputs")]


@shape_fn("FakeQuantWithMinMaxVarsGradient")
def fake_quant_vars_grad(ctx):
    x = unify(ctx.in_shape(0), ctx.in_shape(1), "gradients and inputs")
    ranked_input(ctx, 2, 0, "min")
    ranked_input(ctx, 3, 0, "max")
    return [x, (), ()]


@shape_fn("FakeQuantWithMinMaxVarsPerChannelGradient")
def fake_quant_per_channel_grad(ctx):
    x = unify(ctx.in_shape(0), ctx.in_shape(1), "gradients and inputs")
    if x is not None and not 1 <= len(x) <= 4:
        raise ShapeError(f"inputs {fmt(x)} must have rank 1 to 4")
    depth = dim_of(x, -1) if x else None
    for i, what in ((2, "min"), (3, "max")):
        v = ranked_input(ctx, i, 1, what)
        if v is not None:
            depth = unify((depth,), (v[0],), f"{what} and the inputs' last dim")[0]
    return [x, (depth,), (depth,)]


# --- padding and tiling gradients ---------------------------------------------------------------

@shape_fn("MirrorPadGrad")
def mirror_pad_grad(ctx):
    """The padded input less both paddings per dim (TF: the rank from paddings' dim 0; unknown
    dims when the paddings are not constant)."""
    pads = ranked_input(ctx, 1, 2, "paddings")
    rank = dim_of(pads, 0)
    if rank is None:
        return [None]
    x = ctx.in_shape(0)
    check_rank(x, rank, "input")
    val = ctx.in_value(1)
    if val is None:
        return [unknown(rank)]
    out = []
    for i in range(rank):
        before, after = int(val[i][0]), int(val[i][1])
        if before < 0 or after < 0:
            raise ShapeError(f"paddings {val.tolist()} must be non-negative")
        d = dim_of(x, i)
        if d is not None and d - before - after < 0:
            raise ShapeError(f"input {fmt(x)} is smaller than its paddings {val.tolist()}")
        out.append(None if d is None else d - before - after)
    return [tuple(out)]


@shape_fn("TileGrad")
def tile_grad(ctx):
    return [None]  # TF 2.21: UnknownShape (the op is deprecated in favour of Sum)


# --- linear algebra and special functions -------------------------------------------------------

@shape_fn("CholeskyGrad")
def cholesky_grad(ctx):
    lo = ctx.in_shape(0)
    if lo is not None:
        if len(lo) < 2:
            raise ShapeError(f"l {fmt(lo)} must have rank at least 2")
        if lo[-1] is not None and lo[-2] is not None and lo[-1] != lo[-2]:
            raise ShapeError(f"l {fmt(lo)} is not square")
    return [unify(lo, ctx.in_shape(1), "l and grad")]


@shape_fn("IgammaGradA", "RandomGammaGrad")
def broadcast_pair(ctx):
    return [broadcast(ctx.in_shape(0), ctx.in_shape(1))]


# --- pooling, image and normalization gradients --------------------------------------------------

@shape_fn("FractionalMaxPoolGrad")
def fractional_max_pool_grad(ctx):
    x = ctx.in_shape(0)
    check_rank(x, 4, "orig_input")
    return [x if x is not None else unknown(4)]


@shape_fn("FractionalAvgPoolGrad")
def fractional_avg_pool_grad(ctx):
    shape = ctx.in_shape_tensor(0)  # orig_input_tensor_shape when constant, else rank 4
    if shape is not None and ctx.in_value(0) is not None:
        check_rank(shape, 4, "orig_input_tensor_shape")
        return [tuple(shape)]
    return [unknown(4)]


@shape_fn("CropAndResizeGradBoxes")
def crop_and_resize_grad_boxes(ctx):
    return [ctx.in_shape(2)]  # one gradient per box coordinate: boxes' shape


@shape_fn("BatchNormWithGlobalNormalizationGrad")
def batch_norm_global_grad(ctx):
    x = unify(ranked_input(ctx, 0, 4, "t"), ctx.in_shape(4), "t and backprop")
    depth = dim_of(x, 3)
    for i, what in ((1, "m"), (2, "v"), (3, "gamma")):
        v = ranked_input(ctx, i, 1, what)
        if v is not None:
            depth = unify((depth,), (v[0],), f"{what} and t's last dim")[0]
    x = unknown(4) if x is None else x[:3] + (depth,)
    return [x] + [(depth,)] * 4


# --- sparse gradients ----------------------------------------------------------------------------

def _segment_grad_rows(ctx):
    grad = ctx.in_shape(0)
    if grad is not None and len(grad) < 1:
        raise ShapeError("grad is a scalar, expected rank at least 1")
    unify(ranked_input(ctx, 1, 1, "indices"), ranked_input(ctx, 2, 1, "segment_ids"),
          "indices and segment_ids")
    ranked_input(ctx, 3, 0, "output_dim0")
    return None if grad is None else tuple(grad[1:])


@shape_fn("SparseSegmentSumGrad", "SparseSegmentMeanGrad", "SparseSegmentSqrtNGrad")
def sparse_segment_grad(ctx):
    rows = _segment_grad_rows(ctx)
    n = int_value(ctx, 3, "output_dim0")
    if n is not None and n < 0:
        raise ShapeError(f"output_dim0 is {n}, expected a non-negative value")
    return [None if rows is None else (n,) + rows]


@shape_fn("SparseSegmentSumGradV2", "SparseSegmentMeanGradV2", "SparseSegmentSqrtNGradV2")
def sparse_segment_grad_v2(ctx):
    rows = _segment_grad_rows(ctx)  # the output holds only the distinct indices' rows
    return [None if rows is None else (None,) + rows, (None,)]


@shape_fn("SparseAddGrad")
def sparse_add_grad(ctx):
    a, b = ranked_input(ctx, 1, 2, "a_indices"), ranked_input(ctx, 2, 2, "b_indices")
    ranked_input(ctx, 0, 1, "backprop_val_grad")
    return [(dim_of(a, 0),), (dim_of(b, 0),)]


@shape_fn("SparseFillEmptyRowsGrad")
def sparse_fill_empty_rows_grad(ctx):
    rev = ranked_input(ctx, 0, 1, "reverse_index_map")
    ranked_input(ctx, 1, 1, "grad_values")
    return [rev if rev is not None else (None,), ()]


@shape_fn("SparseSliceGrad")
def sparse_slice_grad(ctx):
    idx = ranked_input(ctx, 1, 2, "input_indices")
    return [(dim_of(idx, 0),)]


# --- fused RNN gradients -------------------------------------------------------------------------

@shape_fn("LSTMBlockCellGrad")
def lstm_block_cell_grad(ctx):
    """cs_prev_grad [B, H], dicfo [B, 4H], wci/wcf/wco_grad [H]."""
    x, cs = ranked_input(ctx, 0, 2, "x"), ranked_input(ctx, 1, 2, "cs_prev")
    b, h = dim_of(x, 0), dim_of(cs, 1)
    return [(b, h), (b, None if h is None else 4 * h), (h,), (h,), (h,)]


@shape_fn("GRUBlockCellGrad")
def gru_block_cell_grad(ctx):
    """d_x like x, d_h_prev and d_c_bar [B, H], d_r_bar_u_bar [B, 2H]."""
    x, h = ranked_input(ctx, 0, 2, "x"), ranked_input(ctx, 1, 2, "h_prev")
    b, units = dim_of(x, 0), dim_of(h, 1)
    return [(b, dim_of(x, 1)), (b, units), (b, units), (b, None if units is None else 2 * units)]


@shape_fn("BlockLSTMGrad", "BlockLSTMGradV2")
def block_lstm_grad(ctx):
    """The gradient of each of x, cs_prev, h_prev, w, wci, wcf, wco, b (inputs 1–8) is shaped
    like it."""
    x = ranked_input(ctx, 1, 3, "x")
    outs = [x]
    for i, (what, rank) in enumerate((("cs_prev", 2), ("h_prev", 2), ("w", 2), ("wci", 1),
                                      ("wcf", 1), ("wco", 1), ("b", 1)), start=2):
        outs.append(ranked_input(ctx, i, rank, what))
    return outs


# --- updates, counters, in-place ops -------------------------------------------------------------

@shape_fn("ScatterNdMax", "ScatterNdMin", "ScatterNdNonAliasingAdd")
def scatter_nd_like_input(ctx):
    return [ctx.in_shape(0)]


@shape_fn("ResourceScatterNdMax", "ResourceScatterNdMin")
def resource_scatter_nd(ctx):
    return []


@shape_fn("CountUpTo", "ResourceCountUpTo")
def count_up_to(ctx):
    if ctx.node.op == "CountUpTo":
        ranked_input(ctx, 0, 0, "ref")
    return [()]


@shape_fn("InplaceAdd", "InplaceSub", "InplaceUpdate")
def inplace(ctx):
    return [ctx.in_shape(0)]


@shape_fn("ParallelConcat", "_ParallelConcatStart")
def parallel_concat(ctx):
    shape = ctx.attr("shape")
    return [None if shape is None else tuple(shape)]


@shape_fn("_ParallelConcatUpdate")
def parallel_concat_update(ctx):
    return [ctx.in_shape(0)]


# --- candidate sampling (sampled softmax, NCE) ----------------------------------------------------

@shape_fn("LogUniformCandidateSampler", "UniformCandidateSampler", "AllCandidateSampler",
          "FixedUnigramCandidateSampler", "LearnedUnigramCandidateSampler",
          "ThreadUnsafeUnigramCandidateSampler")
def candidate_sampler(ctx):
    """sampled_candidates [num_sampled], true_expected_count [batch, num_true],
    sampled_expected_count [num_sampled]."""
    true = ranked_input(ctx, 0, 2, "true_classes")
    n, k = ctx.attr("num_sampled"), ctx.attr("num_true")
    if n is None or k is None:
        raise ShapeError("num_sampled and num_true are required")
    return [(n,), (dim_of(true, 0), k), (n,)]


@shape_fn("ComputeAccidentalHits")
def compute_accidental_hits(ctx):
    true = ranked_input(ctx, 0, 2, "true_classes")
    ranked_input(ctx, 1, 1, "sampled_candidates")
    k = ctx.attr("num_true")
    if true is not None and k is not None and true[1] is not None and true[1] != k:
        raise ShapeError(f"true_classes {fmt(true)} do not have num_true = {k} columns")
    return [(None,)] * 3

