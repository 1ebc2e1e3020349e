"""Sum-of-products ops: MatMul and Conv2D. One arithmetic source of truth for dot products.

An output element that is a dot product of length p costs p multiplies and p-1 adds: 2p-1 exact
FLOPs, p MACCs. TensorFlow's profiler counts 2p per output element.
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def dot_products(n_out: int, p: int, out_text: str, p_text: str = "") -> tuple[int, int, str]:
    """(exact flops, maccs, formula text) of ``n_out`` dot products of length ``p``."""
    per = 2 * p - 1 if p > 0 else 0
    return n_out * per, n_out * p, f"{out_text}·(2·{p_text or p}−1)"


def matmul_arith(a, b, out, transpose_a: bool = False, transpose_b: bool = False) -> Cost:
    """MatMul [m,k]·[k,n] (transposes applied): exact m·n·(2k−1), TF 2·k·N(out), maccs m·n·k."""
    tf = None
    if N(a) is not None and N(out) is not None:
        k_tf = a[0] if transpose_a else a[1]
        tf = 2 * k_tf * N(out)
    if N(out) is None or a is None or a[0 if transpose_a else 1] is None:
        return Cost(None, tf, None)
    k = a[0] if transpose_a else a[1]
    flops, maccs, text = dot_products(N(out), k, dims(out))
    return Cost(flops, tf, maccs, text)


@register("MatMul", flops="m·n·(2k−1)", tf="2·k·N(out), k = in0[0] if transpose_a else in0[1]",
          maccs="m·n·k")
def matmul(ctx):
    return matmul_arith(ctx.inp(0), ctx.inp(1), ctx.out(),
                        bool(ctx.attr("transpose_a", False)), bool(ctx.attr("transpose_b", False)))


def conv_arith(x, f, out) -> Cost:
    """N-d convolution, filter [k..., cin/groups, cout]: each output is a dot product of length
    K = prod(k)·cin/groups. exact N(out)·(2K−1); TF 2·N(out)·prod(f[:-1]); maccs N(out)·K."""
    if N(f) is None or N(out) is None:
        return Cost(None, None, None)
    K = 1
    for d in f[:-1]:
        K *= d
    flops, maccs, text = dot_products(N(out), K, dims(out), dims(f[:-1]))
    tf = 2 * N(out) * K if N(x) is not None else None
    return Cost(flops, tf, maccs, text)


@register("Conv2D", flops="N(out)·(2K−1), K = kh·kw·cin/groups",
          tf="2·N(out)·kh·kw·f[2]", maccs="N(out)·K")
def conv2d(ctx):
    return conv_arith(ctx.inp(0), ctx.inp(1), ctx.out())
