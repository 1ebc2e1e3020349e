"""Reductions: one factory parameterised by the work per input element and per output element.

Reducing N(in) elements to N(out) results takes N(in) − N(out) combining steps (adds for Sum,
comparisons for Max/ArgMax, multiplies for Prod); ``pre`` operations per input element come first
(the square of L2Loss) and ``finalize`` per output element last (Mean's divide). No MACCs.
TensorFlow's ``_reduction_op_flops(reduce, finalize)`` counts reduce·N(in0) + (finalize − reduce)·N(out)
and needs in0 and out fully known.
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def reduction_arith(x, out, pre: int = 0, reduce: int = 1, finalize: int = 0) -> tuple[int, str] | None:
    """(exact flops, formula text) of reducing ``x`` to ``out``; None when a shape is unknown."""
    n_in, n_out = N(x), N(out)
    if n_in is None or n_out is None:
        return None
    steps = max(n_in - n_out, 0)
    flops = pre * n_in + reduce * steps + finalize * n_out
    text = f"{dims(x)}−{dims(out)}" if reduce == 1 else f"{reduce}·({dims(x)}−{dims(out)})"
    if pre:
        text = (f"{dims(x)}" if pre == 1 else f"{pre}·{dims(x)}") + f" + {text}"
    if finalize:
        text += " + " + (f"{dims(out)}" if finalize == 1 else f"{finalize}·{dims(out)}")
    return flops, text


def tf_reduction(x, out, reduce: int, finalize: int) -> int | None:
    if N(x) is None or N(out) is None:
        return None
    return N(x) * reduce + N(out) * (finalize - reduce)


def _text(pre: int, reduce: int, finalize: int) -> str:
    parts = []
    if pre:
        parts.append("N(in0)" if pre == 1 else f"{pre}·N(in0)")
    parts.append("(N(in0) − N(out))" if reduce == 1 else f"{reduce}·(N(in0) − N(out))")
    if finalize:
        parts.append("N(out)" if finalize == 1 else f"{finalize}·N(out)")
    return " + ".join(parts)


def reduction(*ops: str, pre: int = 0, reduce: int = 1, finalize: int = 0,
              tf: tuple[int, int] | None = None):
    """Register ``ops`` as reductions of in0 to out; ``tf`` = TF's (reduce, finalize) or None (0)."""
    if tf is None:
        tf_text = "0"
    else:
        r, f = tf
        tf_text = {(1, 0): "N(in0) − N(out)", (1, 1): "N(in0)"}.get(tf, f"{r}·N(in0) + {f - r}·N(out)")

    def formula(ctx):
        x, out = ctx.inp(0), ctx.out()
        tf_val = 0 if tf is None else tf_reduction(x, out, *tf)
        exact = reduction_arith(x, out, pre, reduce, finalize)
        if exact is None:
            return Cost(None, tf_val, 0)
        return Cost(exact[0], tf_val, 0, exact[1])

    formula.__name__ = f"reduction_{ops[0]}"
    register(*ops, flops=_text(pre, reduce, finalize), tf=tf_text, maccs="0")(formula)
    return formula


reduction("Sum", tf=(1, 0))
reduction("Mean", finalize=1, tf=(1, 1))  # sum, then one divide per output
reduction("ArgMax", "ArgMin", tf=(1, 0))  # comparisons
reduction("Max", "Min", "Prod", "All", "Any")
reduction("EuclideanNorm", pre=1, finalize=1)  # square, sum, sqrt


@register("L2Loss", flops="2·N(in0): N(in0) squares, N(in0) − 1 adds, one halving",
          tf="3·N(in0) − 1", maccs="0")
def l2_loss(ctx):
    # sum(x²) / 2; the output is a scalar
    x = ctx.inp(0)
    tf = None if N(x) is None else 3 * N(x) - 1
    exact = reduction_arith(x, (), pre=1, finalize=1)
    if exact is None:
        return Cost(None, tf, 0)
    return Cost(exact[0], tf, 0, exact[1])


# --- segment reductions: data rows combined into num_segments output rows -----------------------
# Counted as N(in0) − N(out) combining steps, as if every segment is non-empty (an empty segment is
# a fill, no arithmetic): the exact count depends on the segment ids, a data value.
reduction("SegmentSum", "SegmentMax", "SegmentMin", "SegmentProd",
          "UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin", "UnsortedSegmentProd")
reduction("SegmentMean", finalize=1)  # sum, then one divide per output


# --- scans: running reductions along one axis ---------------------------------------------------


def scan_arith(x, axis: int | None, exclusive: bool, per_step: int = 1) -> tuple[int, str] | None:
    """(exact, text) of a running reduction along ``axis`` of ``x``: each line of L elements takes
    L − 1 combining steps (L − 2 when exclusive: its first output is the identity), each costing
    ``per_step``."""
    if N(x) is None or axis is None or not x or not -len(x) <= axis < len(x):
        return None
    L = x[axis]
    lines = N(x) // L if L else 0
    steps = max(L - (2 if exclusive else 1), 0)
    scale = "" if per_step == 1 else f"{per_step}·"
    return per_step * lines * steps, f"{scale}{lines}·{steps}"


def _scan(per_step: int):
    def formula(ctx):
        axis = ctx.value(1)
        try:
            axis = None if axis is None else int(axis.reshape(-1)[0])
        except (IndexError, TypeError, ValueError):
            axis = None
        exact = scan_arith(ctx.inp(0), axis, bool(ctx.attr("exclusive", False)), per_step)
        return Cost(None, 0, 0) if exact is None else Cost(exact[0], 0, 0, exact[1])
    return formula


register("Cumsum", "Cumprod", flops="lines·(L−1), L = in0[axis] (L−2 when exclusive)", tf="0",
         maccs="0", values=True)(_scan(1))
# log(exp(a) + exp(b)) computed stably: max(a, b) + log1p(exp(−|a − b|)): subtract, abs, negate,
# exp, log1p, max, add = 7 per combining step
register("CumulativeLogsumexp", flops="7·lines·(L−1), L = in0[axis] (L−2 when exclusive)",
         tf="0", maccs="0", values=True)(_scan(7))
