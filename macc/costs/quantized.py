"""TF's legacy quantized ops (quint8/qint32 tensors with float min/max; TensorFlow counts 0).

Integer arithmetic counts like floating-point arithmetic (dtypes are never checked, as for
QuantizedAvgPool/QuantizedMaxPool): a quantized op costs what its float twin costs, plus the
range conversions its kernel does per element. Moving a value into another quantized range is an
affine map, a multiply and an add: 2 per element (Dequantize's count); clamping to the output
type's range is 2 comparisons. Work on the scalar mins and maxes is left out.

- QuantizedConv2D / QuantizedMatMul: the Conv2D / MatMul contraction (``conv_arith``,
  ``matmul_arith``); the zero-point offsets are folded into the integer GEMM and not counted.
- QuantizedBiasAdd: the input and the bias mapped into the 32-bit output range (2·N(in0) +
  2·N(bias)), then the add (N(in0)): 3·N(in0) + 2·N(bias).
- QuantizedRelu / QuantizedRelu6 / QuantizedReluX: Relu's (1) and Relu6's (2) per-element counts
  (the bounds are quantized once).
- Requantize: the affine map into the requested range and the clamp: 4 per element.
- RequantizationRange: the input's min and max, 2·(N − 1) comparisons;
  QuantizeDownAndShrinkRange does that, then Requantize: 2·(N − 1) + 4·N.
- QuantizedConcat: every element mapped into the output's range (2·N(out)); an upper bound: TF's
  kernel copies an input whose range already equals the output's (a value).
- QuantizedInstanceNorm: the float moments, normalisation, range and quantization of TF's
  Eigen path, 16·N + 2·(N − 1) (``quantized_instance_norm_arith``).
- QuantizedReshape moves no data (zero set).
"""

from __future__ import annotations

from . import activation  # noqa: F401  (Relu/Relu6 counts, read below)
from .contraction import conv_arith, matmul_arith
from .fused import per_element_ops
from .registry import Cost, N, add_zero_ops, dims, register

add_zero_ops("QuantizedReshape")

AFFINE = 2  # one value moved into another quantized range: a multiply and an add
CLAMP = 2


@register("QuantizedConv2D", flops="N(out)·(2K−1), K = kh·kw·cin (Conv2D's)", tf="0",
          maccs="N(out)·K")
def quantized_conv2d(ctx):
    return conv_arith(ctx.inp(0), ctx.inp(1), ctx.out())._replace(tf_flops=0)


@register("QuantizedMatMul", flops="m·n·(2k−1) (MatMul's)", tf="0", maccs="m·n·k")
def quantized_matmul(ctx):
    return matmul_arith(ctx.inp(0), ctx.inp(1), ctx.out(), bool(ctx.attr("transpose_a", False)),
                        bool(ctx.attr("transpose_b", False)))._replace(tf_flops=0)


@register("QuantizedBiasAdd", flops="3·N(in0) + 2·N(bias): both mapped into the output range, "
          "then added", tf="0", maccs="0")
def quantized_bias_add(ctx):
    x, b = ctx.inp(0), ctx.inp(1)
    if N(x) is None or N(b) is None:
        return Cost(None, 0, 0)
    return Cost((AFFINE + 1) * N(x) + AFFINE * N(b), 0, 0, f"3·{dims(x)} + 2·{dims(b)}")


def _per_element(per: int, on: int = 0):
    def formula(ctx):
        x = ctx.inp(on)
        if N(x) is None:
            return Cost(None, 0, 0)
        return Cost(per * N(x), 0, 0, f"{per}·{dims(x)}" if per != 1 else dims(x))
    return formula


register("QuantizedRelu", flops="N(in0) (Relu's)", tf="0", maccs="0")(
    _per_element(per_element_ops("Relu")))
register("QuantizedRelu6", "QuantizedReluX", flops="2·N(in0) (Relu6's)", tf="0", maccs="0")(
    _per_element(per_element_ops("Relu6")))
register("Requantize", flops="4·N(in0): the affine map and the clamp", tf="0", maccs="0")(
    _per_element(AFFINE + CLAMP))


@register("QuantizedConcat", flops="2·N(out): each element mapped into the output range (a bound)",
          tf="0", maccs="0")
def quantized_concat(ctx):
    out = ctx.out()
    if N(out) is None:
        return Cost(None, 0, 0)
    return Cost(AFFINE * N(out), 0, 0, f"2·{dims(out)}")


def range_arith(x) -> tuple[int, str] | None:
    """(exact, text) of the min and the max of ``x``: 2·(N − 1) comparisons."""
    if N(x) is None:
        return None
    return 2 * max(N(x) - 1, 0), f"2·({dims(x)}−1)"


@register("RequantizationRange", flops="2·(N(in0) − 1): the min and the max", tf="0", maccs="0")
def requantization_range(ctx):
    got = range_arith(ctx.inp(0))
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, 0, got[1])


@register("QuantizeDownAndShrinkRange", flops="2·(N(in0) − 1) + 4·N(in0): RequantizationRange "
          "then Requantize", tf="0", maccs="0")
def quantize_down_and_shrink_range(ctx):
    x = ctx.inp(0)
    got = range_arith(x)
    if got is None:
        return Cost(None, 0, 0)
    per = AFFINE + CLAMP
    return Cost(got[0] + per * N(x), 0, 0, f"{got[1]} + {per}·{dims(x)}")


def quantized_batch_norm_arith(x, c, scale: bool) -> tuple[int, str] | None:
    """TF's FixedPointBatchNorm: per channel the four vectors dequantized (4·AFFINE), 1/sqrt(v +
    eps) (3), × gamma (1, with scale_after_normalization), offset = −mean·scale + beta (2) and
    both requantized (2·AFFINE): 18 (17); per element the input moved into the output range
    (AFFINE), × scale, / one, + offset (3): 5."""
    if N(x) is None or c is None:
        return None
    per_c = 4 * AFFINE + 3 + (1 if scale else 0) + 2 + 2 * AFFINE
    per_x = AFFINE + 3
    return per_x * N(x) + per_c * c, f"{per_x}·{dims(x)} + {per_c}·{c}"


@register("QuantizedBatchNormWithGlobalNormalization",
          flops="5·N(t) + 18·C (17·C without scale_after_normalization)", tf="0", maccs="0")
def quantized_batch_norm_global(ctx):
    x = ctx.inp(0)
    c = x[-1] if x else None
    got = quantized_batch_norm_arith(x, c, bool(ctx.attr("scale_after_normalization", True)))
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, 0, got[1])


def quantized_instance_norm_arith(x, range_given: bool) -> tuple[int, str] | None:
    """TF's QuantizedInstanceNorm (its Eigen path; the NEON one for a single image with C % 16
    == 0 on ARM is not counted), E = N(x), moments per image and channel over H·W: the mean
    (E − N·C adds, N·C divides: E); the variance of input_scale·(x − mean) (3 per element, then
    its mean: E); the normalised input_scale·(x − mean)·rsqrt(var + ε), the rsqrt broadcast
    unevaluated, so computed again for each element (add, sqrt, divide: 3; 6 per element);
    unless output_range_given, its min and max (2·(E − 1)); the quantization into that range,
    QuantizeV2's multiply, round, subtract and clamp (5): 16·E (+ 2·(E − 1)). The scalar range
    arithmetic is left out (this module's rule)."""
    if N(x) is None:
        return None
    e = N(x)
    if e == 0:
        return 0, "0"
    if range_given:
        return 16 * e, f"16·{dims(x)}"
    return 18 * e - 2, f"16·{dims(x)} + 2·({dims(x)}−1)"


@register("QuantizedInstanceNorm",
          flops="16·N(x) + 2·(N(x) − 1) (the output's min and max; not with output_range_given)",
          tf="0", maccs="0")
def quantized_instance_norm(ctx):
    got = quantized_instance_norm_arith(ctx.inp(0), bool(ctx.attr("output_range_given", False)))
    return Cost(None, 0, 0) if got is None else Cost(got[0], 0, 0, got[1])
