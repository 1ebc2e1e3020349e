"""Sum-of-products ops: MatMul, BatchMatMul, Conv2D/3D, depthwise. One arithmetic source of truth.

An output element that is a dot product of length p costs p multiplies and p−1 adds: 2p−1 exact
FLOPs and p MACCs (:func:`dot_products`; 0 and 0 when p = 0). TensorFlow's profiler counts 2p
per output element, so for MatMul, Conv2D, Conv3D, DepthwiseConv2dNative and BatchMatMul* without
adj_x, ``tf_flops − flops == N(out)`` and ``2·maccs == tf_flops`` (same shapes known, p ≥ 1); not
for BatchMatMul* with adj_x (TF's k is in0[-1]) nor SparseMatMul (TF 0).
Convolutions count every tap of the window, padded ones included (see docs/conventions.md).
"""

from __future__ import annotations

from .registry import Cost, N, dims, prod, register


def dot_products(n_out: int, p: int, out_text: str, p_text: str = "") -> tuple[int, int, str]:
    """(exact flops, maccs, formula text) of ``n_out`` dot products of length ``p``."""
    if p <= 0:  # empty sums: the output is zero-filled, no arithmetic
        return 0, 0, f"{out_text}·0 (dot products of length {p_text or p})"
    return n_out * (2 * p - 1), n_out * p, f"{out_text}·(2·{p_text or p}−1)"


def contraction(out, p: int | None, p_text: str = "") -> tuple[int | None, int | None, str]:
    """(exact flops, maccs, text) of an output tensor whose every element is a dot product of
    length ``p``; (None, None, "") when the output or p is unknown."""
    if p is None or N(out) is None:
        return None, None, ""
    return dot_products(N(out), p, dims(out), p_text)


# ---------------------------------------------------------------------------------------------
# MatMul and BatchMatMul


def _inner(a, transposed: bool):
    """Length of the contracted axis of operand ``a`` (last axis, or the one before if transposed)."""
    if a is None or len(a) < 2:
        return None
    return a[-2] if transposed else a[-1]


def matmul_arith(a, b, out, transpose_a: bool = False, transpose_b: bool = False) -> Cost:
    """MatMul [m,k]·[k,n] (transposes applied): exact m·n·(2k−1), TF 2·k·N(out), maccs m·n·k."""
    tf = None
    if N(a) is not None and N(out) is not None:
        tf = 2 * (a[0] if transpose_a else a[1]) * N(out)
    k = _inner(a, transpose_a)
    if k is None:
        k = _inner(b, not transpose_b)
    flops, maccs, text = contraction(out, k)
    return Cost(flops, tf, maccs, text)


@register("MatMul", flops="m·n·(2k−1)", tf="2·k·N(out), k = in0[0] if transpose_a else in0[1]",
          maccs="m·n·k")
def matmul(ctx):
    return matmul_arith(ctx.inp(0), ctx.inp(1), ctx.out(),
                        bool(ctx.attr("transpose_a", False)), bool(ctx.attr("transpose_b", False)))


def batch_matmul_arith(a, b, out, adj_x: bool, adj_y: bool, tf_transpose_a: bool = False) -> Cost:
    """Batched [..., m, k]·[..., k, n] (adjoints applied): N(out) dot products of length k.

    TF's formula reads an attr ``transpose_a`` these ops do not have (theirs is ``adj_x``), so its
    k is in0[-1] whatever adj_x says (``tf_transpose_a`` is that attr, normally absent)."""
    tf = None
    if N(a) is not None and N(out) is not None:
        tf = 2 * (a[-2] if tf_transpose_a else a[-1]) * N(out)
    k = _inner(a, adj_x)
    if k is None:
        k = _inner(b, not adj_y)
    flops, maccs, text = contraction(out, k)
    return Cost(flops, tf, maccs, text)


@register("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", flops="N(out)·(2k−1), k honours adj_x",
          tf="2·in0[-1]·N(out) (adj_x ignored)", maccs="N(out)·k")
def batch_matmul(ctx):
    return batch_matmul_arith(ctx.inp(0), ctx.inp(1), ctx.out(), bool(ctx.attr("adj_x", False)),
                              bool(ctx.attr("adj_y", False)), bool(ctx.attr("transpose_a", False)))


# ---------------------------------------------------------------------------------------------
# Convolutions


def conv_arith(x, f, out, *, depthwise: bool = False) -> Cost:
    """N-d convolution, filter [k..., cin/groups, cout] (depthwise: [k..., cin, multiplier]).

    Each output is a dot product of length K = prod(k)·cin/groups (depthwise: K = prod(k)):
    exact N(out)·(2K−1); maccs N(out)·K; TF 2·N(out)·K (needs in0, in1, out fully known).
    """
    K = kernel_taps(f, depthwise)
    text_k = dims(f[:-2] if depthwise else f[:-1]) if K is not None else ""
    flops, maccs, text = contraction(out, K, text_k)
    tf = None
    if N(f) is not None and N(x) is not None and N(out) is not None:
        tf = 2 * N(out) * K
    return Cost(flops, tf, maccs, text)


def kernel_taps(f, depthwise: bool = False) -> int | None:
    """Products per output element of a convolution with filter shape ``f``."""
    if f is None or len(f) < 2:
        return None
    taps = f[:-2] if depthwise else f[:-1]
    if any(d is None for d in taps):
        return None
    return prod(taps)


@register("Conv2D", "Conv3D", flops="N(out)·(2K−1), K = prod(f[:-1]) = k·cin/groups",
          tf="2·N(out)·prod(f[:-1])", maccs="N(out)·K")
def conv(ctx):
    return conv_arith(ctx.inp(0), ctx.inp(1), ctx.out())


@register("DepthwiseConv2dNative", flops="N(out)·(2K−1), K = kh·kw",
          tf="2·N(out)·kh·kw", maccs="N(out)·K")
def depthwise_conv(ctx):
    return conv_arith(ctx.inp(0), ctx.inp(1), ctx.out(), depthwise=True)


@register("SparseMatMul", flops="m·n·(2k−1) (sparsity hints ignored: counted dense)", tf="0",
          maccs="m·n·k")
def sparse_matmul(ctx):
    # MatMul's arithmetic; a_is_sparse/b_is_sparse only pick a kernel, the zeros are data
    return matmul_arith(ctx.inp(0), ctx.inp(1), ctx.out(), bool(ctx.attr("transpose_a", False)),
                        bool(ctx.attr("transpose_b", False)))._replace(tf_flops=0)
