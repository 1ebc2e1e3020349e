"""Tridiagonal and banded solvers and products (TensorFlow's profiler counts them 0), counted from
TF 2.21's CPU kernels, per right-hand side column (K of them) and per batch matrix
(B = N(out) / (M·K)); each divide counts 1.

- TridiagonalMatMul (diagonals [..., 1, M], rhs [..., M, K]): output row i is the dot product of
  the row's 3 entries (2 in the first and last rows) with rhs: 3M − 2 multiplies and 2M − 2 adds,
  B·K·(5M − 4) FLOPs; a contraction: B·K·(3M − 2) MACCs.
- TridiagonalSolve without partial pivoting (the Thomas algorithm): u0 = c0/b0 and x0 = r0/b0;
  for i = 1 … M−1 the pivot b_i − a_i·u_{i−1} (2), u_i (1; the kernel computes it for the last
  row too) and x_i = (r_i − a_i·x_{i−1})/pivot (3 per column); back substitution
  x_i −= u_i·x_{i+1} (2 per column, i = M−2 … 0): per batch 3M − 2 + K·(5M − 4). With partial
  pivoting (the default) the row interchanges, and so the work, depend on the values: unknown.
- BandedTriangularSolve (matrix [..., bands, M], rhs [..., M, K]): row i subtracts the dot
  product of t_i = min(i, bands − 1) solved rows (2t_i) and divides (1): per column
  M + 2·S, S = Σ_i t_i; the lower adjoint kernel solves its first row twice (+1 per column).
MACCs are 0 for the solves, as for MatrixTriangularSolve (only contractions have MACCs).
"""

from __future__ import annotations

from .registry import Cost, N, register


def _batches(out, m, k):
    n = N(out)
    return None if n is None or not m or not k else n // (m * k)


def tridiagonal_matmul_arith(batch: int, m: int, k: int) -> Cost:
    return Cost(batch * k * (5 * m - 4), 0, batch * k * (3 * m - 2),
                f"{batch}·{k}·(5·{m}−4)")


def thomas_arith(batch: int, m: int, k: int) -> int:
    return batch * (3 * m - 2 + k * (5 * m - 4))


def band_sum(m: int, bands: int) -> int:
    """Σ_{i<m} min(i, bands − 1): the solved rows each row's dot product reads."""
    w = bands - 1
    if m - 1 <= w:
        return m * (m - 1) // 2
    return w * (w + 1) // 2 + w * (m - 1 - w)


def banded_solve_arith(batch: int, m: int, k: int, bands: int, twice: bool) -> int:
    return batch * k * (m + 2 * band_sum(m, bands) + (1 if twice else 0))


@register("TridiagonalMatMul", flops="B·K·(5M−4), rhs [..., M, K]", tf="0",
          maccs="B·K·(3M−2)")
def tridiagonal_matmul(ctx):
    out = ctx.out()
    if N(out) is None:
        return Cost(None, 0, None)
    m, k = out[-2], out[-1]
    batch = _batches(out, m, k)
    if batch is None:
        return Cost(0, 0, 0, "empty")
    return tridiagonal_matmul_arith(batch, m, k)


@register("TridiagonalSolve",
          flops="B·(3M−2 + K·(5M−4)) without partial pivoting (Thomas); unknown with it", tf="0",
          maccs="0")
def tridiagonal_solve(ctx):
    if bool(ctx.attr("partial_pivoting", True)):
        return Cost(None, 0, 0, "partial pivoting: the row interchanges depend on the values")
    out = ctx.out()
    if N(out) is None:
        return Cost(None, 0, 0)
    m, k = out[-2], out[-1]
    batch = _batches(out, m, k)
    if batch is None:
        return Cost(0, 0, 0, "empty")
    return Cost(thomas_arith(batch, m, k), 0, 0, f"{batch}·(3·{m}−2 + {k}·(5·{m}−4))")


@register("BandedTriangularSolve",
          flops="B·K·(M + 2·Σ_i min(i, bands−1)) (+B·K lower adjoint), matrix [..., bands, M]",
          tf="0", maccs="0")
def banded_triangular_solve(ctx):
    out, mat = ctx.out(), ctx.inp(0)
    if N(out) is None or mat is None or mat[-2] is None:
        return Cost(None, 0, 0)
    m, k, bands = out[-2], out[-1], mat[-2]
    batch = _batches(out, m, k)
    if batch is None:
        return Cost(0, 0, 0, "empty")
    twice = bool(ctx.attr("lower", True)) and bool(ctx.attr("adjoint", False))
    flops = banded_solve_arith(batch, m, k, bands, twice)
    return Cost(flops, 0, 0, f"{batch}·{k}·({m} + 2·{band_sum(m, bands)}{' + 1' if twice else ''})")
