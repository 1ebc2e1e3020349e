"""Shape functions of the oneDNN-fused quantized ops (QuantizedConv2D{WithBias,AndRelu,...},
QuantizedDepthwiseConv2D*, QuantizedMatMulWithBias*, QuantizedConv2DPerChannel), QuantizedAdd /
QuantizedMul, the per-channel requantization ops, QuantizeAndDequantize (v1) and the Uniform*
quantized ops (TF 2.21's nn_ops.cc, math_ops.cc, array_ops.cc, uniform_quant_ops.cc): the float
op's shape rule for the data output, then the output's min and max: scalars when the op
requantizes to a frozen range, else the filter's (per-channel) max's shape (the depthwise ops
leave them unknown)."""

from __future__ import annotations

from .conv_extra import depthwise
from .math_ops import matmul_shape
from .nn import conv
from .registry import shape_fn
from .util import broadcast, check_rank

FUSED_CONV = ("QuantizedConv2DWithBias", "QuantizedConv2DWithBiasAndRelu",
              "QuantizedConv2DWithBiasAndReluAndRequantize",
              "QuantizedConv2DWithBiasAndRequantize", "QuantizedConv2DWithBiasSumAndRelu",
              "QuantizedConv2DWithBiasSumAndReluAndRequantize",
              "QuantizedConv2DWithBiasSignedSumAndReluAndRequantize", "QuantizedConv2DAndRelu",
              "QuantizedConv2DAndReluAndRequantize", "QuantizedConv2DAndRequantize",
              "QuantizedConv2DPerChannel")
FUSED_DEPTHWISE = ("QuantizedDepthwiseConv2D", "QuantizedDepthwiseConv2DWithBias",
                   "QuantizedDepthwiseConv2DWithBiasAndRelu",
                   "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize")
FUSED_MATMUL = ("QuantizedMatMulWithBias", "QuantizedMatMulWithBiasAndRelu",
                "QuantizedMatMulWithBiasAndReluAndRequantize",
                "QuantizedMatMulWithBiasAndRequantize")


def _max_filter_index(op: str) -> int:
    """Index of max_filter: after input, filter, (bias), min_input, max_input, min_filter."""
    return 6 if "Bias" in op else 5


def _range(ctx):
    """TF 2.21 gives min_output and max_output max_filter's shape (a scalar, or [C] per
    channel; unknown when it is, whatever min_filter is)."""
    if "Requantize" in ctx.node.op:
        return [(), ()]
    s = ctx.in_shape(_max_filter_index(ctx.node.op))
    if s is not None and len(s) > 1:
        check_rank(s, 1, "max_filter")
    return [s, s]


@shape_fn(*FUSED_CONV)
def fused_quantized_conv(ctx):
    return conv(ctx) + _range(ctx)


@shape_fn(*FUSED_DEPTHWISE)
def fused_quantized_depthwise(ctx):
    """TF's shape function sets only the data output: the min and max are of unknown rank."""
    return depthwise(ctx) + [None, None]


def _matmul(ctx):
    return matmul_shape(ctx.in_shape(0), ctx.in_shape(1), bool(ctx.attr("transpose_a", False)),
                        bool(ctx.attr("transpose_b", False)))


@shape_fn(*FUSED_MATMUL)
def fused_quantized_matmul(ctx):
    check_rank(ctx.in_shape(2), 1, "bias")
    return [_matmul(ctx), (), ()]


@shape_fn("QuantizedMatMulWithBiasAndDequantize")
def fused_quantized_matmul_dequantize(ctx):
    check_rank(ctx.in_shape(2), 1, "bias")
    return [_matmul(ctx)]


@shape_fn("QuantizedAdd", "QuantizedMul")
def quantized_binary(ctx):
    return [broadcast(ctx.in_shape(0), ctx.in_shape(1)), (), ()]


@shape_fn("RequantizePerChannel")
def requantize_per_channel(ctx):
    return [ctx.in_shape(0), (), ()]


@shape_fn("RequantizationRangePerChannel")
def requantization_range_per_channel(ctx):
    return [(), ()]


@shape_fn("QuantizeAndDequantize", "UniformQuantize", "UniformDequantize", "UniformRequantize",
          "UniformQuantizedClipByValue")
def quantized_unchanged(ctx):
    return [ctx.in_shape(0)]


@shape_fn("UniformQuantizedAdd")
def uniform_quantized_add(ctx):
    return [broadcast(ctx.in_shape(0), ctx.in_shape(1))]


@shape_fn("UniformQuantizedDot", "UniformQuantizedDotHybrid")
def uniform_quantized_dot(ctx):
    a, b = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(a, 2, "lhs")
    check_rank(b, 2, "rhs")
    return [matmul_shape(a, b, False, False)]
