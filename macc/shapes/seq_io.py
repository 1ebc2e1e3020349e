"""Shape functions of SequenceExample parsing, tensor/proto (de)serialisation and file I/O
(TF 2.21's parsing_ops.cc, io_ops.cc, decode_proto_ops.cc, array_ops.cc, image_ops.cc), the
tridiagonal and banded solvers (linalg_ops.cc), SelfAdjointEig (v1), Timestamp and ToBool, and a
few leftovers: ScaleAndTranslateGrad, the quantized batch and instance norms, the cuDNN RNN
backprops, SymbolicGradient and RefSelect.

Sequence parsing: a context feature is sized as a tf.Example feature (sparse: rank = the input's
+ 1; dense: the input's shape + ``context_dense_shapes``); a feature list adds a time dim
(sparse: rank + 1; dense: input + [?] + ``feature_list_dense_shapes``, with a lengths vector of
the input's shape; ragged: values [?], outer splits [batch + 1] (unknown for a scalar input),
inner splits [?]).
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import broadcast, check_rank, check_rank_at_least, count_attr, known, unify_dim


def _shapes(ctx, key):
    shapes = ctx.attr(key, []) or []
    if not isinstance(shapes, list):
        raise ShapeError(f"attr '{key}' must be a list of shapes")
    return shapes


def _sparse(n, rank):
    return [(None, rank)] * n + [(None,)] * n + [(rank,)] * n


def _dense(prefix, shapes, time=False):
    mid = (None,) if time else ()
    return [None if prefix is None or s is None else tuple(prefix) + mid + tuple(s)
            for s in shapes]


def _sequence(ctx, s, ragged: bool):
    rank = None if s is None else len(s)

    def up(k):
        return None if rank is None else rank + k
    ctx_dense = _shapes(ctx, "context_dense_shapes")
    fl_dense = _shapes(ctx, "feature_list_dense_shapes")
    if len(fl_dense) != count_attr(ctx, "Nfeature_list_dense"):
        raise ShapeError("feature_list_dense_shapes does not match Nfeature_list_dense")
    # a scalar input (one example): TF 2.21 leaves the splits unknown
    splits = None if not s or s[0] is None else s[0] + 1
    out = _sparse(count_attr(ctx, "Ncontext_sparse"), up(1)) + _dense(s, ctx_dense)
    if ragged:
        n = count_attr(ctx, "context_ragged_value_types")
        out += [(None,)] * n + [(splits,)] * n
    out += _sparse(count_attr(ctx, "Nfeature_list_sparse"), up(2)) + _dense(s, fl_dense, time=True)
    out += [s] * len(fl_dense)
    if ragged:
        n = count_attr(ctx, "feature_list_ragged_value_types")
        out += [(None,)] * n + [(splits,)] * n + [(None,)] * n
    return out


@shape_fn("ParseSequenceExample")
def parse_sequence_example(ctx):
    s = ctx.in_shape(0)
    check_rank(s, 1, "serialized")
    check_rank(ctx.in_shape(1), 1, "debug_name")
    return _sequence(ctx, s, ragged=False)


@shape_fn("ParseSequenceExampleV2")
def parse_sequence_example_v2(ctx):
    s = ctx.in_shape(0)
    if s is not None and len(s) > 1:
        raise ShapeError(f"serialized has rank {len(s)}, expected at most 1")
    return _sequence(ctx, s, ragged=True)


@shape_fn("ParseSingleSequenceExample")
def parse_single_sequence_example(ctx):
    check_rank(ctx.in_shape(0), 0, "serialized")
    n_ctx_sparse = len(ctx.attr("context_sparse_types", []) or [])
    n_fl_sparse = len(ctx.attr("feature_list_sparse_types", []) or [])
    out = _sparse(n_ctx_sparse, 1) + _dense((), _shapes(ctx, "context_dense_shapes"))
    return out + _sparse(n_fl_sparse, 2) + _dense(
        (), _shapes(ctx, "feature_list_dense_shapes"), time=True)


@shape_fn("ParseTensor")
def parse_tensor(ctx):
    check_rank(ctx.in_shape(0), 0, "serialized")
    return [None]


@shape_fn("SerializeTensor", "ReadFile", "Timestamp", "EncodeJpegVariableQuality")
def scalar_output(ctx):
    op = ctx.node.op
    if op == "ReadFile":
        check_rank(ctx.in_shape(0), 0, "filename")
    elif op == "EncodeJpegVariableQuality":
        check_rank(ctx.in_shape(0), 3, "images")
        check_rank(ctx.in_shape(1), 0, "quality")
    return [()]


@shape_fn("ToBool")
def to_bool(ctx):
    return [()]


@shape_fn("WriteFile")
def write_file(ctx):
    check_rank(ctx.in_shape(0), 0, "filename")
    check_rank(ctx.in_shape(1), 0, "contents")
    return []


@shape_fn("MatchingFiles")
def matching_files(ctx):
    s = ctx.in_shape(0)
    if s is not None and len(s) > 1:
        raise ShapeError(f"pattern has rank {len(s)}, expected at most 1")
    return [(None,)]


@shape_fn("DecodeJSONExample")
def decode_json_example(ctx):
    return [ctx.in_shape(0)]


@shape_fn("DecodeProtoV2")
def decode_proto_v2(ctx):
    """sizes: the input's shape + [fields]; one values tensor per field: input + [?]."""
    s = ctx.in_shape(0)
    fields = len(ctx.attr("field_names", []) or [])
    n = len(ctx.attr("output_types", []) or [])
    if s is None:
        return [None] * (n + 1)
    return [tuple(s) + (fields,)] + [tuple(s) + (None,)] * n


@shape_fn("EncodeProto")
def encode_proto(ctx):
    sizes = check_rank_at_least(ctx.in_shape(0), 1, "sizes")
    return [None if sizes is None else tuple(sizes[:-1])]


@shape_fn("Fingerprint")
def fingerprint(ctx):
    """One 8-byte fingerprint per row of the data (rank at least 1). TF reads the width from
    the method, a constant "farmhash64" in practice (tf.fingerprint's); macc does not decode
    string constants and takes farmhash64's 8 bytes, where TF leaves the width unknown for a
    method that is not a constant."""
    s = check_rank_at_least(ctx.in_shape(0), 1, "data")
    check_rank(ctx.in_shape(1), 0, "method")
    return [(None if s is None else s[0], 8)]


@shape_fn("TridiagonalSolve")
def tridiagonal_solve(ctx):
    """rhs's shape: diagonals [..., 3, M], rhs [..., M, K]."""
    d, r = ctx.in_shape(0), ctx.in_shape(1)
    check_rank_at_least(d, 2, "diagonals")
    check_rank_at_least(r, 2, "rhs")
    if d is not None and d[-2] not in (None, 3):
        raise ShapeError(f"diagonals must be [..., 3, M], got {d}")
    if d is not None and r is not None:
        unify_dim(d[-1], r[-2], "diagonals and rhs sizes")
    return [r]


@shape_fn("TridiagonalMatMul")
def tridiagonal_matmul(ctx):
    """rhs's shape: each diagonal [..., 1, M], rhs [..., M, N]."""
    r = ctx.in_shape(3)
    check_rank_at_least(r, 2, "rhs")
    for i, what in enumerate(("superdiag", "maindiag", "subdiag")):
        d = ctx.in_shape(i)
        check_rank_at_least(d, 2, what)
        if d is not None and r is not None:
            unify_dim(d[-1], r[-2], f"{what} and rhs sizes")
    return [r]


@shape_fn("BandedTriangularSolve")
def banded_triangular_solve(ctx):
    """Batch dims broadcast, then [M, K] of rhs [..., M, K] (matrix [..., bands, M])."""
    m, r = ctx.in_shape(0), ctx.in_shape(1)
    check_rank_at_least(m, 2, "matrix")
    check_rank_at_least(r, 2, "rhs")
    if m is None or r is None:
        return [None]
    size = unify_dim(m[-1], r[-2], "matrix and rhs sizes")
    return [broadcast(m[:-2], r[:-2]) + (size, r[-1])]


@shape_fn("SelfAdjointEig")
def self_adjoint_eig(ctx):
    """v1: eigenvalues stacked over eigenvectors, [..., N + 1, N] for input [..., N, N]."""
    s = ctx.in_shape(0)
    check_rank_at_least(s, 2, "input")
    if s is None:
        return [None]
    n = unify_dim(s[-2], s[-1], "input is not square")
    return [tuple(s[:-2]) + (None if n is None else n + 1, n)]


# --- leftovers: gradients, quantized normalisations, cuDNN backprops, calls by reference -------

@shape_fn("QuantizedBatchNormWithGlobalNormalization")
def quantized_batch_norm_global(ctx):
    """t's shape [N, H, W, C] with C unified with the four [C] vectors; scalar min and max."""
    t = ctx.in_shape(0)
    check_rank(t, 4, "t")
    t = t if t is not None else (None,) * 4  # TF: WithRank 4
    c = t[3]
    for i, what in ((3, "m"), (6, "v"), (9, "beta"), (12, "gamma")):
        v = ctx.in_shape(i)
        check_rank(v, 1, what)
        if v is not None:
            c = unify_dim(c, v[0], f"{what} and t's channels")
    return [tuple(t[:3]) + (c,), (), ()]


@shape_fn("QuantizedInstanceNorm")
def quantized_instance_norm(ctx):
    return [ctx.in_shape(0), (), ()]


@shape_fn("CudnnRNNBackprop", "CudnnRNNBackpropV2", "CudnnRNNBackpropV3")
def cudnn_rnn_backprop(ctx):
    """The gradients of input, input_h, input_c and params: their shapes."""
    return [ctx.in_shape(i) for i in range(4)]


@shape_fn("SymbolicGradient")
def symbolic_gradient(ctx):
    """TF 2.21: output i has input i's shape (the gradient with respect to that input)."""
    n = len(ctx.attr("Tout", []) or [])
    if n > ctx.n_inputs:
        raise ShapeError(f"{n} outputs but only {ctx.n_inputs} inputs")
    return [ctx.in_shape(i) for i in range(n)]


@shape_fn("RefSelect")
def ref_select(ctx):
    """The inputs' shape when every input is fully known and all agree, else unknown."""
    check_rank(ctx.in_shape(0), 0, "index")
    shapes = [ctx.in_shape(i) for i in range(1, ctx.n_inputs)]
    if not shapes or any(not known(s) or s != shapes[0] for s in shapes):
        return [None]
    return [shapes[0]]
