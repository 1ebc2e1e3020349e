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
