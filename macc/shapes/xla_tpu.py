"""Shape functions of the SparseCore and TPU-embedding XLA ops (TF 2.21's tpu/ops
sparse_core_ops.cc and tpu_embedding_ops.cc).

The forward lookups give [input_size, table width] activations (``input_size`` an attr); the
optimizer steps and gradient passes return their tables and slots unchanged in shape; the
custom-combiner passes also give [input_size] valencies and [input_size, max_valency, width]
vectors and [num_weights] weights. XlaSparseActivationsUnstack gives [sample_counts[i],
features[i]] per table; XlaSparseGradientsStack one [Σ rows, max features rounded up to 8].
XlaRecvTPUEmbeddingActivations(V2) read their shapes from a serialized TPUEmbeddingConfiguration
macc does not parse: their outputs are left unknown (TF sizes them from the config).
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, count_attr, dim_of, unify, unify_dim


def _ranked(ctx, i: int, rank: int, what: str):
    s = ctx.in_shape(i)
    check_rank(s, rank, what)
    return s if s is not None else (None,) * rank


def _int_attr(ctx, key: str) -> int:
    v = ctx.attr(key, 0)
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise ShapeError(f"attr '{key}' must be a non-negative int, got {v!r}")
    return v


def _lookup(ctx, n_ids: int, first: int, table: int):
    """Rank checks of a lookup's id vectors (inputs < ``n_ids``, those from ``first`` on merged
    with input ``first - 1``) and its rank-2 table: the [input_size, width] activations."""
    for i in range(n_ids):
        _ranked(ctx, i, 1, f"input {i}")
    for i in range(first, n_ids):
        unify(ctx.in_shape(i), ctx.in_shape(first - 1), f"inputs {i} and {first - 1}")
    if ctx.in_shape(table) is None:
        return None  # TF 2.21: a table of unknown rank leaves the activations unknown
    t = _ranked(ctx, table, 2, "embedding_table")
    return (_int_attr(ctx, "input_size"), t[1])


@shape_fn("XlaSparseDenseMatmul")
def sparse_dense_matmul(ctx):
    for i in range(3):
        _ranked(ctx, i, 1, f"input {i}")
    check_rank(ctx.in_shape(3), 0, "offsets")
    for i in (1, 2):
        unify(ctx.in_shape(i), ctx.in_shape(0), f"inputs {i} and 0")
    return [_lookup(ctx, 0, 0, 4)] + [(None,)] * 4


@shape_fn("XlaSparseDenseMatmulWithCsrInput", "XlaSparseDenseMatmulWithStaticBufferSize")
def sparse_dense_matmul_csr(ctx):
    out = _lookup(ctx, 4, 2, 4)
    check_rank(ctx.in_shape(5), 0, "num_minibatches_per_physical_sparse_core")
    return [out]


@shape_fn("XlaSparseDenseMatmulCustomCombinerOnTcWithCsrInput")
def custom_combiner(ctx):
    out = _lookup(ctx, 5, 2, 5) or (_int_attr(ctx, "input_size"), None)  # its outputs as before
    n_weights = _int_attr(ctx, "num_weights")
    if n_weights > 0:
        w = _ranked(ctx, 6, 1, "weights")
        unify_dim(w[0], n_weights, "weights' size and num_weights differ")
    size, valency = out[0], _int_attr(ctx, "max_valency")
    return [out, (size,), (size, valency, out[1])]


def _passthrough(*inputs: int):
    def fn(ctx):
        return [ctx.in_shape(i) for i in inputs]
    return fn


for _ops, _ins in (
        (("XlaSparseDenseMatmulGradWithSgdAndCsrInput",
          "XlaSparseDenseMatmulGradWithSgdAndStaticBufferSize"), (6,)),
        (("XlaSparseDenseMatmulGradWithAdagradAndCsrInput",
          "XlaSparseDenseMatmulGradWithAdagradAndStaticBufferSize"), (6, 7)),
        (("XlaSparseDenseMatmulGradWithAdagradMomentumAndCsrInput",
          "XlaSparseDenseMatmulGradWithAdamAndCsrInput",
          "XlaSparseDenseMatmulGradWithFtrlAndCsrInput",
          "XlaSparseDenseMatmulGradWithAdagradMomentumAndStaticBufferSize",
          "XlaSparseDenseMatmulGradWithAdamAndStaticBufferSize",
          "XlaSparseDenseMatmulGradWithFtrlAndStaticBufferSize"), (6, 7, 8)),
        (("XlaSparseCoreSgd",), (3,)),
        (("XlaSparseCoreAdagrad",), (4, 3)),
        (("XlaSparseCoreAdagradMomentum",), (7, 5, 6)),
        (("XlaSparseCoreAdam",), (0, 5, 4)),
        (("XlaSparseCoreFtrl",), (0, 1, 2))):
    shape_fn(*_ops)(_passthrough(*_ins))


@shape_fn("XlaSparseDenseMatmulGradWithCsrInput")
def grad_custom(ctx):
    return [ctx.in_shape(5)] * count_attr(ctx, "N")


def _combiner_grad(ctx, tables: int, n_tables: int):
    n_weights = _int_attr(ctx, "num_weights")
    if n_weights > 0:
        unify(ctx.in_shape(5), (n_weights,), "weights")
        unify(ctx.in_shape(8), (n_weights,), "preserved_weights")
    size = dim_of(ctx.in_shape(9), 0)
    width = dim_of(ctx.in_shape(tables), 1)
    unify(ctx.in_shape(6), (size,), "preserved_valencies")
    unify(ctx.in_shape(7), (size, _int_attr(ctx, "max_valency"), width), "preserved_vectors")
    return [ctx.in_shape(tables)] * n_tables + [(n_weights,)]


_COMBINER_GRADS = {
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithSgdAndCsrInput": 1,
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdagradAndCsrInput": 2,
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdagradMomentumAndCsrInput": 3,
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithAdamAndCsrInput": 3,
    "XlaSparseDenseMatmulCustomCombinerOnTcGradWithFtrlAndCsrInput": 3,
}


@shape_fn(*_COMBINER_GRADS)
def combiner_grad(ctx):
    return _combiner_grad(ctx, 12, _COMBINER_GRADS[ctx.node.op])


@shape_fn("XlaSparseDenseMatmulCustomCombinerOnTcGradWithCsrInput")
def combiner_grad_custom(ctx):
    return _combiner_grad(ctx, 10, count_attr(ctx, "N"))


@shape_fn("XlaSparseActivationsUnstack")
def activations_unstack(ctx):
    n = count_attr(ctx, "num_tables")
    counts, feats = list(ctx.attr("sample_counts", [])), list(ctx.attr("features", []))
    if len(counts) != n or len(feats) != n:
        raise ShapeError(f"sample_counts ({len(counts)}) and features ({len(feats)}) must have "
                         f"num_tables = {n} entries")
    return [(c, f) for c, f in zip(counts, feats)]


def _c_div(a: int, b: int) -> int:
    q = abs(a) // b
    return q if a >= 0 else -q


@shape_fn("XlaSparseGradientsStack")
def gradients_stack(ctx):
    n = count_attr(ctx, "num_tables")
    if ctx.n_inputs != n:
        raise ShapeError(f"expects num_tables = {n} gradients, got {ctx.n_inputs}")
    # TF adds each input's rows and takes the widest, an unknown dim counting as -1
    rows = sum(_val(dim_of(_ranked(ctx, i, 2, f"gradient {i}"), 0)) for i in range(n))
    width = max(_val(dim_of(ctx.in_shape(i), 1)) for i in range(n))
    padded = _c_div(width + 7, 8) * 8
    return [(rows if rows >= 0 else None, padded if padded >= 0 else None)]


def _val(d) -> int:
    return -1 if d is None else d


@shape_fn("XlaRecvTPUEmbeddingDeduplicationData", "XlaRecvTPUEmbeddingDeduplicationDataV2")
def dedup_data(ctx):
    return [()]


@shape_fn("XlaRecvTPUEmbeddingActivations", "XlaRecvTPUEmbeddingActivationsV2")
def recv_activations(ctx):
    return [None] * count_attr(ctx, "num_tables")


@shape_fn("XlaSendTPUEmbeddingGradients", "XlaSendTPUEmbeddingGradientsV2")
def send_gradients(ctx):
    return []
