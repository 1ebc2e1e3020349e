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


@register("QuantizedResizeBilinear", flops="9·N(out): 3 two-tap weighted sums", tf="0", maccs="0")
def quantized_resize_bilinear(ctx):
    return _resize(ctx, 2)


@register("CropAndResize", flops="bilinear 9·N(out) (3 two-tap weighted sums); nearest 0",
          tf="0", maccs="0")
def crop_and_resize(ctx):
    # every output pixel of every crop is a bilinear sample of the image; the per-box coordinate
    # arithmetic (O(boxes·(crop_h + crop_w))) is left out, as for the resizes
    method = ctx.attr("method", "bilinear")
    if method in ("nearest", b"nearest"):
        return Cost(0, 0, 0) if N(ctx.out()) is not None else Cost(None, 0, 0)
    return _resize(ctx, 2)


# Kernel taps of ScaleAndTranslate's kernels at unit scale: 2·radius (lanczos3: 6, lanczos5: 10,
# gaussian radius 1.5: 3, keyscubic and mitchellcubic: 4, triangle: 2, box: 1).
SCALE_TRANSLATE_TAPS = {"lanczos1": 2, "lanczos3": 6, "lanczos5": 10, "gaussian": 3,
                        "box": 1, "triangle": 2, "keyscubic": 4, "mitchellcubic": 4}


@register("ScaleAndTranslate", flops="(t+1)·(2t−1)·N(out), t = the kernel's taps (lanczos3: 6)",
          tf="0", maccs="0")
def scale_and_translate(ctx):
    return _by_kernel_taps(ctx, _resize)


def _by_kernel_taps(ctx, arith):
    """``arith(ctx, taps)`` for ScaleAndTranslate(Grad)'s kernel_type (default lanczos3)."""
    kernel = ctx.attr("kernel_type", "lanczos3")
    kernel = kernel.decode("latin-1") if isinstance(kernel, bytes) else kernel
    taps = SCALE_TRANSLATE_TAPS.get(kernel)
    if taps is None:
        return Cost(None, 0, 0, f"unknown kernel_type {kernel!r}")
    return arith(ctx, taps)


@register("ResizeArea", flops="N(out)·2K, K = ⌈H_in/H_out⌉·⌈W_in/W_out⌉", tf="0", maccs="0")
def resize_area(ctx):
    # each output pixel is the area-weighted mean of the K input pixels its box covers (K products,
    # K − 1 adds, one scaling multiply: 2K); boxes straddling pixel edges are counted as K
    x, out = ctx.inp(0), ctx.out()
    if N(out) is None or x is None or len(x) != 4 or None in x[1:3] or not out[1] or not out[2]:
        return Cost(None, 0, 0)
    K = -(-x[1] // out[1]) * -(-x[2] // out[2])
    return Cost(N(out) * 2 * K, 0, 0, f"{dims(out)}·2·{K}")


def interpolation_grad(grad, taps: int) -> tuple[int, str] | None:
    """(exact, text) of scattering each incoming gradient element back onto the t×t source pixels
    of a separable t-tap interpolation: t products with the vertical weights, then t² products with
    the horizontal ones and t² adds into the input gradient: t + 2t² per element (bilinear 10,
    bicubic 36)."""
    if N(grad) is None:
        return None
    per = taps + 2 * taps * taps
    return N(grad) * per, f"{per}·{dims(grad)}"


def _resize_grad(ctx, taps: int) -> Cost:
    exact = interpolation_grad(ctx.inp(0), taps)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


@register("ResizeBilinearGrad", flops="10·N(in0 = grads): 2 + 4 products, 4 adds into dx",
          tf="0", maccs="0")
def resize_bilinear_grad(ctx):
    return _resize_grad(ctx, 2)


@register("ResizeBicubicGrad", flops="36·N(in0 = grads): 4 + 16 products, 16 adds into dx",
          tf="0", maccs="0")
def resize_bicubic_grad(ctx):
    return _resize_grad(ctx, 4)


@register("ResizeNearestNeighborGrad", flops="N(in0 = grads): one add into dx each", tf="0",
          maccs="0")
def resize_nearest_grad(ctx):
    g = ctx.inp(0)
    return Cost(None, 0, 0) if N(g) is None else Cost(N(g), 0, 0, dims(g))


@register("ScaleAndTranslateGrad",
          flops="(t+2t²)·N(in0 = grads), t = the kernel's taps (ResizeBicubicGrad's scatter)",
          tf="0", maccs="0")
def scale_and_translate_grad(ctx):
    return _by_kernel_taps(ctx, _resize_grad)
