"""Colour-space and contrast adjustments on images [..., 3] (no MACCs; TensorFlow counts 0).

Per pixel (3 channel values), written from the standard algorithms TF's kernels implement:

- RGBToHSV: v = max(r, g, b) (2 comparisons), min (2), range = v − min (1), s = range / v (1),
  hue: a difference of two channels over the range (2), plus the sector offset (1), over 6 (1): 10.
- HSVToRGB: c = v·s (1), h' = 6·h (1), x = c·(1 − |h' mod 2 − 1|) (5), m = v − c (1), m added to
  the three channels (3); choosing the sector is free (a select): 11.
- AdjustHue: to HSV (10), h + delta wrapped into [0, 1) (2), back to RGB (11): 23.
- AdjustSaturation: to HSV (10), s·scale clamped to [0, 1] (3), back to RGB (11): 24.
- AdjustContrastv2: the per-image, per-channel mean (N − B·C adds and B·C divides: N(in0) in all),
  then (x − mean)·factor + mean (3 per element): 4·N(in0).
- DrawBoundingBoxes(V2): each box coordinate is scaled by the image's height or width less one
  (1 per coordinate: N(boxes)); drawing the outline only writes pixels.
"""

from __future__ import annotations

from .elementwise import elementwise
from .registry import Cost, N, dims, register

elementwise("AdjustContrastv2", per=4, on="in0")
elementwise("DrawBoundingBoxes", "DrawBoundingBoxesV2", on="in1")


def per_pixel(ops: int):
    def formula(ctx):
        x = ctx.inp(0)
        if N(x) is None or not x:
            return Cost(None, 0, 0)
        pixels = N(x) // x[-1] if x[-1] else 0
        return Cost(ops * pixels, 0, 0, f"{ops}·{dims(x[:-1])}")
    return formula


for _op, _ops in (("RGBToHSV", 10), ("HSVToRGB", 11), ("AdjustHue", 23), ("AdjustSaturation", 24)):
    register(_op, flops=f"{_ops}·pixels, pixels = N(in0)/3", tf="0", maccs="0")(per_pixel(_ops))
