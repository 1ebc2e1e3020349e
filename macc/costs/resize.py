"""Image resizing as separable interpolation (no MACCs; TensorFlow counts 0).

A separable t-tap interpolation computes, per output element, t horizontal t-tap weighted sums
and one vertical one: (t + 1) dot products of length t, (t + 1)·(2t − 1) FLOPs. Bilinear (t = 2):
9 per output element; bicubic (t = 4): 35. The per-row and per-column source-coordinate arithmetic
(O(H_out + W_out), shared by every batch and channel) is left out. Nearest-neighbour resizing does
no arithmetic on data and is in the zero set.
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def interpolation(out, taps: int) -> tuple[int, str] | None:
    if N(out) is None:
        return None
    per = (taps + 1) * (2 * taps - 1)
    return N(out) * per, f"{per}·{dims(out)}"


def _resize(ctx, taps: int) -> Cost:
    exact = interpolation(ctx.out(), taps)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


@register("ResizeBilinear", flops="9·N(out): 3 two-tap weighted sums", tf="0", maccs="0")
def resize_bilinear(ctx):
    return _resize(ctx, 2)


@register("ResizeBicubic", flops="35·N(out): 5 four-tap weighted sums", tf="0", maccs="0")
def resize_bicubic(ctx):
    return _resize(ctx, 4)
