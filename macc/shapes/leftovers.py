"""Shape functions of TF 2.21's remaining leaf ops: the legacy Batch* linear-algebra and FFT
aliases, debugging ops, quantization leftovers, codecs, composite-tensor variants and the
dataset-graph utilities.

The Batch* aliases (BatchCholesky, BatchFFT, BatchSvd...) were removed from GraphDef version
13–15 on: TF 2.21 imports them only from an older GraphDef, and registers all of them with
UnknownShape (every output of unknown rank), unlike the modern ops they stand for.
"""

from __future__ import annotations

from ..errors import ShapeError
from .array_ops import concat_shapes
from .consteval import int_value
from .registry import shape_fn
from .util import (
    check_rank,
    check_rank_at_least,
    count_attr,
    declared_shapes,
    dim_of,
    fmt,
    unify,
    unify_dim,
)

_BATCH_OUTPUTS = {"BatchSelfAdjointEigV2": 2, "BatchSvd": 3}


@shape_fn("BatchCholesky", "BatchCholeskyGrad", "BatchFFT", "BatchFFT2D", "BatchFFT3D",
          "BatchIFFT", "BatchIFFT2D", "BatchIFFT3D", "BatchMatrixDeterminant", "BatchMatrixDiag",
          "BatchMatrixDiagPart", "BatchMatrixInverse", "BatchMatrixSetDiag", "BatchMatrixSolve",
          "BatchMatrixSolveLs", "BatchMatrixTriangularSolve", "BatchSelfAdjointEig",
          "BatchSelfAdjointEigV2", "BatchSvd")
def legacy_batch(ctx):
    return [None] * _BATCH_OUTPUTS.get(ctx.node.op, 1)


# --- unchanged shapes --------------------------------------------------------------------------

@shape_fn("DebugGradientIdentity", "DebugGradientRefIdentity", "DestroyTemporaryVariable",
          "StochasticCastToInt", "DecodeCompressed")
def unchanged(ctx):
    return [ctx.in_shape(0)]


@shape_fn("DebugNanCount", "CompressElement", "CompositeTensorVariantFromComponents",
          "WrapDatasetVariant", "UnwrapDatasetVariant", "DatasetFingerprint", "DatasetFromGraph",
          "DatasetToGraph", "DatasetToGraphV2", "ExperimentalDatasetCardinality", "GetOptions",
          "ComputeBatchSize", "SnapshotDatasetReader", "SnapshotNestedDatasetReader")
def scalar(ctx):
    return [()]


@shape_fn("DatasetToTFRecord", "ExperimentalDatasetToTFRecord")
def no_outputs(ctx):
    for i in range(3):
        check_rank(ctx.in_shape(i), 0, f"input {i}")
    return []


@shape_fn("DebugNumericSummary", "DebugNumericSummaryV2", "RecordInput")
def unknown_rank(ctx):
    return [None]


@shape_fn("CompositeTensorVariantToComponents")
def ct_to_components(ctx):
    return [None] * count_attr(ctx, "Tcomponents")


@shape_fn("UncompressElement", "GetElementAtIndex")
def declared(ctx):
    """The element's components, shaped by the ``output_shapes`` attr."""
    return declared_shapes(ctx, "output_shapes", "output_types")


@shape_fn("MapDefun")
def map_defun(ctx):
    """Each output: the arguments' common batch dim, then its declared ``output_shapes``."""
    batch = None
    for i in range(count_attr(ctx, "Targuments")):
        s = ctx.in_shape(i)
        check_rank_at_least(s, 1, f"arguments {i}")
        batch = unify_dim(batch, dim_of(s, 0), "arguments' batch dims differ")
    return [None if s is None else (batch,) + tuple(s) for s in ctx.attr("output_shapes") or []]


@shape_fn("RaggedTensorToVariantGradient")
def ragged_to_variant_grad(ctx):
    return [ctx.in_shape_tensor(2)]


# --- decoders and audio ------------------------------------------------------------------------

@shape_fn("DecodeJxl")
def decode_jxl(ctx):
    check_rank(ctx.in_shape(0), 0, "contents")
    ch = ctx.attr("channels", 0)
    return [(None, None, ch if ch else None)]


@shape_fn("AudioMicrofrontend")
def audio_microfrontend(ctx):
    """[frames, num_channels·(1 + left_context + right_context)]: frames =
    ((len − window)/step)/frame_stride + 1 with window and step in samples; 0 when the audio is
    shorter than a window or of unknown length (TF compares the unknown length, -1, too)."""
    a = ctx.in_shape(0)
    check_rank(a, 1, "audio")
    per_ms = int(ctx.attr("sample_rate", 16000)) // 1000
    window = int(ctx.attr("window_size", 25)) * per_ms
    step = int(ctx.attr("window_step", 10)) * per_ms
    stride = int(ctx.attr("frame_stride", 1))
    n = dim_of(a, 0)
    if n is None or n < window:
        frames = 0
    else:
        if step <= 0 or stride <= 0:
            raise ShapeError(f"window_step {step} and frame_stride {stride} must be positive")
        frames = (n - window) // step // stride + 1
    stack = 1 + int(ctx.attr("left_context", 0)) + int(ctx.attr("right_context", 0))
    return [(frames, int(ctx.attr("num_channels", 32)) * stack)]


# --- quantization leftovers ----------------------------------------------------------------------

@shape_fn("QuantizeAndDequantizeV4Grad")
def qdq_v4_grad(ctx):
    g, x = ctx.in_shape(0), ctx.in_shape(1)
    g = unify(g, x, "gradients and input")
    axis = int(ctx.attr("axis", -1))
    if axis == -1:
        check_rank(ctx.in_shape(2), 0, "input_min")
        check_rank(ctx.in_shape(3), 0, "input_max")
        return [g, (), ()]
    if g is not None and axis >= len(g):
        raise ShapeError(f"axis {axis} is out of range for input {fmt(g)}")
    depth = dim_of(g, axis) if g is not None else None
    for i, what in ((2, "input_min"), (3, "input_max")):
        check_rank(ctx.in_shape(i), 1, what)
        depth = unify_dim(depth, dim_of(ctx.in_shape(i), 0), f"{what} and the axis dim differ")
    return [g, (depth,), (depth,)]


@shape_fn("QuantizedConcatV2")
def quantized_concat_v2(ctx):
    n = count_attr(ctx, "N")
    if ctx.n_inputs != 3 * n + 1:
        raise ShapeError(f"needs 3·N + 1 = {3 * n + 1} inputs, has {ctx.n_inputs}")
    check_rank(ctx.in_shape(n), 0, "axis")
    for i in range(n + 1, 3 * n + 1):
        check_rank(ctx.in_shape(i), 0, f"input {i} (a range)")
    axis = int_value(ctx, n, "axis")
    return [concat_shapes([ctx.in_shape(i) for i in range(n)], axis), (), ()]
