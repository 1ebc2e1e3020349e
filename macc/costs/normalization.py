"""Batch normalisation (FusedBatchNorm v1–v3), counted as TF computes it. No MACCs; TF counts 0.

Inference (is_training false): per channel, a = gamma·rsqrt(var + eps) and b = beta − mean·a
(add, rsqrt = sqrt and divide, multiply, multiply, subtract: 6·C), then y = x·a + b (2 per element):
2·N(x) + 6·C.
Training (is_training true, the op's default) first computes the batch statistics: mean = N(x)
(N − C adds, C divides), variance = 3·N(x) (subtract the mean, square, N − C adds, C divides),
then normalises as above, corrects the returned variance by n/(n−1) (C multiplies) and, when
exponential_avg_factor ≠ 1, blends the running mean and variance (3 per channel each, 6·C):
6·N(x) + 7·C (+ 6·C).
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def batch_norm_arith(x, channels: int | None, training: bool, running_avg: bool):
    if N(x) is None or channels is None:
        return None
    n, c = N(x), channels
    if not training:
        return 2 * n + 6 * c, f"2·{dims(x)}+6·{c}"
    per_c = 7 + (6 if running_avg else 0)
    return 6 * n + per_c * c, f"6·{dims(x)}+{per_c}·{c}"


@register("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3",
          flops="inference 2·N(x)+6·C; training 6·N(x)+7·C (+6·C running averages)", tf="0",
          maccs="0")
def fused_batch_norm(ctx):
    x, scale = ctx.inp(0), ctx.inp(1)
    channels = N(scale)
    if channels is None and x:
        axis = 1 if ctx.data_format("NHWC").startswith("NC") else -1
        channels = x[axis]
    training = bool(ctx.attr("is_training", True))
    factor = ctx.attr("exponential_avg_factor", 1.0)
    exact = batch_norm_arith(x, channels, training, factor is not None and float(factor) != 1.0)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])
