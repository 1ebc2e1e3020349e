"""Shape functions of convolutions and bias adds."""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import check_rank, fmt, int_list


def spatial_out(size, k, stride, dilation, padding, pad_lo=0, pad_hi=0):
    """One spatial output dim of a convolution or pooling window (None when unknown). SAME needs
    only the input size: ceil(size / stride), the window unknown or not (TF 2.21's rule)."""
    if size is None:
        return None
    if stride < 1 or dilation < 1:
        raise ShapeError(f"stride {stride} and dilation {dilation} must be at least 1")
    if padding == "SAME":
        return -(-size // stride)
    if k is None:
        return None
    eff = (k - 1) * dilation + 1
    if padding == "VALID":
        out = (size - eff) // stride + 1
    elif padding == "EXPLICIT":
        out = (size + pad_lo + pad_hi - eff) // stride + 1
    else:
        raise ShapeError(f"unknown padding '{padding}' (expected SAME, VALID or EXPLICIT)")
    if out < 0:
        raise ShapeError(f"window {k} (dilation {dilation}) is larger than the padded input {size}")
    return out


def layout(data_format: str, rank: int):
    """(batch axis, channel axis, spatial axes) for NHWC/NCHW-style formats."""
    fmt_ = data_format or ("NHWC" if rank == 4 else "NDHWC")
    if fmt_ in ("NHWC", "NDHWC", "NWC"):
        return 0, rank - 1, list(range(1, rank - 1))
    if fmt_ in ("NCHW", "NCDHW", "NCW", "NCHW_VECT_C"):
        return 0, 1, list(range(2, rank))
    raise ShapeError(f"unknown data_format '{data_format}'")


def window_attr(ctx, key, rank, default=1):
    vals = ctx.attr(key)
    if vals is None:
        return [default] * rank
    vals = int_list(vals, key)
    if len(vals) != rank:
        raise ShapeError(f"attr '{key}' has length {len(vals)}, expected {rank}")
    return vals


def explicit_paddings(ctx, rank: int) -> list[int] | None:
    """The ``explicit_paddings`` attr (2 ints per dim) when padding is EXPLICIT, else None."""
    if ctx.attr("padding") != "EXPLICIT":
        return None
    explicit = int_list(ctx.attr("explicit_paddings", []), "explicit_paddings")
    if len(explicit) != 2 * rank:
        raise ShapeError(f"explicit_paddings has length {len(explicit)}, expected {2 * rank}")
    return explicit


def conv_output(x, f, *, data_format, strides, dilations, padding, explicit=None, transposed=False):
    """Output shape of an N-d convolution: x in ``data_format``, f = [k..., cin/groups, cout]."""
    rank = len(x) if x is not None else (len(f) if f is not None else None)
    if rank is None:
        return None
    check_rank(f, rank, "filter input")
    b_ax, c_ax, sp = layout(data_format, rank)
    cout = f[-1] if f is not None else None
    if x is None:
        return None
    cin, fcin = x[c_ax], (f[-2] if f is not None else None)
    if cin is not None and fcin is not None and (fcin == 0 or cin % fcin):
        raise ShapeError(f"input has {cin} channels, the filter {fmt(f)} expects a multiple of {fcin}")
    out = list(x)
    out[c_ax] = cout
    for j, ax in enumerate(sp):
        k = f[j] if f is not None else None
        lo = hi = 0
        if explicit:
            lo, hi = explicit[2 * ax], explicit[2 * ax + 1]
        out[ax] = spatial_out(x[ax], k, strides[ax], dilations[ax], padding, lo, hi)
    return tuple(out)


@shape_fn("Conv2D", "Conv3D")
def conv(ctx):
    rank = 5 if "3D" in ctx.node.op else 4
    x, f = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(x, rank, "input")
    check_rank(f, rank, "filter input")
    if x is None:
        x = (None,) * rank  # TF 2.21: an unknown-rank input is taken as rank 4 (5)
    padding = ctx.attr("padding", "VALID")
    explicit = explicit_paddings(ctx, rank)
    default_fmt = "NHWC" if rank == 4 else "NDHWC"
    return [conv_output(x, f, data_format=ctx.attr("data_format", default_fmt),
                        strides=window_attr(ctx, "strides", rank),
                        dilations=window_attr(ctx, "dilations", rank),
                        padding=padding, explicit=explicit)]


@shape_fn("BiasAdd", "BiasAddV1")
def bias_add(ctx):
    x, b = ctx.in_shape(0), ctx.in_shape(1)
    check_rank(b, 1, "bias")
    if x is None or len(x) < 2:
        return [x]
    # TF 2.21: the channel dim is the input's merged with the bias length (an unknown channel
    # count is taken from the bias)
    ax = 1 if ctx.attr("data_format", "NHWC").startswith("NC") else len(x) - 1
    c, n = x[ax], (b[0] if b is not None else None)
    if c is not None and n is not None and c != n:
        raise ShapeError(f"bias has {n} elements, the input {fmt(x)} has {c} channels")
    return [x[:ax] + (c if c is not None else n,) + x[ax + 1:]]
