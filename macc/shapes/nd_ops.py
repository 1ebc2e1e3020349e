"""Shape functions of the N-d generic ops of TF 2.15+: the FFTND family (spectral_ops.cc: the
output is given the input's shape, rank at least 1, even for RFFTND/IRFFTND whose true last
length differs: TF's rule, kept so that the ops after them see what TF sees) and the generic
``Conv`` (nn_ops.cc ConvShape: ``batch_dims`` leading batch dims, ``groups``, channels first or
last)."""

from __future__ import annotations

from ..errors import ShapeError
from .nn import explicit_paddings, spatial_out, window_attr
from .registry import shape_fn
from .util import check_rank, fmt, text_attr


@shape_fn("FFTND", "IFFTND", "RFFTND", "IRFFTND")
def fft_nd(ctx):
    x = ctx.in_shape(0)
    if x is not None and not x:
        raise ShapeError("input must have rank at least 1")
    check_rank(ctx.in_shape(1), 1, "fft_length")
    check_rank(ctx.in_shape(2), 1, "axes")
    return [x]


def conv_layout(rank: int, batch_dims: int, channels_last: bool):
    """(channel axis, spatial axes) of a generic Conv input of ``rank``."""
    if channels_last:
        return rank - 1, list(range(batch_dims, rank - 1))
    return batch_dims, list(range(batch_dims + 1, rank))


@shape_fn("Conv")
def conv_nd(ctx):
    x, f = ctx.in_shape(0), ctx.in_shape(1)
    b = int(ctx.attr("batch_dims", 1))
    groups = int(ctx.attr("groups", 1))
    if x is None:
        return [None]
    rank = len(x)
    spatial = rank - b - 1
    check_rank(f, spatial + 2, "filter")
    fmt_ = text_attr(ctx, "data_format", "CHANNELS_LAST")
    c_ax, sp = conv_layout(rank, b, fmt_ != "CHANNELS_FIRST")
    # strides, dilations and explicit paddings cover one batch dim, the spatial dims and the
    # channels (spatial + 2 entries), whatever batch_dims is
    n = spatial + 2
    strides = window_attr(ctx, "strides", n)
    dilations = window_attr(ctx, "dilations", n) if ctx.attr("dilations") else [1] * n
    padding = text_attr(ctx, "padding", "VALID")
    explicit = explicit_paddings(ctx, n)
    shift = (1 if fmt_ == "CHANNELS_FIRST" else 0) + 1  # entry of spatial dim 0
    cin = x[c_ax]
    if f is not None and cin is not None and f[-2] is not None and cin != f[-2] * groups:
        raise ShapeError(f"input {fmt(x)} has {cin} channels, filter {fmt(f)} × {groups} groups "
                         f"expects {f[-2] * groups}")
    out = list(x)
    out[c_ax] = None if f is None else f[-1]
    for j, ax in enumerate(sp):
        e = j + shift
        lo, hi = (explicit[2 * e], explicit[2 * e + 1]) if explicit else (0, 0)
        out[ax] = spatial_out(x[ax], None if f is None else f[j], strides[e], dilations[e],
                              padding, lo, hi)
    return [tuple(out)]
