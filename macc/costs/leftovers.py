"""TF 2.21's remaining leaf ops: legacy Batch* aliases, debugging and quantization leftovers,
codecs, composite-tensor variants, dataset-graph utilities and the canned-estimator kernels'
bookkeeping (TensorFlow's profiler counts none of them: tf_flops 0).

- The Batch* linear-algebra and FFT aliases run the modern kernels and count as them, from their
  inputs (TF 2.21 gives their outputs no shape): BatchCholesky, BatchMatrixInverse and
  BatchMatrixDeterminant as Cholesky, MatrixInverse and MatrixDeterminant on in0;
  BatchMatrixSolve and BatchMatrixTriangularSolve as MatrixSolve and MatrixTriangularSolve per
  right-hand-side matrix of in1 ([..., n, k], batch dims equal to the matrix's); BatchFFT*/IFFT*
  as FFT*/IFFT* (5·M·log2(M) per transform). BatchMatrixDiag/DiagPart/SetDiag copy diagonals
  (zero); the eigen, SVD and least-squares aliases and BatchCholeskyGrad are uncounted, as the
  modern ops are.
- QuantizeAndDequantizeV4Grad: the gradient passes where min ≤ x ≤ max (2 comparisons per
  element), and the min and max gradients sum it where x < min and where x > max (2 more
  comparisons, and 2 reductions of N elements into C slices, C = 1 or the ``axis`` dim):
  4·N + 2·(N − C). The selects count 0, as Select does.
- DebugNanCount: an is-NaN test per element and the sum of the N flags: 2·N − 1 (0 for N = 0).
- StochasticCastToInt: one add per element (a uniform draw in [0, 1) added before the
  truncation; drawing and casting count 0, as RandomUniform and Cast do).
- QuantizedConcatV2: QuantizedConcat's count (each element mapped into the output range).
"""

from __future__ import annotations

from .elementwise import elementwise
from .linalg import batched, cholesky, inverse, lu
from .quantized import quantized_concat
from .reduction import reduction_arith
from .registry import Cost, N, add_zero_ops, dims, register
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
