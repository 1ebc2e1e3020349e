"""Dense linear algebra on batches of square matrices [..., n, n] (TensorFlow counts 0).

Exact counts of the textbook algorithms TF's kernels (Eigen/LAPACK) run, each divide, sqrt, log
and abs costing 1 (docs/conventions.md). MACCs are 0: factorisations are not reported as
sums of products (only contractions have MACCs), their FLOPs say it all.

- LU with partial pivoting (pivot searches are comparisons of magnitudes and are not counted):
  step m = n−1 … 1 divides m multipliers and updates an m×m block (2m²):
  lu(n) = Σ(2m² + m) = (4n³ − 3n² − n)/6 ≈ 2n³/3 (LAPACK's getrf count).
- Cholesky: column k (from the right, size k = n … 1) takes a sqrt, k − 1 divides and
  (k − 1)·k for the rank-1 update: n(n+1)(2n+1)/6 ≈ n³/3.
- MatrixDeterminant: lu(n) and the product of the n pivots (n − 1): lu(n) + n − 1.
- LogMatrixDeterminant: lu(n), then |pivot| (n), log (n) and their sum (n − 1): lu(n) + 3n − 1.
- MatrixInverse: lu(n), then for each column e_j of I a forward substitution with the unit lower
  factor that skips the known zeros ((n−j)(n−j+1): Σ = (n³ − n)/3) and a back substitution with
  the upper one (n²): 2n³ − (n² + n)/2.
- MatrixSolve: lu(n), then per right-hand side a forward substitution with the unit lower
  factor (n(n − 1)) and a back substitution with the upper one (n(n − 1) + n divides):
  lu(n) + k·(2n² − n) for rhs [..., n, k].
- MatrixTriangularSolve: per right-hand side n divides and n(n − 1)/2 multiply-subtract pairs:
  k·n² for rhs [..., n, k] (batch dims broadcast: counted per output matrix).
- Qr, Svd, SelfAdjointEigV2, Eig, Lu, MatrixSolveLs have no formula: their iterations (or
  pivoting and rank decisions) depend on the values, so they are reported as unsupported.
- CholeskyGrad: the blocked algorithm of Murray (2016) TF's kernel runs (cholesky_grad.cc),
  with blocks of 32 columns from the bottom right (``cholesky_grad``: the count, step by step).
- MatrixExponential / MatrixLogarithm: one degree-13 Padé evaluation (Higham's scheme: 6 matrix
  products, 6·n²(2n − 1); U ± V, 2n²; a solve with n right-hand sides, lu(n) + n·(2n² − n)). The
  number of squarings (or square roots) depends on the matrix norm, a data value, and is not
  counted: the count is a lower bound.
"""

from __future__ import annotations

from .registry import Cost, N, dims, register


def lu(n: int) -> int:
    return (4 * n ** 3 - 3 * n ** 2 - n) // 6


def cholesky(n: int) -> int:
    return n * (n + 1) * (2 * n + 1) // 6


def inverse(n: int) -> int:
    return (4 * n ** 3 - n ** 2 - n) // 2


def _grad_unblocked(m: int) -> int:
    """The kernel's unblocked gradient of an m×m diagonal block, column k = m−1 … 0, q = m−1−k
    rows below it: d̄ −= (cᵀ·c̄)/d (a dot product of length q, a divide, a subtraction: 2q + 1;
    0 for q = 0, an empty product), [d̄; c̄] /= d (q + 1 divides), r̄ −= [d̄; c̄]ᵀ·[r; B] (k
    products of length q + 1 subtracted: 2k(q + 1)), B̄ −= c̄·r (2qk), d̄ /= 2 (1). Summed:
    (m² − 1) + m(m+1)/2 + m + m(m−1)(2m−1)/3 (for m ≥ 1)."""
    return (m * m - 1) + m * (m + 1) // 2 + m + m * (m - 1) * (2 * m - 1) // 3 if m else 0


def cholesky_grad(n: int, block: int = 32) -> int:
    """CholeskyGrad of one n×n matrix: TF's blocked loop (kMaxBlockSize = 32), blocks from the
    bottom right. A block of s columns with b columns to its left and t rows below it:
    C̄ = C̄·D⁻¹ (a triangular solve with t right-hand sides: t·s², MatrixTriangularSolve's rule),
    D̄ −= lower(C̄ᵀ·C) (the full s×s product, s²(2t − 1), then s(s+1)/2 subtractions),
    B̄ −= C̄·R and R̄ −= C̄ᵀ·B (each product subtracted into its target: 2tbs each), the
    unblocked gradient of D̄ (``_grad_unblocked(s)``), R̄ −= (D̄ + D̄ᵀ)·R (s² adds, 2s²b). A term
    whose product has an empty inner dimension (t = 0 for the first block, b = 0 for the last)
    is zero and counts 0 with the update it feeds. Last, the output is symmetrised,
    0.5·(X + Xᵀ): 2n². Example n = 3 (one block, t = b = 0): 27 + 18 = 45."""
    flops = 2 * n * n if n else 0
    for end in range(n, 0, -block):
        begin = max(0, end - block)
        s, b, t = end - begin, begin, n - end
        flops += _grad_unblocked(s)
        if t:
            flops += t * s * s + s * s * (2 * t - 1) + s * (s + 1) // 2 + 4 * t * b * s
        if b:
            flops += s * s + 2 * s * s * b
    return flops


def pade13(n: int) -> int:
    return 6 * n * n * (2 * n - 1) + 2 * n * n + lu(n) + n * (2 * n * n - n)


def batched(x, per_matrix, name: str) -> Cost:
    """``per_matrix(n)`` for each of the matrices [..., n, n] of ``x``."""
    if N(x) is None or len(x) < 2:
        return Cost(None, 0, 0)
    n = x[-1]
    count = N(x) // (n * n) if n else 0
    return Cost(count * per_matrix(n), 0, 0, f"{dims(x[:-2])}·{name}({n})")


def _linalg(op: str, fn, text: str, name: str):
    register(op, flops=text, tf="0", maccs="0")(lambda ctx: batched(ctx.inp(0), fn, name))


_linalg("Cholesky", cholesky, "matrices·n(n+1)(2n+1)/6", "chol")
_linalg("MatrixDeterminant", lambda n: lu(n) + n - 1 if n else 0,
        "matrices·(lu(n) + n − 1), lu(n) = (4n³ − 3n² − n)/6", "det")
_linalg("LogMatrixDeterminant", lambda n: lu(n) + 3 * n - 1 if n else 0,
        "matrices·(lu(n) + 3n − 1)", "logdet")
_linalg("MatrixInverse", inverse, "matrices·(2n³ − (n² + n)/2)", "inv")
_linalg("MatrixExponential", pade13,
        "matrices·(6n²(2n−1) + 2n² + lu(n) + n(2n²−n)): one Padé-13, squarings not counted",
        "pade13")
_linalg("MatrixLogarithm", pade13,
        "matrices·(6n²(2n−1) + 2n² + lu(n) + n(2n²−n)): one Padé-13, square roots not counted",
        "pade13")


@register("CholeskyGrad", flops="matrices·cholesky_grad(n): Murray's blocked algorithm, blocks of "
          "32 (per block of s columns, t rows below, b to the left: t·s² + s²(2t−1) + s(s+1)/2 + "
          "4tbs + the unblocked s×s gradient + s² + 2s²b) + 2n²", tf="0", maccs="0")
def cholesky_grad_op(ctx):
    # l and grad have the same shape (TF's shape function unifies them into the output's)
    x = ctx.out() if N(ctx.out()) is not None else ctx.inp(0)
    return batched(x, cholesky_grad, "chol_grad")


def _solve(ctx, per_matrix, name: str) -> Cost:
    """``per_matrix(n, k)`` flops for each matrix of the output [..., n, k]."""
    out = ctx.out()
    if N(out) is None or len(out) < 2:
        return Cost(None, 0, 0)
    n, k = out[-2], out[-1]
    matrices = N(out) // (n * k) if n and k else 0
    return Cost(matrices * per_matrix(n, k), 0, 0, f"{dims(out[:-2])}·{name}({n}, k={k})")


@register("MatrixSolve", flops="matrices·(lu(n) + k·(2n² − n)) for rhs [..., n, k]", tf="0",
          maccs="0")
def matrix_solve(ctx):
    return _solve(ctx, lambda n, k: lu(n) + k * (2 * n * n - n), "solve")


@register("MatrixTriangularSolve", flops="matrices·k·n² for rhs [..., n, k]", tf="0", maccs="0")
def matrix_triangular_solve(ctx):
    return _solve(ctx, lambda n, k: k * n * n, "trisolve")
