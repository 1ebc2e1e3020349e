"""Shape functions of TF's legacy quantized ops (nn_ops.cc, math_ops.cc, array_ops.cc): the float
op's own shape rule for the data output, then two scalars (the output's min and max).

QuantizedConv2D follows Conv2D (NHWC, no data_format attr), QuantizedMatMul MatMul,
QuantizedBiasAdd BiasAdd, QuantizedReshape Reshape, QuantizedConcat Concat (concat_dim first,
then N values, N mins, N maxes); the activations, Requantize and QuantizeDownAndShrinkRange keep
their input's shape; RequantizationRange gives two scalars.
"""

from __future__ import annotations

from .array_ops import concat_shapes, reshape
from .consteval import int_value
from .math_ops import matmul_shape
from .nn import bias_add, conv
from .registry import shape_fn
from .util import check_rank

_RANGE = [(), ()]


def _scalars(ctx, first: int, last: int):
    for i in range(first, min(last, ctx.n_inputs)):
        check_rank(ctx.in_shape(i), 0, "min/max input")


@shape_fn("QuantizedConv2D")
def quantized_conv2d(ctx):
    _scalars(ctx, 2, 6)
    return conv(ctx) + _RANGE


@shape_fn("QuantizedMatMul")
def quantized_matmul(ctx):
    _scalars(ctx, 2, 6)
    return [matmul_shape(ctx.in_shape(0), ctx.in_shape(1), bool(ctx.attr("transpose_a", False)),
                         bool(ctx.attr("transpose_b", False)))] + _RANGE


@shape_fn("QuantizedBiasAdd")
def quantized_bias_add(ctx):
    _scalars(ctx, 2, 6)
    return bias_add(ctx) + _RANGE


@shape_fn("QuantizedRelu", "QuantizedRelu6", "Requantize", "QuantizeDownAndShrinkRange")
def quantized_unchanged(ctx):
    _scalars(ctx, 1, ctx.n_inputs)
    return [ctx.in_shape(0)] + _RANGE


@shape_fn("QuantizedReluX")
def quantized_relu_x(ctx):
    _scalars(ctx, 1, 4)
    return [ctx.in_shape(0)] + _RANGE


@shape_fn("RequantizationRange")
def requantization_range(ctx):
    _scalars(ctx, 1, 3)
    return list(_RANGE)


@shape_fn("QuantizedReshape")
def quantized_reshape(ctx):
    _scalars(ctx, 2, 4)
    return reshape(ctx)[:1] + _RANGE


@shape_fn("QuantizedConcat")
def quantized_concat(ctx):
    n = (ctx.n_inputs - 1) // 3
    check_rank(ctx.in_shape(0), 0, "concat_dim")
    _scalars(ctx, 1 + n, 1 + 3 * n)
    axis = int_value(ctx, 0, "concat_dim")
    return [concat_shapes([ctx.in_shape(i) for i in range(1, 1 + n)], axis)] + _RANGE
