"""Where a sliding window's scatter lands: the arithmetic shared by transposed convolutions
(conv input gradients) and pooling gradients.

A gradient op that scatters values into a zeroed output costs, by the scatter rule, one add per
value landing on an element after the first: the first value an element receives is free. So a
scatter of V values (padded taps included, as every tap of a window counts) into an output of
which C elements receive anything costs V − C adds. C is known from the geometry alone: along
each axis, window j's tap t reads position j·stride − pad + t·dilation of the forward input, and
the covered positions of a tensor are the product of its axes' covered positions (the windows
form a grid). A stride larger than the kernel's reach, or a VALID window that never reaches the
last rows, leaves positions that receive nothing.

Max pooling scatters each value to its window's argmax, a data-dependent place: values of
windows that share no element land on distinct elements, so :func:`disjoint_windows` (a grid of
pairwise-disjoint windows) bounds the distinct landings from below and the adds from above.
"""

from __future__ import annotations

from ..shapes.nn import explicit_paddings, layout, window_attr
from .registry import prod


def _str(v, default: str) -> str:
    if v is None:
        return default
    return v.decode("latin-1") if isinstance(v, bytes) else str(v)


def pad_before(size: int, out: int, k: int, stride: int, dilation: int, padding: str,
               explicit_lo: int = 0) -> int:
    """The padding TF puts before an axis of the forward window: SAME pads
    max((out − 1)·stride + (k − 1)·dilation + 1 − size, 0) in all, the smaller half first;
    EXPLICIT its ``explicit_paddings`` entry; VALID none."""
    if padding == "SAME":
        reach = (k - 1) * dilation + 1
        return max((out - 1) * stride + reach - size, 0) // 2
    if padding == "EXPLICIT":
        return explicit_lo
    return 0


def covered(size: int, out: int, k: int, stride: int, dilation: int = 1, pad: int = 0) -> int:
    """How many of the positions 0..size−1 some tap of some window reaches: window j (0 ≤ j <
    out) has taps at j·stride − pad + t·dilation, 0 ≤ t < k."""
    if size <= 0 or out <= 0 or k <= 0:
        return 0
    stride, dilation = max(stride, 1), max(dilation, 1)
    if dilation == 1 and k >= stride:  # consecutive windows touch: one run of positions
        lo, hi = -pad, (out - 1) * stride - pad + k - 1
        return max(min(hi, size - 1) - max(lo, 0) + 1, 0)
    hit = bytearray(size)
    for t in range(k):
        start = t * dilation - pad
        if start > size - 1:
            break
        j0 = 0 if start >= 0 else -(start // stride)  # first window whose tap t is inside
        j1 = min(out - 1, (size - 1 - start) // stride)
        if j0 <= j1:
            first = start + j0 * stride
            n = j1 - j0 + 1
            hit[first:first + (n - 1) * stride + 1:stride] = b"\x01" * n
    return hit.count(1)


def disjoint_windows(out: int, k: int, stride: int) -> int:
    """The most windows along an axis that pairwise share no position: windows m steps apart
    are disjoint when m·stride ≥ k, so every ceil(k/stride)-th one (all of them when the windows
    do not overlap)."""
    if out <= 0 or k <= 0:
        return 0
    return -(-out // -(-k // max(stride, 1)))


def _padding(ctx) -> str:
    return _str(ctx.attr("padding"), "VALID")


def conv_covered(ctx, dy, f, dx) -> tuple[int, str]:
    """(covered, text): the elements of a transposed convolution's output dx (a conv's input
    gradient) that receive at least one product of dy with the filter f: batch · channels ·
    the covered positions of each spatial axis (all of dx's channels receive products once
    the filter has any). Geometry from the node's strides, dilations, padding and
    data_format."""
    rank = len(dx)
    default_fmt = "NHWC" if rank == 4 else ("NDHWC" if rank == 5 else "NWC")
    b_ax, c_ax, sp = layout(_str(ctx.attr("data_format"), default_fmt), rank)
    strides = window_attr(ctx, "strides", rank)
    dilations = window_attr(ctx, "dilations", rank)
    padding = _padding(ctx)
    explicit = explicit_paddings(ctx, rank)
    kernel = f[:-2]
    empty = 0 in f  # no products at all (a zero-sized kernel, no input or output channels)
    parts = list(dx)
    for j, ax in enumerate(sp):
        k, s, d = kernel[j], strides[ax], dilations[ax]
        lo = explicit[2 * ax] if explicit else 0
        p = pad_before(dx[ax], dy[ax], k, s, d, padding, lo)
        parts[ax] = 0 if empty else covered(dx[ax], dy[ax], k, s, d, p)
    return prod(parts), "·".join(str(v) for v in parts)


def pool_covered(ctx, dx, grad, ksize, strides) -> tuple[int, str]:
    """(covered, text): the elements of a pooling gradient's output dx (the forward input) that
    some window reaches; ``ksize`` and ``strides`` cover every axis (batch and channel ones
    included, in data_format order)."""
    explicit = explicit_paddings(ctx, len(dx))
    padding = _padding(ctx)
    parts = []
    for ax, (n, o, k, s) in enumerate(zip(dx, grad, ksize, strides, strict=True)):
        lo = explicit[2 * ax] if explicit else 0
        parts.append(covered(n, o, k, s, 1, pad_before(n, o, k, s, 1, padding, lo)))
    return prod(parts), "·".join(str(v) for v in parts)


def pool_disjoint(grad, ksize, strides) -> tuple[int, str]:
    """(D, text): pairwise-disjoint windows of a pooling gradient, a grid over every axis."""
    parts = [disjoint_windows(o, k, s) for o, k, s in zip(grad, ksize, strides, strict=True)]
    return prod(parts), "·".join(str(v) for v in parts)
