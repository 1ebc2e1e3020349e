"""Fast Fourier transforms (TensorFlow counts 0; no MACCs).

The standard convention for a complex FFT of M points is 5·M·log2(M) real FLOPs (radix-2
Cooley–Tukey: M/2·log2(M) butterflies of one complex multiply (6) and two complex adds (4)); it
is used for every M, powers of two or not. A d-dimensional transform over M = M1·…·Md points is
d passes of 1-D transforms: 5·M·Σ log2(Mi) = 5·M·log2(M). A real-input (RFFT) or real-output
(IRFFT) transform costs half: 2.5·M·log2(M), M the real signal's length (fft_length when given
as a constant, else the input's length for RFFT and the output's for IRFFT). Inverse transforms
count the same (the 1/M scaling is left out). Values are rounded to the nearest integer.
"""

from __future__ import annotations

import math

from .registry import Cost, N, dims, prod, register


def fft_arith(n_total: int, points: int, real: bool) -> tuple[int, str]:
    """(exact, text) of n_total/points transforms of ``points`` points each."""
    if points <= 1:
        return 0, "0"
    transforms = n_total // points
    per = (2.5 if real else 5.0) * points * math.log2(points)
    return round(transforms * per), f"{transforms}·{'2.5' if real else '5'}·{points}·log2({points})"


def _fft(rank: int, real: str | None):
    """real: None (complex FFT/IFFT, on in0), 'in' (RFFT: real input), 'out' (IRFFT)."""
    def formula(ctx):
        x = ctx.out() if real == "out" else ctx.inp(0)
        if N(x) is None or len(x) < rank:
            return Cost(None, 0, 0)
        lengths = list(x[len(x) - rank:])
        v = ctx.value(1) if real else None
        if v is not None and v.size == rank:
            lengths = [int(d) for d in v.reshape(-1)]
        points = prod(lengths)
        batch = N(x) // prod(x[len(x) - rank:]) if prod(x[len(x) - rank:]) else 0
        exact, text = fft_arith(batch * points, points, real is not None)
        return Cost(exact, 0, 0, text if points > 1 else f"{dims(x)}: 1 point")
    return formula


for _rank, _suffix in ((1, ""), (2, "2D"), (3, "3D")):
    register(f"FFT{_suffix}", f"IFFT{_suffix}", flops=f"5·N(in0)·log2(M), M = the last {_rank} dims",
             tf="0", maccs="0")(_fft(_rank, None))
    register(f"RFFT{_suffix}", flops=f"2.5·transforms·M·log2(M), M = fft_length ({_rank} dims)",
             tf="0", maccs="0", values=True)(_fft(_rank, "in"))
    register(f"IRFFT{_suffix}", flops=f"2.5·transforms·M·log2(M), M = fft_length ({_rank} dims)",
             tf="0", maccs="0", values=True)(_fft(_rank, "out"))
