"""Batch normalisation (FusedBatchNorm v1–v3), counted as TF computes it. No MACCs; TF counts 0.

Inference (is_training false): per channel, a = gamma·rsqrt(var + eps) and b = beta − mean·a
(add, rsqrt = sqrt and divide, multiply, multiply, subtract: 6·C), then y = x·a + b (2 per element):
2·N(x) + 6·C.
Training (is_training true, the op's default) first computes the batch statistics: mean = N(x)
(N − C adds, C divides), variance = 3·N(x) (subtract the mean, square, N − C adds, C divides),
then normalises as above, corrects the returned variance by n/(n−1) (C multiplies) and, when
exponential_avg_factor ≠ 1, blends the running mean and variance (3 per channel each, 6·C):
6·N(x) + 7·C (+ 6·C).
BatchNormWithGlobalNormalization is the inference form; its gradient is derived from TF's
BatchNormGrad functor (``batch_norm_global_grad_arith``).
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def _channels(ctx, x, scale) -> int | None:
    """C: the size of ``scale``, else x's channel axis (data_format)."""
    channels = N(scale)
    if channels is None and x:
        axis = 1 if ctx.data_format("NHWC").startswith("NC") else -1
        channels = x[axis]
    return channels


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
    channels = _channels(ctx, x, scale)
    training = bool(ctx.attr("is_training", True))
    factor = ctx.attr("exponential_avg_factor", 1.0)
    exact = batch_norm_arith(x, channels, training, factor is not None and float(factor) != 1.0)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


def batch_norm_grad_arith(x, channels: int | None, training: bool):
    """(exact, text) of the batch-norm gradient (dx, dscale, doffset) from dy and x.

    Training (batch statistics; the op's default): per channel inv_std = rsqrt(var + eps) (3·C);
    x̂ = (x − mean)·inv_std (2 per element); doffset = Σ dy (N − C adds); dscale = Σ dy·x̂
    (N multiplies, N − C adds); dx = scale·inv_std/m · (m·dy − doffset − x̂·dscale) (per channel
    2·C for the coefficient, per element 5): 10·N + 3·C.
    Inference (running statistics): dx = dy·(scale·inv_std) (4·C, then 1 per element);
    dscale = Σ dy·(x − mean)·inv_std (3 per element, N − C adds); doffset = Σ dy (N − C adds):
    6·N + 2·C.
    """
    if N(x) is None or channels is None:
        return None
    n, c = N(x), channels
    if training:
        return 10 * n + 3 * c, f"10·{dims(x)}+3·{c}"
    return 6 * n + 2 * c, f"6·{dims(x)}+2·{c}"


@register("FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3",
          flops="training 10·N(x)+3·C; inference 6·N(x)+2·C", tf="0", maccs="0")
def fused_batch_norm_grad(ctx):
    # inputs: y_backprop, x, scale, reserve_space_1 (mean), reserve_space_2 (variance), ...
    x = ctx.inp(1) if N(ctx.inp(1)) is not None else ctx.inp(0)
    exact = batch_norm_grad_arith(x, _channels(ctx, x, ctx.inp(2)),
                                  bool(ctx.attr("is_training", True)))
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


@register("BatchNormWithGlobalNormalization",
          flops="2·N(x)+6·C (inference batch norm; 5·C without scale_after_normalization)",
          tf="0", maccs="0")
def batch_norm_global(ctx):
    # inputs: t, mean, variance, beta, gamma; always the inference form
    x = ctx.inp(0)
    exact = batch_norm_arith(x, _channels(ctx, x, ctx.inp(1)), False, False)
    if exact is None:
        return Cost(None, 0, 0)
    if not bool(ctx.attr("scale_after_normalization", True)):  # no multiply by gamma
        c = _channels(ctx, x, ctx.inp(1))
        return Cost(exact[0] - c, 0, 0, f"2·{dims(x)}+5·{c}")
    return Cost(exact[0], 0, 0, exact[1])


def batch_norm_global_grad_arith(x, c: int | None, scale: bool):
    """(exact, text) of BatchNormWithGlobalNormalizationGrad (TF's BatchNormGrad functor, N =
    N(t), C channels): db = Σ dy (N − C adds); s1 = rsqrt(v + ε) (3·C); s2 = Σ dy·(t − m) (2N
    products and differences, N − C adds); dx = dy·(s1·γ) (C + N); dm = −db·(s1·γ), the product
    evaluated again (3·C); dγ = s2·s1 (C); s1 = s1·(−1/2)/(v + ε) (3·C); dv = s2·(s1·γ) (2·C):
    5N + 11C. Without scale_after_normalization γ is not used: dx = dy·s1 (N), dm = −db·s1 (2·C),
    dγ = 0 (a fill), dv = s2·s1 (C): 5N + 7C."""
    if N(x) is None or c is None:
        return None
    per_c = 11 if scale else 7
    return 5 * N(x) + per_c * c, f"5·{dims(x)}+{per_c}·{c}"


@register("BatchNormWithGlobalNormalizationGrad",
          flops="5·N(t)+11·C (5·N(t)+7·C without scale_after_normalization)", tf="0", maccs="0")
def batch_norm_global_grad(ctx):
    # inputs: t, m, v, gamma, backprop; outputs dx (t's shape), dm, dv, db, dg ([C] each)
    x = ctx.out(0) if N(ctx.out(0)) is not None else ctx.inp(0)
    c = N(ctx.out(1))
    if c is None and x:
        c = x[-1]
    exact = batch_norm_global_grad_arith(x, c, bool(ctx.attr("scale_after_normalization", True)))
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


# --- local response normalisation over a window of w = 2·depth_radius + 1 channels --------------


def lrn_window(ctx) -> int:
    radius = ctx.attr("depth_radius", 5)
    return 2 * int(5 if radius is None else radius) + 1


def lrn_arith(x, w: int, grad: bool):
    """(exact, text). Forward, per element: the windowed sum of squares (w squares, w − 1 adds),
    times alpha, plus bias, to the power beta, then x divided by it: 2w + 3. Every channel counts a
    full window (padded taps count, as for convolutions).
    Gradient, per element: the norm again (2w + 1), t = dy·y/norm (2), the window sum of t·x
    products (2w − 1), dy·norm^(−beta) (2), minus 2·alpha·beta·x·(that sum) (3): 4w + 7."""
    if N(x) is None:
        return None
    per = 4 * w + 7 if grad else 2 * w + 3
    return N(x) * per, f"{per}·{dims(x)}"


@register("LRN", flops="(2w+3)·N(in0), w = 2·depth_radius+1", tf="0", maccs="0")
def lrn(ctx):
    exact = lrn_arith(ctx.inp(0), lrn_window(ctx), False)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])


@register("LRNGrad", flops="(4w+7)·N(in0), w = 2·depth_radius+1", tf="0", maccs="0")
def lrn_grad(ctx):
    exact = lrn_arith(ctx.inp(0), lrn_window(ctx), True)
    return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])
