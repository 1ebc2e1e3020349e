"""Inference and serving leftovers (TensorFlow's profiler counts every one of them 0).

- FusedPadConv2D / FusedResizeAndPadConv2D (tools/optimize_for_inference): the ops they fuse,
  with their own formulas: an optional bilinear resize to ``size`` (``interpolation``: 9 per
  resized element), a pad (a copy: 0), then the NHWC convolution of the padded input
  (``conv_arith``: N(out)·(2K − 1) FLOPs, N(out)·K MACCs, K = kh·kw·cin).
- AdjustContrast (v1): AdjustContrastv2's 4 per element (the per-channel mean, then
  (x − mean)·factor + mean), then the clamp to [min_value, max_value] (2): 6·N(in0).
- LowerBound / UpperBound (tf.searchsorted), sorted rows of n: each value's binary search halves
  the candidate range until it is empty, ⌊log2 n⌋ + 1 = ⌈log2(n + 1)⌉ comparisons (Bucketize's
  ``search_arith``).
- ApproxTopK: counted as TopK (a running heap: ⌈log2(k + 1)⌉ comparisons per element).
- UnravelIndex: every output coordinate is (index / stride) mod dim: 2 per output element.
- The Bessel functions: one elementary function per element, like BesselI0e/BesselI1e.
- FFTND / IFFTND / RFFTND / IRFFTND: ``fft_arith`` (macc/costs/signal.py) over the ``axes``
  (a constant) with M = prod(fft_length) points, N(in0) / prod(in0[axes]) transforms (half the
  cost for the real transforms). Unknown without constant fft_length and axes.
- Conv (the generic N-d op): ``conv_arith``, N(out)·(2K − 1), K = prod(f[:-1]) (groups are in
  the filter's input-channel dim already).

Zero: Grappler's layout ops (index permutations of small integer vectors), memmapped and copied
constants, image decoders (codecs, like DecodeJpeg), crops and glimpses and volume patches
(copies), set operations (hashing), string joins and Unicode conversions, the batching ops (data
movement), the non-sampling random generators (as RandomUniform).
"""

from __future__ import annotations

from . import image  # noqa: F401  (AdjustContrastv2's count, extended below)
from .contraction import conv_arith
from .elementwise import elementwise
from .registry import Cost, N, add_zero_ops, register
from .resize import interpolation
from .selection import search_arith
from .signal import fft_arith

add_zero_ops(
    # layout conversions, constants and copies
    "DataFormatVecPermute", "DataFormatDimMap", "ImmutableConst", "GuaranteeConst", "Copy",
    "CopyHost", "DeepCopy",
    # image codecs, crops, glimpses and patches
    "DecodeImage", "DecodeGif", "DecodeAndCropJpeg", "ExtractJpegShape", "DecodeWebP",
    "RandomCrop", "ExtractGlimpse", "ExtractGlimpseV2", "ExtractVolumePatches",
    # sets and strings
    "DenseToDenseSetOperation", "DenseToSparseSetOperation", "SparseToSparseSetOperation",
    "SetSize", "ReduceJoin", "UnicodeEncode", "UnicodeScript", "UnicodeTranscode",
    "UnsortedSegmentJoin",
    # random generators without rejection loops, and generator state
    "StatelessShuffle", "StatefulStandardNormalV2", "StatefulStandardNormal",
    "StatefulTruncatedNormal", "StatefulUniform", "StatefulUniformInt", "StatefulUniformFullInt",
    "RngReadAndSkip", "RngSkip", "NonDeterministicInts", "RandomIndexShuffle", "SobolSample",
    # TF-Serving batching and tensor-list bookkeeping
    "Batch", "Unbatch", "UnbatchGrad", "TensorListConcatLists", "TensorListPushBackBatch",
)

elementwise("AdjustContrast", per=6, on="in0")
elementwise("BesselI0", "BesselI1", "BesselJ0", "BesselJ1", "BesselK0", "BesselK0e", "BesselK1",
            "BesselK1e", "BesselY0", "BesselY1", on="in0")
elementwise("UnravelIndex", per=2)


def fused_pad_conv_arith(x, size, f, out) -> Cost:
    """Resize (when ``size`` is given: (h, w) or None if unknown), pad, convolve."""
    conv = conv_arith(x, f, out)._replace(tf_flops=0)
    if size is None:
        return conv
    if size[0] is None or x is None:
        return Cost(None, 0, conv.maccs)
    resized = (x[0], size[0], size[1], x[3])
    got = interpolation(resized, 2)
    if got is None or conv.flops is None:
        return Cost(None, 0, conv.maccs)
    return Cost(got[0] + conv.flops, 0, conv.maccs, f"{got[1]} + {conv.formula}")


@register("FusedPadConv2D", flops="Conv2D's N(out)·(2K−1) on the padded input (the pad copies)",
          tf="0", maccs="N(out)·K")
def fused_pad_conv2d(ctx):
    return fused_pad_conv_arith(ctx.inp(0), None, ctx.inp(2), ctx.out())


@register("FusedResizeAndPadConv2D",
          flops="9·N(resized) (ResizeBilinear's) + Conv2D's N(out)·(2K−1)", tf="0",
          maccs="N(out)·K", values=True)
def fused_resize_and_pad_conv2d(ctx):
    v = ctx.value(1)
    size = (None, None) if v is None else tuple(int(d) for d in v.reshape(-1)[:2])
    return fused_pad_conv_arith(ctx.inp(0), size, ctx.inp(3), ctx.out())


@register("LowerBound", "UpperBound", flops="N(values)·⌈log2(n+1)⌉, n = sorted_inputs[-1]",
          tf="0", maccs="0")
def search_sorted(ctx):
    s = ctx.inp(0)
    got = search_arith(ctx.inp(1), None if not s else s[-1])
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, 0, got[1])


@register("ApproxTopK", flops="N(in0)·⌈log2(k+1)⌉ (TopK's)", tf="0", maccs="0")
def approx_top_k(ctx):
    got = search_arith(ctx.inp(0), int(ctx.attr("k", 0)))
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, 0, got[1])




def fft_nd_arith(x, lengths, axes, real: bool) -> Cost:
    if x is None or lengths is None or axes is None or None in x:
        return Cost(None, 0, 0)
    rank = len(x)
    spanned = 1
    for a in axes:
        spanned *= x[a % rank] if rank else 1
    points = 1
    for m in lengths:
        points *= m
    transforms = N(x) // spanned if spanned else 0
    exact, text = fft_arith(transforms * points, points, real)
    return Cost(exact, 0, 0, text)


def _fft_nd(real: bool):
    def formula(ctx):
        v, a = ctx.value(1), ctx.value(2)
        lengths = None if v is None else [int(m) for m in v.reshape(-1)]
        axes = None if a is None else [int(m) for m in a.reshape(-1)]
        return fft_nd_arith(ctx.inp(0), lengths, axes, real)
    return formula


register("FFTND", "IFFTND", flops="5·T·M·log2 M, M = prod(fft_length), T = N(in0)/prod(in0[axes])",
         tf="0", maccs="0", values=True)(_fft_nd(False))
register("RFFTND", "IRFFTND", flops="2.5·T·M·log2 M, M = prod(fft_length), T = N(in0)/prod(in0[axes])",
         tf="0", maccs="0", values=True)(_fft_nd(True))


@register("Conv", flops="N(out)·(2K−1), K = prod(f[:-1]) (Conv2D's)", tf="0", maccs="N(out)·K")
def conv_nd(ctx):
    return conv_arith(ctx.inp(0), ctx.inp(1), ctx.out())._replace(tf_flops=0)
