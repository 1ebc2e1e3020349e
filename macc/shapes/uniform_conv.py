"""Shape function of UniformQuantizedConvolution(Hybrid) (TF 2.21's uniform_quant_ops.cc and
util/quantization/uniform_quant_ops_params.cc): an XLA-style N-d convolution whose layout comes
from the ``dimension_numbers`` attr, a serialized UniformQuantizedConvolutionDimensionNumbersAttr
(empty: batch, feature, spatial... for the input and output, out feature, in feature,
spatial... for the kernel). Each output spatial dim is ⌈(dilated input + padding − dilated kernel
+ 1) / stride⌉; the output batch is the input's / batch_group_count, the output features the
kernel's output features. TF 2.21 sizes the output only when both inputs are fully known (else
only its rank is known).
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import ShapeError
from .registry import shape_fn
from .util import known, text_attr
from .wire import attr_bytes, ints, proto_fields

FIELDS = ("input_batch", "input_feature", "input_spatial", "kernel_input_feature",
          "kernel_output_feature", "kernel_spatial", "output_batch", "output_feature",
          "output_spatial")  # proto field numbers 1..9; 3, 6 and 9 are repeated


class DimNumbers(NamedTuple):
    input_batch: int
    input_feature: int
    input_spatial: tuple
    kernel_input_feature: int
    kernel_output_feature: int
    kernel_spatial: tuple
    output_batch: int
    output_feature: int
    output_spatial: tuple


def dimension_numbers(attr, rank: int) -> DimNumbers:
    """The layout of an N-d convolution of inputs of ``rank``; a ShapeError when malformed."""
    data = attr_bytes(attr)
    spatial = tuple(range(2, rank))
    if not data:
        return DimNumbers(0, 1, spatial, 1, 0, spatial, 0, 1, spatial)
    what = "attr 'dimension_numbers'"
    got = proto_fields(data, what)
    for field in got:
        if not 1 <= field <= 9:
            raise ShapeError(f"cannot parse {what}: unexpected field {field}")
    values = [ints(got.get(i, []), what) for i in range(1, 10)]
    dn = DimNumbers(*[tuple(v) if f.endswith("spatial") else (v[-1] if v else 0)
                      for f, v in zip(FIELDS, values)])
    for f, v in zip(FIELDS, dn):
        for d in (v if isinstance(v, tuple) else (v,)):
            if not 0 <= d < rank:
                raise ShapeError(f"dimension number {f} = {d} is outside [0, {rank})")
        if isinstance(v, tuple) and len(v) != rank - 2:
            raise ShapeError(f"{f} dimensions has {len(v)} entries, expected rank − 2 = "
                             f"{rank - 2}")
    return dn


def _ints(ctx, key, n, default):
    v = list(ctx.attr(key, []) or [])
    if not v:
        return [default] * n
    if len(v) != n:
        raise ShapeError(f"attr '{key}' has {len(v)} entries, expected rank − 2 = {n}")
    return v


def _dilated(size, d):
    return 0 if size == 0 else (size - 1) * d + 1


@shape_fn("UniformQuantizedConvolution", "UniformQuantizedConvolutionHybrid")
def uniform_quantized_convolution(ctx):
    lhs, rhs = ctx.in_shape(0), ctx.in_shape(1)
    if lhs is not None and rhs is not None and len(lhs) != len(rhs):
        raise ShapeError(f"lhs and rhs must have the same rank, got {len(lhs)} and {len(rhs)}")
    rank = len(lhs) if lhs is not None else (len(rhs) if rhs is not None else None)
    if rank is not None and rank < 3:
        raise ShapeError(f"lhs and rhs must have rank at least 3, got {rank}")
    if not known(lhs) or not known(rhs):
        return [None if rank is None else (None,) * rank]
    n = rank - 2
    dn = dimension_numbers(ctx.attr("dimension_numbers", b""), rank)
    strides = _ints(ctx, "window_strides", n, 1)
    lhs_dil, rhs_dil = _ints(ctx, "lhs_dilation", n, 1), _ints(ctx, "rhs_dilation", n, 1)
    fgc, bgc = int(ctx.attr("feature_group_count", 1)), int(ctx.attr("batch_group_count", 1))
    if min(strides + lhs_dil + rhs_dil) < 1 or fgc < 1 or bgc < 1:
        raise ShapeError("strides, dilations and group counts must be positive")
    cin, kin = lhs[dn.input_feature], rhs[dn.kernel_input_feature]
    if cin % fgc or cin // fgc != kin:
        raise ShapeError(f"lhs features {cin} / feature_group_count {fgc} must equal the "
                         f"kernel's input features {kin}")
    if lhs[dn.input_batch] % bgc:
        raise ShapeError(f"batch_group_count {bgc} does not divide the batch "
                         f"{lhs[dn.input_batch]}")
    padding = text_attr(ctx, "padding", b"")
    pads = list(ctx.attr("explicit_padding", []) or [])
    if padding == "EXPLICIT" and (len(pads) != 2 * n or min(pads, default=0) < 0):
        raise ShapeError(f"explicit_padding must hold 2·(rank − 2) = {2 * n} non-negative ints")
    if padding not in ("SAME", "VALID", "EXPLICIT"):
        raise ShapeError(f"padding must be SAME, VALID or EXPLICIT, got {padding!r}")
    out = [0] * rank
    out[dn.output_batch] = lhs[dn.input_batch] // bgc
    out[dn.output_feature] = rhs[dn.kernel_output_feature]
    for i in range(n):
        x = _dilated(lhs[dn.input_spatial[i]], lhs_dil[i])
        k = _dilated(rhs[dn.kernel_spatial[i]], rhs_dil[i])
        if padding == "EXPLICIT":
            total = pads[2 * i] + pads[2 * i + 1]
        elif padding == "VALID":
            total = 0
        else:
            total = max((-(-x // strides[i]) - 1) * strides[i] + k - x, 0)
        size = x + total - k + 1
        if size < 0:
            raise ShapeError(f"the dilated kernel ({k}) is larger than the padded input "
                             f"({x + total}) in spatial dim {i}")
        out[dn.output_spatial[i]] = -(-size // strides[i])
    return [tuple(out)]
