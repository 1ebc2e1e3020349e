"""Projective image transforms and the crop-and-resize image gradient (TensorFlow counts 0).

- ImageProjectiveTransformV2/V3 (Keras RandomRotation/RandomTranslation/RandomZoom while
  training): TF's kernel maps every output element (pixel and channel) back to the input through
  the 8-parameter projective transform: the denominator c0·x + c1·y + 1 (4) and the two source
  coordinates (a0·x + a1·y + a2)/denominator (5 each): 14. Then NEAREST rounds the two
  coordinates (2: 16 per element); BILINEAR takes the two floors and the two +1 neighbours (4), the
  four distances to them (4) and three two-tap weighted sums (9, ResizeBilinear's
  ``interpolation``): 31 per element. The fill mode's bounds checks are index arithmetic (0).
- CropAndResizeGradImage scatters each incoming gradient element onto its source pixels:
  bilinear 10 per element (ResizeBilinearGrad's ``interpolation_grad``), nearest 1 (the add).
"""

from __future__ import annotations

from .registry import Cost, N, add_zero_ops, dims, register
from .resize import interpolation, interpolation_grad

add_zero_ops("EncodePng", "EncodeJpeg")  # codecs, like DecodePng (zero set)

PROJECTION = 14  # the denominator (4) and two source coordinates (5 each)
BILINEAR_WEIGHTS = 8  # two floors, two +1 neighbours, four distances


def _s(v, default):
    if v is None:
        return default
    return v.decode("latin-1") if isinstance(v, bytes) else str(v)


def projective_arith(out, mode: str) -> tuple[int, str] | None:
    if N(out) is None:
        return None
    if mode == "NEAREST":
        per = PROJECTION + 2
        return per * N(out), f"{per}·{dims(out)}"
    if mode != "BILINEAR":
        return None
    interp, _ = interpolation(out, 2)
    per = PROJECTION + BILINEAR_WEIGHTS
    return per * N(out) + interp, f"({per} + 9)·{dims(out)}"


@register("ImageProjectiveTransformV2", "ImageProjectiveTransformV3",
          flops="bilinear 31·N(out), nearest 16·N(out): 14 for the projected coordinates", tf="0",
          maccs="0")
def image_projective_transform(ctx):
    mode = _s(ctx.attr("interpolation"), "")
    got = projective_arith(ctx.out(), mode)
    if got is None:
        return Cost(None, 0, 0, "" if N(ctx.out()) is None else f"interpolation {mode}: not derived")
    return Cost(got[0], 0, 0, got[1])


@register("CropAndResizeGradImage", flops="bilinear 10·N(in0 = grads), nearest N(in0)", tf="0",
          maccs="0")
def crop_and_resize_grad_image(ctx):
    grads = ctx.inp(0)
    if N(grads) is None:
        return Cost(None, 0, 0)
    if _s(ctx.attr("method"), "bilinear") == "nearest":
        return Cost(N(grads), 0, 0, dims(grads))
    exact, text = interpolation_grad(grads, 2)
    return Cost(exact, 0, 0, text)
