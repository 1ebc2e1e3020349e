"""Shape functions of matrix decompositions and solves (TF's linalg_ops shape functions).

Inputs are batches of matrices [..., m, n]; an unknown rank stays unknown. Solves pair a matrix
with right-hand sides [..., m, k]: MatrixSolve and MatrixSolveLs want equal batch dims,
MatrixTriangularSolve broadcasts them (TF ≥ 2.2).
"""

from __future__ import annotations

from .registry import shape_fn
from .util import broadcast, fmt, unify, unify_dim


def _matrix(ctx, i=0, *, square=False, what="input"):
    s = ctx.in_shape(i)
    if s is None:
        return None
    if len(s) < 2:
        raise ctx.error(f"{what} {fmt(s)} has rank {len(s)}, expected a matrix (rank 2 or more)")
    if square:
        unify_dim(s[-2], s[-1], f"{what} {fmt(s)} is not square")
    return tuple(s)


def _min(a, b):
    return None if a is None or b is None else min(a, b)


@shape_fn("MatrixSolve", "MatrixTriangularSolve", "MatrixSolveLs")
def matrix_solve(ctx):
    """[..., m, m] (least squares: [..., m, n]) and rhs [..., m, k] -> [..., m, k] ([..., n, k]);
    MatrixTriangularSolve broadcasts the batch dims, the others want them equal."""
    op = ctx.node.op
    a = _matrix(ctx, 0, square=op != "MatrixSolveLs", what="matrix")
    b = _matrix(ctx, 1, what="rhs")
    if op == "MatrixTriangularSolve":  # broadcasting batch dims: an unknown rank stays unknown
        if a is None or b is None:
            return [None]
        m = unify_dim(unify_dim(a[-2], a[-1], "matrix"), b[-2],
                      f"matrix {fmt(a)} and rhs {fmt(b)} differ in rows")
        return [tuple(broadcast(a[:-2], b[:-2])) + (m, b[-1])]
    if a is None and b is None:
        return [None]
    # TF's MatrixSolveShapeFn: one input of unknown rank takes the other's batch dims; the
    # output is batch + [n, k], n = the matrix's columns (merged with its rows when square)
    batch = unify(a[:-2] if a else None, b[:-2] if b else None, "the batch dims of matrix and rhs")
    m = unify_dim(a[-2] if a else None, b[-2] if b else None,
                  f"matrix {fmt(a)} and rhs {fmt(b)} differ in rows")
    n = a[-1] if a else None
    if op != "MatrixSolveLs":
        n = unify_dim(m, n, f"matrix {fmt(a)} is not square")
    return [tuple(batch) + (n, b[-1] if b else None)]


@shape_fn("Qr")
def qr(ctx):
    s = _matrix(ctx)
    if s is None:
        return [None, None]
    batch, m, n = s[:-2], s[-2], s[-1]
    if ctx.attr("full_matrices", False):
        return [batch + (m, m), batch + (m, n)]
    p = _min(m, n)
    return [batch + (m, p), batch + (p, n)]


@shape_fn("SelfAdjointEigV2", "Eig")
def eig(ctx):
    s = _matrix(ctx, square=True)
    compute_v = ctx.attr("compute_v", True)
    if s is None:  # TF: v is [0] without compute_v, whatever the input's rank
        return [None, None if compute_v else (0,)]
    n = s[-1] if s[-1] is not None else s[-2]
    return [s[:-2] + (n,), s[:-2] + (n, n) if compute_v else (0,)]


@shape_fn("Svd")
def svd(ctx):
    s = _matrix(ctx)
    compute_uv = ctx.attr("compute_uv", True)
    if s is None:  # TF: u and v are [0] without compute_uv, whatever the input's rank
        return [None, None, None] if compute_uv else [None, (0,), (0,)]
    batch, m, n = s[:-2], s[-2], s[-1]
    p = _min(m, n)
    if not compute_uv:
        return [batch + (p,), (0,), (0,)]
    if ctx.attr("full_matrices", False):
        return [batch + (p,), batch + (m, m), batch + (n, n)]
    return [batch + (p,), batch + (m, p), batch + (n, p)]


@shape_fn("Lu")
def lu(ctx):
    s = _matrix(ctx, square=True)
    if s is None:
        return [None, None]
    return [s, s[:-1]]
