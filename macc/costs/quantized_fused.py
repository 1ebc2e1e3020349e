"""The oneDNN-fused quantized ops, QuantizedAdd/Mul, per-channel requantization, the v1
QuantizeAndDequantize and the Uniform* quantized ops (TensorFlow counts 0). Built from the legacy
quantized ops' rules (macc/costs/quantized.py: a value moved into another quantized range is an
affine map, AFFINE = 2; a clamp to the output type, CLAMP = 2; integer arithmetic counts like
floating point):

- QuantizedConv2D… / QuantizedDepthwiseConv2D… / QuantizedMatMulWithBias…: the float op's
  contraction (``conv_arith`` / ``matmul_arith``), then per output element each fused step: the
  bias add 1 (the bias itself scaled into the accumulator's range once: AFFINE·N(bias)), Relu 1,
  the summand mapped into the output range and added (AFFINE + 1), Requantize AFFINE + CLAMP,
  Dequantize AFFINE.
- QuantizedAdd: both inputs mapped into the 32-bit output range and added, 2·AFFINE + 1 = 5 per
  output element; QuantizedMul: both zero points subtracted and the product taken, 3.
- RequantizePerChannel: Requantize's 4 per element; RequantizationRangePerChannel: each
  channel's min and max, 2·(N − C) comparisons (C = the last dim).
- QuantizeAndDequantize (v1): QuantizeAndDequantizeV2's count (range_given false by default).
- UniformQuantize: QuantizeV2's 5 per element; UniformDequantize: Dequantize's 2;
  UniformRequantize: Requantize's 4; UniformQuantizedClipByValue: ClipByValue's 2;
  UniformQuantizedAdd: QuantizedAdd's 5 + the clamp 2 = 7 per output element;
  UniformQuantizedDot: MatMul's contraction + Requantize's 4 per output element;
  UniformQuantizedDotHybrid: rhs dequantized (2·N(rhs)) + MatMul's contraction;
  UniformQuantizedConvolution(Hybrid) likewise with the convolution's contraction: every output a
  dot product of K = N(rhs) / (the kernel's output features) taps (the layout from
  ``dimension_numbers``; dilated and padded positions counted like Conv2D's padding).
"""

from __future__ import annotations

from ..shapes.uniform_conv import dimension_numbers
from . import quantization
from .contraction import contraction, conv_arith, matmul_arith
from .elementwise import elementwise
from .quantized import AFFINE, CLAMP
from .registry import Cost, N, dims, register

REQUANTIZE = AFFINE + CLAMP


def fused_steps(op: str) -> int:
    """Per-output-element operations after the contraction, from the op's name."""
    per = 1 if "Bias" in op else 0
    if "SumAndRelu" in op:
        per += AFFINE + 1
    if "Relu" in op:
        per += 1
    if op.endswith("Requantize"):
        per += REQUANTIZE
    if op.endswith("Dequantize"):
        per += AFFINE
    return per


def fused_quantized_arith(op: str, base: Cost, out, bias) -> Cost:
    per = fused_steps(op)
    if base.flops is None or N(out) is None:
        return Cost(None, 0, base.maccs)
    extra = per * N(out)
    text = base.formula + (f" + {per}·{dims(out)}" if per else "")
    if "Bias" in op:
        if N(bias) is None:
            return Cost(None, 0, base.maccs)
        extra += AFFINE * N(bias)
        text += f" + 2·{dims(bias)}"
    return Cost(base.flops + extra, 0, base.maccs, text)


_TEXT = "the float op's contraction + per output element: bias 1, Relu 1, summand 3, " \
        "Requantize 4, Dequantize 2 (each when fused) + 2·N(bias)"


def _conv(depthwise: bool):
    def formula(ctx):
        op = ctx.node.op
        base = conv_arith(ctx.inp(0), ctx.inp(1), ctx.out(), depthwise=depthwise)
        return fused_quantized_arith(op, base, ctx.out(), ctx.inp(2))
    return formula


register("QuantizedConv2DWithBias", "QuantizedConv2DWithBiasAndRelu",
         "QuantizedConv2DWithBiasAndReluAndRequantize", "QuantizedConv2DWithBiasAndRequantize",
         "QuantizedConv2DWithBiasSumAndRelu", "QuantizedConv2DWithBiasSumAndReluAndRequantize",
         "QuantizedConv2DWithBiasSignedSumAndReluAndRequantize", "QuantizedConv2DAndRelu",
         "QuantizedConv2DAndReluAndRequantize", "QuantizedConv2DAndRequantize",
         "QuantizedConv2DPerChannel", flops=_TEXT, tf="0", maccs="N(out)·K (Conv2D's)")(_conv(False))
register("QuantizedDepthwiseConv2D", "QuantizedDepthwiseConv2DWithBias",
         "QuantizedDepthwiseConv2DWithBiasAndRelu",
         "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize", flops=_TEXT, tf="0",
         maccs="N(out)·kh·kw (DepthwiseConv2dNative's)")(_conv(True))


@register("QuantizedMatMulWithBias", "QuantizedMatMulWithBiasAndRelu",
          "QuantizedMatMulWithBiasAndReluAndRequantize", "QuantizedMatMulWithBiasAndRequantize",
          "QuantizedMatMulWithBiasAndDequantize", flops=_TEXT, tf="0", maccs="m·n·k (MatMul's)")
def fused_quantized_matmul(ctx):
    base = matmul_arith(ctx.inp(0), ctx.inp(1), ctx.out(), bool(ctx.attr("transpose_a", False)),
                        bool(ctx.attr("transpose_b", False)))
    return fused_quantized_arith(ctx.node.op, base, ctx.out(), ctx.inp(2))


elementwise("QuantizedAdd", per=2 * AFFINE + 1)
elementwise("QuantizedMul", per=3)
elementwise("RequantizePerChannel", "UniformRequantize", per=REQUANTIZE, on="in0")
elementwise("UniformQuantize", per=5, on="in0")
elementwise("UniformDequantize", per=AFFINE, on="in0")
elementwise("UniformQuantizedClipByValue", per=CLAMP, on="in0")
elementwise("UniformQuantizedAdd", per=2 * AFFINE + 1 + CLAMP)
register("QuantizeAndDequantize", flops=quantization._QDQ_TEXT, tf="0", maccs="0")(
    quantization._qdq(False))


@register("RequantizationRangePerChannel", flops="2·(N(in0) − C): each channel's min and max",
          tf="0", maccs="0")
def requantization_range_per_channel(ctx):
    x = ctx.inp(0)
    if N(x) is None or not x:
        return Cost(None, 0, 0)
    return Cost(2 * (N(x) - x[-1]), 0, 0, f"2·({dims(x)}−{x[-1]})")


@register("UniformQuantizedDot", flops="m·n·(2k−1) (MatMul's) + 4·N(out) (Requantize's)", tf="0",
          maccs="m·n·k")
def uniform_quantized_dot(ctx):
    base = matmul_arith(ctx.inp(0), ctx.inp(1), ctx.out())
    out = ctx.out()
    if base.flops is None or N(out) is None:
        return Cost(None, 0, base.maccs)
    return Cost(base.flops + REQUANTIZE * N(out), 0, base.maccs,
                f"{base.formula} + 4·{dims(out)}")


@register("UniformQuantizedDotHybrid", flops="2·N(rhs) (Dequantize's) + m·n·(2k−1) (MatMul's)",
          tf="0", maccs="m·n·k")
def uniform_quantized_dot_hybrid(ctx):
    rhs = ctx.inp(1)
    base = matmul_arith(ctx.inp(0), rhs, ctx.out())
    if base.flops is None or N(rhs) is None:
        return Cost(None, 0, base.maccs)
    return Cost(base.flops + AFFINE * N(rhs), 0, base.maccs, f"2·{dims(rhs)} + {base.formula}")


def uniform_conv_contraction(ctx) -> tuple[int | None, int | None, str]:
    rhs, out = ctx.inp(1), ctx.out()
    if N(rhs) is None or N(out) is None or len(rhs) < 3:
        return None, None, ""
    dn = dimension_numbers(ctx.attr("dimension_numbers", b""), len(rhs))
    cout = rhs[dn.kernel_output_feature]
    return contraction(out, N(rhs) // cout if cout else 0)


@register("UniformQuantizedConvolution",
          flops="N(out)·(2K−1) + 4·N(out) (Requantize's), K = N(rhs)/cout", tf="0",
          maccs="N(out)·K")
def uniform_quantized_convolution(ctx):
    flops, maccs, text = uniform_conv_contraction(ctx)
    if flops is None:
        return Cost(None, 0, None)
    out = ctx.out()
    return Cost(flops + REQUANTIZE * N(out), 0, maccs, f"{text} + 4·{dims(out)}")


@register("UniformQuantizedConvolutionHybrid",
          flops="2·N(rhs) (Dequantize's) + N(out)·(2K−1), K = N(rhs)/cout", tf="0",
          maccs="N(out)·K")
def uniform_quantized_convolution_hybrid(ctx):
    flops, maccs, text = uniform_conv_contraction(ctx)
    if flops is None:
        return Cost(None, 0, None)
    rhs = ctx.inp(1)
    return Cost(flops + AFFINE * N(rhs), 0, maccs, f"2·{dims(rhs)} + {text}")
