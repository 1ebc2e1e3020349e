"""Sliding-window ops that are not sums of products: max/avg pooling and Dilation2D. No MACCs.

A window of k = prod(ksize) elements: MaxPool takes k − 1 comparisons per output, AvgPool k − 1
adds and one divide. Every tap of the window counts, padded ones included (as for convolutions).
TensorFlow counts k·N(out) for both and only for NHWC: any other data_format makes its formula
fail, and the profiler skips the node as incomplete (tf_flops None here).
"""

from __future__ import annotations

from .registry import Cost, N, dims, prod, register


def window(ksize) -> int | None:
    """Elements per pooling window (ksize covers every axis, batch and channel ones included)."""
    if ksize is None:
        return None
    try:
        ks = [int(k) for k in ksize]
    except (TypeError, ValueError):
        return None
    return prod(ks) if ks else None


def pool_arith(out, k: int | None, per_window_extra: int) -> tuple[int, str] | None:
    """(exact, text): N(out)·(k − 1 + per_window_extra); None when out or k is unknown."""
    if k is None or N(out) is None:
        return None
    per = max(k - 1, 0) + per_window_extra
    text = f"{dims(out)}·({k}−1)" if not per_window_extra else f"{dims(out)}·{k}"
    return N(out) * per, text


def tf_nhwc(ctx) -> bool:
    """TF's pooling/conv-gradient formulas accept data_format NHWC only."""
    return ctx.data_format("NHWC") == "NHWC"


def _pool(ctx, k, extra: int, tf_counted: bool) -> Cost:
    out = ctx.out()
    tf = 0
    if tf_counted:
        tf = k * N(out) if tf_nhwc(ctx) and N(out) is not None and k is not None else None
    exact = pool_arith(out, k, extra)
    if exact is None:
        return Cost(None, tf, 0)
    return Cost(exact[0], tf, 0, exact[1])


@register("MaxPool", flops="N(out)·(k−1), k = prod(ksize)", tf="prod(ksize)·N(out), NHWC only",
          maccs="0")
def max_pool(ctx):
    return _pool(ctx, window(ctx.attr("ksize")), 0, True)


@register("AvgPool", flops="N(out)·k: k−1 adds and a divide, k = prod(ksize)",
          tf="prod(ksize)·N(out), NHWC only", maccs="0")
def avg_pool(ctx):
    return _pool(ctx, window(ctx.attr("ksize")), 1, True)


@register("MaxPool3D", flops="N(out)·(k−1), k = prod(ksize)", tf="0", maccs="0")
def max_pool3d(ctx):
    return _pool(ctx, window(ctx.attr("ksize")), 0, False)


@register("AvgPool3D", flops="N(out)·k, k = prod(ksize)", tf="0", maccs="0")
def avg_pool3d(ctx):
    return _pool(ctx, window(ctx.attr("ksize")), 1, False)


@register("MaxPoolV2", flops="N(out)·(k−1), k = prod(ksize input)", tf="0", maccs="0", values=True)
def max_pool_v2(ctx):
    ksize = ctx.value(1)
    return _pool(ctx, window(None if ksize is None else ksize.reshape(-1).tolist()), 0, False)


@register("MaxPoolWithArgmax", "QuantizedMaxPool", flops="N(out)·(k−1), k = prod(ksize)", tf="0",
          maccs="0")
def max_pool_untracked(ctx):
    # MaxPoolWithArgmax also returns the argmax index (no arithmetic); QuantizedMaxPool pools
    # quantised values the same way (its min/max inputs pass through)
    return _pool(ctx, window(ctx.attr("ksize")), 0, False)


@register("QuantizedAvgPool", flops="N(out)·k, k = prod(ksize)", tf="0", maccs="0")
def quantized_avg_pool(ctx):
    return _pool(ctx, window(ctx.attr("ksize")), 1, False)


def dilation_taps(f) -> int | None:
    """kh·kw of a Dilation2D filter [kh, kw, depth]; None when unknown."""
    return None if f is None or len(f) < 2 or None in f[:2] else f[0] * f[1]


@register("Dilation2D", flops="N(out)·(2·kh·kw−1): kh·kw adds, kh·kw−1 comparisons",
          tf="2·N(out)·kh·kw", maccs="0")
def dilation2d(ctx):
    # out = max over the window of (x + filter): a max-plus "convolution", no products
    x, f, out = ctx.inp(0), ctx.inp(1), ctx.out()
    taps = dilation_taps(f)
    tf = None
    if N(x) is not None and N(f) is not None and N(out) is not None:
        tf = 2 * N(out) * taps
    if taps is None or N(out) is None:
        return Cost(None, tf, 0)
    flops = N(out) * (2 * taps - 1) if taps else 0
    return Cost(flops, tf, 0, f"{dims(out)}·(2·{f[0]}·{f[1]}−1)")


def _fractional_visits(ctx) -> tuple[int, int] | None:
    """(elements visited by all pooling regions, outputs) of a fractional pool; None when a size
    is unknown. The row (column) sequence runs from 0 to the input's rows, so the regions cover
    the rows exactly (sum h), or — ``overlapping``: each region also takes the next one's first
    row, except the last — h + oh − 1 of them; whatever the pseudo-random sequence is."""
    x, out = ctx.inp(0), ctx.out()
    if x is None or out is None or N(x) is None or N(out) is None or len(x) != 4:
        return None
    b, h, w, c = x
    oh, ow = out[1], out[2]
    if ctx.attr("overlapping", False):
        h, w = h + oh - 1, w + ow - 1
    return b * c * h * w, N(out)


def _fractional(per_output: int):
    """visits + per_output·N(out): a max takes visits − 1 comparisons per region (−1), an
    average visits − 1 adds and a divide (0)."""
    def formula(ctx):
        got = _fractional_visits(ctx)
        if got is None:
            return Cost(None, 0, 0)
        visits, n_out = got
        text = f"{visits}−{n_out}" if per_output else f"{visits}"
        return Cost(visits + per_output * n_out, 0, 0, text)
    return formula


_VISITS = "visits = b·c·h·w, or b·c·(h + oh − 1)·(w + ow − 1) when overlapping"
register("FractionalMaxPool", flops=f"visits − N(out): each region's size − 1 comparisons; {_VISITS}",
         tf="0", maccs="0")(_fractional(-1))
register("FractionalAvgPool", flops=f"visits: each region's size − 1 adds and a divide; {_VISITS}",
         tf="0", maccs="0")(_fractional(0))
