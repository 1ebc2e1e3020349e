"""TF 2.21's remaining leaf ops: legacy Batch* aliases, debugging and quantization leftovers,
codecs, composite-tensor variants, dataset-graph utilities and the canned-estimator kernels'
bookkeeping (TensorFlow's profiler counts none of them: tf_flops 0).

- The Batch* linear-algebra and FFT aliases run the modern kernels and count as them, from their
  inputs (TF 2.21 gives their outputs no shape): BatchCholesky, BatchMatrixInverse and
  BatchMatrixDeterminant as Cholesky, MatrixInverse and MatrixDeterminant on in0;
  BatchMatrixSolve and BatchMatrixTriangularSolve as MatrixSolve and MatrixTriangularSolve per
  right-hand-side matrix of in1 ([..., n, k], batch dims equal to the matrix's); BatchFFT*/IFFT*
  as FFT*/IFFT* (5·M·log2(M) per transform); BatchCholeskyGrad as CholeskyGrad on in0.
  BatchMatrixDiag/DiagPart/SetDiag copy diagonals (zero); the eigen, SVD and least-squares
  aliases are uncounted, as the modern ops are.
- QuantizeAndDequantizeV4Grad: the gradient passes where min ≤ x ≤ max (2 comparisons per
  element), and the min and max gradients sum it where x < min and where x > max (2 more
  comparisons, and 2 reductions of N elements into C slices, C = 1 or the ``axis`` dim):
  4·N + 2·(N − C). The selects count 0, as Select does.
- DebugNanCount: an is-NaN test per element and the sum of the N flags: 2·N − 1 (0 for N = 0).
- StochasticCastToInt: one add per element (a uniform draw in [0, 1) added before the
  truncation; drawing and casting count 0, as RandomUniform and Cast do).
- QuantizedConcatV2: QuantizedConcat's count (each element mapped into the output range).
- SdcaShrinkL1: the proximal step sign(w)·max(|w| − l1/l2, 0) on every weight of every listed
  variable: sign, abs, subtract, max, multiply, 5 per weight (l1/l2 is computed once, when the
  kernel is built).
- BoostedTreesBucketize: per feature, a binary search (std::lower_bound) of each value in that
  feature's b sorted boundaries, ⌈log2(b + 1)⌉ comparisons (Bucketize's rule, ``search_arith``);
  0 for a feature with no boundaries (TF writes bucket 0 without searching).
- DebugNumericSummary(V2): the kernels branch on each element's class (NaN, ±inf, finite, and
  the finite ones' sign), so the count is taken for a tensor whose elements are all finite and
  positive, the longest path through the tests (every non-finite element takes fewer tests in
  v1; in the V2 modes below a non-finite element adds at most 3 tests and a count). v1: pass 1,
  per element is-NaN, is-inf, the custom bounds (1 comparison for each finite lower_bound and
  upper_bound attr: c), x < 0, x > 0, the class count, min, max, the finite count and the sum
  (9 + c); the mean (1 divide); pass 2, per element is-NaN, is-inf, (x − mean)², its sum (5);
  the variance (1 divide): N·(14 + c) + 2 (0 for N = 0). V2 by tensor_debug_mode: CURT_HEALTH (2),
  CONCISE_HEALTH (3) and REDUCE_INF_NAN_THREE_SLOTS (8) test each element once (is-finite): N;
  FULL_HEALTH (4) adds x < 0, x == 0 and the count: 4·N; SHAPE (5) reads only the shape: 0. The
  other modes are not implemented by TF's kernel (it fails at run time): an error.
"""

from __future__ import annotations

from ..errors import ShapeError
from .elementwise import elementwise
from .linalg import batched, cholesky, cholesky_grad, inverse, lu
from .quantized import quantized_concat
from .reduction import reduction_arith
from .registry import Cost, N, add_zero_ops, dims, register
from .selection import search_arith
from .signal import _fft

add_zero_ops(
    # diagonal copies of the legacy aliases
    "BatchMatrixDiag", "BatchMatrixDiagPart", "BatchMatrixSetDiag",
    # identities, a variable's last read, reading records from files
    "DebugGradientIdentity", "DebugGradientRefIdentity", "DestroyTemporaryVariable", "RecordInput",
    # codecs (a codec's internal arithmetic is not tensor arithmetic, as for the image decoders)
    "DecodeCompressed", "DecodeJxl", "CompressElement", "UncompressElement",
    # variant packing and unpacking; a ragged gradient's values copied out of its variants
    "CompositeTensorVariantFromComponents", "CompositeTensorVariantToComponents",
    "RaggedTensorToVariantGradient", "WrapDatasetVariant", "UnwrapDatasetVariant",
    # dataset-graph utilities: serialising, fingerprinting, reading and writing datasets
    "DatasetFingerprint", "DatasetFromGraph", "DatasetToGraph", "DatasetToGraphV2",
    "DatasetToTFRecord", "ExperimentalDatasetToTFRecord", "ExperimentalDatasetCardinality",
    "SnapshotDatasetReader", "SnapshotNestedDatasetReader", "GetElementAtIndex", "GetOptions",
    "ComputeBatchSize",
    # estimators' bookkeeping: resource handles, their state, (de)serialisation, hashing of
    # example ids, and warm-start remapping (vocabulary files and checkpoint reads)
    "BoostedTreesEnsembleResourceHandleOp", "BoostedTreesQuantileStreamResourceHandleOp",
    "IsBoostedTreesEnsembleInitialized", "IsBoostedTreesQuantileStreamResourceInitialized",
    "BoostedTreesCreateEnsemble", "BoostedTreesDeserializeEnsemble",
    "BoostedTreesSerializeEnsemble", "BoostedTreesGetEnsembleStates",
    "BoostedTreesCreateQuantileStreamResource", "BoostedTreesQuantileStreamResourceDeserialize",
    "BoostedTreesQuantileStreamResourceGetBucketBoundaries", "SdcaFprint",
    "GenerateVocabRemapping", "LoadAndRemapMatrix",
)


def _alias(op: str, per_matrix, name: str, text: str):
    register(op, flops=text, tf="0", maccs="0")(lambda ctx: batched(ctx.inp(0), per_matrix, name))


_alias("BatchCholesky", cholesky, "chol", "as Cholesky: matrices·n(n+1)(2n+1)/6 on in0")
_alias("BatchCholeskyGrad", cholesky_grad, "chol_grad",
       "as CholeskyGrad: matrices·cholesky_grad(n) on in0 (Murray's blocked algorithm)")
_alias("BatchMatrixInverse", inverse, "inv", "as MatrixInverse: matrices·(2n³ − (n² + n)/2) on in0")
_alias("BatchMatrixDeterminant", lambda n: lu(n) + n - 1 if n else 0, "det",
       "as MatrixDeterminant: matrices·(lu(n) + n − 1) on in0")


def _solve(per_matrix, name: str):
    """``per_matrix(n, k)`` for each right-hand-side matrix [..., n, k] of in1."""
    def formula(ctx):
        rhs = ctx.inp(1)
        if N(rhs) is None or len(rhs) < 2:
            return Cost(None, 0, 0)
        n, k = rhs[-2], rhs[-1]
        matrices = N(rhs) // (n * k) if n and k else 0
        return Cost(matrices * per_matrix(n, k), 0, 0, f"{dims(rhs[:-2])}·{name}({n}, k={k})")
    return formula


register("BatchMatrixSolve", flops="as MatrixSolve: matrices·(lu(n) + k·(2n² − n)), rhs in1 "
         "[..., n, k]", tf="0", maccs="0")(_solve(lambda n, k: lu(n) + k * (2 * n * n - n), "solve"))
register("BatchMatrixTriangularSolve", flops="as MatrixTriangularSolve: matrices·k·n², rhs in1 "
         "[..., n, k]", tf="0", maccs="0")(_solve(lambda n, k: k * n * n, "trisolve"))

for _rank, _suffix in ((1, ""), (2, "2D"), (3, "3D")):
    register(f"BatchFFT{_suffix}", f"BatchIFFT{_suffix}",
             flops=f"as FFT{_suffix}: 5·N(in0)·log2(M), M = the last {_rank} dims", tf="0",
             maccs="0")(_fft(_rank, None))

register("QuantizedConcatV2", flops="as QuantizedConcat: 2·N(out) (a bound)", tf="0",
         maccs="0")(quantized_concat)

elementwise("StochasticCastToInt", per=1, on="in0")


@register("QuantizeAndDequantizeV4Grad", flops="4·N(in1) + 2·(N(in1) − C), C = 1, or in1[axis] "
          "with an axis", tf="0", maccs="0")
def qdq_v4_grad(ctx):
    x = ctx.inp(1)
    if N(x) is None:
        return Cost(None, 0, 0)
    axis = ctx.attr("axis", -1)
    axis = -1 if axis is None else int(axis)
    got = reduction_arith(x, () if axis == -1 or not x else (x[axis],))
    if got is None:
        return Cost(None, 0, 0)
    return Cost(4 * N(x) + 2 * got[0], 0, 0, f"4·{dims(x)} + 2·({got[1]})")


@register("DebugNanCount", flops="2·N(in0) − 1: a NaN test per element, the flags summed",
          tf="0", maccs="0")
def debug_nan_count(ctx):
    n = N(ctx.inp(0))
    if n is None:
        return Cost(None, 0, 0)
    return Cost(2 * n - 1 if n else 0, 0, 0, f"2·{n}−1" if n else "0")


@register("SdcaShrinkL1", flops="5·Σ N(weights_i): sign(w)·max(abs(w) − l1/l2, 0)", tf="0", maccs="0")
def sdca_shrink_l1(ctx):
    sizes = [N(w) for w in ctx.inputs]
    if None in sizes or len(sizes) != len(ctx.node.inputs):
        return Cost(None, 0, 0)
    return Cost(5 * sum(sizes), 0, 0, f"5·({'+'.join(map(str, sizes)) or 0})")


@register("BoostedTreesBucketize", flops="Σ_i N(values_i)·⌈log2(b_i + 1)⌉, b_i = len(boundaries_i)",
          tf="0", maccs="0")
def boosted_trees_bucketize(ctx):
    n = ctx.attr("num_features")
    if n is None or len(ctx.inputs) < 2 * n:
        return Cost(None, 0, 0)
    total, texts = 0, []
    for i in range(n):
        bounds = ctx.inp(n + i)
        got = search_arith(ctx.inp(i), bounds[0] if bounds else None)
        if got is None:
            return Cost(None, 0, 0)
        total += got[0]
        texts.append(got[1])
    return Cost(total, 0, 0, " + ".join(texts) or "0")


def _custom_bounds(ctx) -> int:
    """How many of DebugNumericSummary's lower_bound/upper_bound attrs are finite (compared)."""
    return sum(abs(float(ctx.attr(key, default))) != float("inf")
               for key, default in (("lower_bound", float("-inf")), ("upper_bound", float("inf"))))


@register("DebugNumericSummary", flops="N·(14 + c) + 2, c = finite bounds among lower_bound and "
          "upper_bound (all elements finite and positive: the longest path); 0 for N = 0",
          tf="0", maccs="0")
def debug_numeric_summary(ctx):
    n = N(ctx.inp(0))
    if n is None:
        return Cost(None, 0, 0)
    per = 14 + _custom_bounds(ctx)
    return Cost(n * per + 2 if n else 0, 0, 0, f"{n}·{per} + 2" if n else "0")


# tests per element by tensor_debug_mode (the modes TF 2.21's kernel implements)
_V2_TESTS = {2: 1, 3: 1, 4: 4, 5: 0, 8: 1}


@register("DebugNumericSummaryV2", flops="N·t, t by tensor_debug_mode: 1 (CURT_HEALTH, "
          "CONCISE_HEALTH, REDUCE_INF_NAN_THREE_SLOTS), 4 (FULL_HEALTH), 0 (SHAPE)", tf="0",
          maccs="0")
def debug_numeric_summary_v2(ctx):
    n = N(ctx.inp(0))
    if n is None:
        return Cost(None, 0, 0)
    mode = int(ctx.attr("tensor_debug_mode", -1))
    if mode not in _V2_TESTS:
        raise ShapeError(f"tensor_debug_mode {mode} is not implemented by TensorFlow's kernel "
                         "(2, 3, 4, 5 and 8 are)")
    per = _V2_TESTS[mode]
    return Cost(per * n, 0, 0, f"{per}·{n}")
