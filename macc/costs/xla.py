"""The XLA ops (jax2tf's graph serialization, tf2xla): dot_general and conv_general_dilated are
counted, data movement is truly zero, and the rest is sized but not counted (their work is a
called function's — a reducer, a comparator, a StableHLO module — or is decided at run time).
TensorFlow's profiler has no formula for any of them: tf 0.

XlaDot(V2): each output element is a dot product over the contracting dims (K = their lhs sizes'
product, 1 when there are none): exact N(out)·(2K−1), maccs N(out)·K, as MatMul
(:func:`macc.costs.contraction.contraction`). XlaConv(V2): TF sizes its output only by rank, so
the formula computes it from the input shapes, the constant window_strides, padding [n, 2],
lhs/rhs dilations, feature_group_count and batch_group_count, and the dimension numbers: spatial
out = ⌊(dilated input + pads − dilated kernel) / stride⌋ + 1 (0 when the kernel is larger), batch
lhs batch / batch_group_count, features the kernel's output features; K = kernel spatial
product · kernel input features (cin per group).

XlaDequantize (tf2xla's xla::Dequantize<uint8>, MIN_COMBINED, the only mode it builds): each
uint32 of in0 holds 4 packed uint8 values; each of the 4·N(in0) outputs is unpacked with a
shift and a mask, then (q + half_range)·scale + min: 2 adds and a multiply (the lowering emits
the half_range add even when it is 0, for uint8): 5 per output, 20·N(in0). The converts to
bfloat16 and the transposes count 0.
"""

from __future__ import annotations

from ..errors import ShapeError
from ..shapes.xla import conv_numbers, dot_numbers
from .contraction import contraction
from .registry import Cost, N, add_zero_ops, prod, register


@register("XlaDot", "XlaDotV2", flops="N(out)·(2K−1), K = prod(lhs contracting dims)", tf="0",
          maccs="N(out)·K")
def xla_dot(ctx):
    lhs, out = ctx.inp(0), ctx.out()
    if lhs is None:
        return Cost(None, 0, None)
    dims = dot_numbers(ctx)["lhs_contracting"]
    for d in dims:
        if not -len(lhs) <= d < len(lhs):
            raise ShapeError(f"lhs contracting dimension {d} is out of range for rank {len(lhs)}")
    taps = [lhs[d] for d in dims]
    K = None if any(t is None for t in taps) else prod(taps)
    flops, maccs, text = contraction(out, K)
    return Cost(flops, 0, maccs, text)


def _vector(ctx, i: int, n: int, what: str) -> list | None:
    """Constant input ``i`` flattened, ``n`` values (``n`` = 2·spatial dims for the padding)."""
    v = ctx.value(i)
    if v is None:
        return None
    if v.size != n:
        raise ShapeError(f"{what} has {v.size} values, expected {n}")
    return [int(x) for x in v.reshape(-1).tolist()]


def _dilated(size: int, d: int) -> int:
    return 0 if size == 0 else (size - 1) * d + 1


def conv_output(lhs, rhs, dn: dict, strides, pads, lhs_dil, rhs_dil, fgc: int, bgc: int):
    """The output shape of XLA's ConvGeneralDilated (in dn's output layout) and K, the products
    per output element; raises ShapeError on inputs XLA rejects."""
    rank = len(lhs)
    n = rank - 2
    for key in ("input_spatial", "kernel_spatial", "output_spatial"):
        if len(dn[key]) != n:
            raise ShapeError(f"dimension_numbers {key} has {len(dn[key])} dims, expected "
                             f"rank − 2 = {n}")
    dims = [dn["input_batch"][-1:], dn["input_feature"][-1:], dn["kernel_input_feature"][-1:],
            dn["kernel_output_feature"][-1:], dn["output_batch"][-1:],
            dn["output_feature"][-1:]]
    ib, if_, kif, kof, ob, of = (d[0] if d else 0 for d in dims)
    for d in [ib, if_, kif, kof, ob, of, *dn["input_spatial"], *dn["kernel_spatial"],
              *dn["output_spatial"]]:
        if not 0 <= d < rank:
            raise ShapeError(f"dimension number {d} is outside [0, {rank})")
    if fgc < 1 or bgc < 1 or min(strides + lhs_dil + rhs_dil, default=1) < 1:
        raise ShapeError("strides, dilations and group counts must be positive")
    cin, kin = lhs[if_], rhs[kif]
    if cin % fgc or cin // fgc != kin:
        raise ShapeError(f"lhs features {cin} / feature_group_count {fgc} must equal the "
                         f"kernel's input features {kin}")
    if lhs[ib] % bgc:
        raise ShapeError(f"batch_group_count {bgc} does not divide the batch {lhs[ib]}")
    out = [0] * rank
    out[ob], out[of] = lhs[ib] // bgc, rhs[kof]
    for i in range(n):
        x = _dilated(lhs[dn["input_spatial"][i]], lhs_dil[i]) + pads[2 * i] + pads[2 * i + 1]
        k = _dilated(rhs[dn["kernel_spatial"][i]], rhs_dil[i])
        out[dn["output_spatial"][i]] = 0 if x < k else (x - k) // strides[i] + 1
    return tuple(out), kin * prod(rhs[d] for d in dn["kernel_spatial"])


@register("XlaConv", "XlaConvV2", flops="N(out)·(2K−1), K = prod(kernel spatial)·cin/groups",
          tf="0", maccs="N(out)·K; out from the constant strides, padding, dilations and groups",
          values=True)
def xla_conv(ctx):
    lhs, rhs = ctx.inp(0), ctx.inp(1)
    if lhs is None or rhs is None or None in lhs or None in rhs:
        return Cost(None, 0, None)
    if len(lhs) != len(rhs) or len(lhs) < 3:
        raise ShapeError(f"lhs and rhs must have the same rank, at least 3, got {len(lhs)} and "
                         f"{len(rhs)}")
    n = len(lhs) - 2
    strides = _vector(ctx, 2, n, "window_strides")
    pads = _vector(ctx, 3, 2 * n, "padding")
    lhs_dil, rhs_dil = _vector(ctx, 4, n, "lhs_dilation"), _vector(ctx, 5, n, "rhs_dilation")
    fgc = ctx.value(6)
    if None in (strides, pads, lhs_dil, rhs_dil, fgc):
        return Cost(None, 0, None)
    if fgc.size != 1:
        raise ShapeError(f"feature_group_count must be a scalar, got {fgc.size} values")
    out, K = conv_output(lhs, rhs, conv_numbers(ctx.attr("dimension_numbers", b"")), strides,
                         pads, lhs_dil, rhs_dil, int(fgc.reshape(-1)[0]),
                         int(ctx.attr("batch_group_count", 1)))
    flops, maccs, text = contraction(out, K)
    return Cost(flops, 0, maccs, text)


@register("XlaDequantize", flops="5·4·N(in0): per unpacked uint8, a shift, a mask and "
          "(q + half_range)·scale + min", tf="0", maccs="0")
def xla_dequantize(ctx):
    n = N(ctx.inp(0))
    if n is None:
        return Cost(None, 0, 0)
    mode = ctx.attr("mode", b"")
    mode = mode.decode("latin-1") if isinstance(mode, bytes) else str(mode)
    if mode != "MIN_COMBINED":
        raise ShapeError(f"mode '{mode}' is not supported (XLA's Dequantize builds MIN_COMBINED "
                         "only)")
    return Cost(20 * n, 0, 0, f"5·4·{n}")


add_zero_ops(
    # slicing, padding, gathering and updating slices: copies (XlaPad as Pad)
    "XlaPad", "XlaDynamicSlice", "XlaDynamicUpdateSlice", "XlaGather", "XlaBroadcastHelper",
    # annotations and markers: sharding, dynamic sizes, bounds, barriers, cluster outputs
    "XlaSharding", "XlaSpmdFullToShardShape", "XlaSpmdShardToFullShape", "XlaSetBound",
    "XlaSetDynamicDimensionSize", "XlaRemoveDynamicDimensionSize", "XlaOptimizationBarrier",
    "XlaClusterOutput", "XlaReplicaId",
    # rounding to fewer mantissa and exponent bits (bit masking, as Cast); random bits
    "XlaReducePrecision", "XlaRngBitGenerator",
    # tiling a tensor into shards and back (XLA's resharding), with padding
    "XlaConcatND", "XlaSplitND",
    # transfers between computations, the host and TPU embedding engines
    "XlaSend", "XlaRecv", "XlaSendToHost", "XlaRecvFromHost", "XlaSendTPUEmbeddingGradients",
    "XlaSendTPUEmbeddingGradientsV2", "XlaRecvTPUEmbeddingActivations",
    "XlaRecvTPUEmbeddingActivationsV2", "XlaRecvTPUEmbeddingDeduplicationData",
    "XlaRecvTPUEmbeddingDeduplicationDataV2", "XlaSparseActivationsUnstack",
    "XlaSparseGradientsStack",
)
