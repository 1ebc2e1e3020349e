"""Shape functions of the CSR sparse-matrix ops (TF's sparse_csr_matrix_ops, tf.linalg.sparse).

A CSR sparse matrix travels as a scalar variant; its dense shape ([rows, cols] or
[batch, rows, cols]) travels beside it as handle data, the way a resource carries its variable's
shape. Here that is a :class:`CSRHandle` set with ``set_handle_shape`` by the ops that make a
matrix (from a dense tensor, a SparseTensor, zeros, or another matrix's op) and read with
``in_handle_shape`` by the ops that take one; Identity passes it on. As in TensorFlow 2.21, an
op given a variant without that data fails ("Unable to access shape and type info"), and the
data's rank must be 2 or 3. The number of stored entries is a run-time value: the sizes that
depend on it (column indices, values) are unknown.

These functions read handle data, so they are registered ``memo=False``.
"""

from __future__ import annotations

from ..errors import ShapeError
from .registry import shape_fn
from .util import broadcast, check_rank, fmt, unify, unify_dim


class CSRHandle:
    """The dense shape of the CSR matrix a variant holds (a tuple of 2 or 3 dims)."""

    __slots__ = ("shape",)

    def __init__(self, shape):
        self.shape = tuple(shape)


def _matrix_rank(shape, what):
    if shape is None or not 2 <= len(shape) <= 3:
        rank = "unknown" if shape is None else len(shape)
        raise ShapeError(f"{what} has rank {rank}, expected a known rank of 2 or 3")
    return shape


def _csr(ctx, i, what="sparse_matrix"):
    """The dense shape of CSR input ``i`` (a scalar variant with CSR handle data)."""
    check_rank(ctx.in_shape(i), 0, what)
    h = ctx.in_handle_shape(i)
    if not isinstance(h, CSRHandle):
        raise ShapeError(f"{what} (input {i}) carries no CSR matrix shape: unable to access "
                         f"shape and type info from the variant")
    return _matrix_rank(h.shape, what)


def _out(ctx, shape):
    ctx.set_handle_shape(0, CSRHandle(shape))
    return [()]


# --- making a CSR matrix -------------------------------------------------------------------------

@shape_fn("SparseTensorToCSRSparseMatrix", memo=False)
def from_sparse_tensor(ctx):
    ind = ctx.in_shape(0)
    check_rank(ind, 2, "indices")
    check_rank(ctx.in_shape(1), 1, "values")
    check_rank(ctx.in_shape(2), 1, "dense_shape")
    if ind is not None and ctx.in_shape(1) is not None:
        unify_dim(ind[0], ctx.in_shape(1)[0], "indices and values rows differ")
    dense = ctx.in_shape_tensor(2)
    rank = None if ind is None else ind[1]
    if dense is not None and rank is not None and len(dense) != rank:
        raise ShapeError(f"dense_shape has {len(dense)} entries, indices {rank} columns")
    if dense is None and rank is not None:
        dense = (None,) * rank
    return _out(ctx, _matrix_rank(dense, "dense_shape"))


@shape_fn("DenseToCSRSparseMatrix", memo=False)
def from_dense(ctx):
    dense = _matrix_rank(ctx.in_shape(0), "dense_input")
    ind = ctx.in_shape(1)
    if ind is None or len(ind) != 2:
        raise ShapeError(f"indices must be a matrix, got {fmt(ind)}")
    if ind[1] != len(dense):
        raise ShapeError(f"indices has {ind[1]} columns, dense_input rank {len(dense)}")
    return _out(ctx, dense)


@shape_fn("SparseMatrixZeros", memo=False)
def zeros(ctx):
    check_rank(ctx.in_shape(0), 1, "dense_shape")
    return _out(ctx, _matrix_rank(ctx.in_shape_tensor(0), "dense_shape"))


# --- reading a CSR matrix ------------------------------------------------------------------------

@shape_fn("CSRSparseMatrixToDense", memo=False)
def to_dense(ctx):
    return [_csr(ctx, 0)]


@shape_fn("CSRSparseMatrixToSparseTensor", memo=False)
def to_sparse_tensor(ctx):
    r = len(_csr(ctx, 0))
    return [(None, r), (None,), (r,)]


@shape_fn("CSRSparseMatrixComponents", memo=False)
def components(ctx):
    s = _csr(ctx, 0, "csr_sparse_matrix")
    idx = ctx.in_shape(1)
    if idx != ():
        raise ShapeError(f"index must be a scalar, got {fmt(idx)}")
    rows = None if s[-2] is None else s[-2] + 1
    return [(rows,), (None,), (None,)]


@shape_fn("SparseMatrixNNZ", memo=False)
def nnz(ctx):
    s = _csr(ctx, 0)
    return [(s[0],) if len(s) == 3 else ()]


@shape_fn("SparseMatrixOrderingAMD", memo=False)
def ordering_amd(ctx):
    s = _csr(ctx, 0, "input")
    unify_dim(s[-2], s[-1], f"input {fmt(s)} is not square")
    return [(s[0],) if len(s) == 2 else (s[0], s[1])]


# --- CSR -> CSR ---------------------------------------------------------------------------------

@shape_fn("SparseMatrixTranspose", memo=False)
def transpose(ctx):
    s = _csr(ctx, 0, "input")
    return _out(ctx, s[:-2] + (s[-1], s[-2]))


@shape_fn("SparseMatrixSoftmax", memo=False)
def softmax(ctx):
    return _out(ctx, _csr(ctx, 0, "logits"))


@shape_fn("SparseMatrixSoftmaxGrad", memo=False)
def softmax_grad(ctx):
    a, b = _csr(ctx, 0, "softmax"), _csr(ctx, 1, "grad_softmax")
    return _out(ctx, unify(a, b, "softmax and grad_softmax"))


@shape_fn("SparseMatrixAdd", memo=False)
def add(ctx):
    check_rank(ctx.in_shape(2), 0, "alpha")
    check_rank(ctx.in_shape(3), 0, "beta")
    a, b = _csr(ctx, 0, "a"), _csr(ctx, 1, "b")
    return _out(ctx, unify(a, b, "a and b"))


@shape_fn("SparseMatrixMul", memo=False)
def mul(ctx):
    a = _csr(ctx, 0, "a")
    b = ctx.in_shape(1)
    if b is None or len(b) > 3:
        raise ShapeError(f"b {fmt(b)} must have a known rank of at most 3")
    if len(b) == 0:
        return _out(ctx, a)
    if len(b) != 3 or len(a) != 3:
        raise ShapeError(f"b {fmt(b)} must be a scalar or shaped [batch_size, 1, 1] with a "
                         f"batched a {fmt(a)}")
    if b[1] != 1 or b[2] != 1:
        raise ShapeError(f"b {fmt(b)} must be a scalar or shaped [batch_size, 1, 1]")
    batch = unify_dim(a[0], b[0], "batch sizes of a and b differ")
    return _out(ctx, (batch,) + a[1:])


def _transposes(ctx):
    ta, tb = bool(ctx.attr("transpose_a", False)), bool(ctx.attr("transpose_b", False))
    aa, ab = bool(ctx.attr("adjoint_a", False)), bool(ctx.attr("adjoint_b", False))
    if (ta and aa) or (tb and ab):
        raise ShapeError("only one of adjoint_x and transpose_x may be true")
    return ta or aa, tb or ab


@shape_fn("SparseMatrixMatMul", memo=False)
def matmul(ctx):
    """A CSR [..., m, k] times a dense [..., k, n]: [..., m, n] (batch dims merged)."""
    a = _csr(ctx, 0, "a")
    b = ctx.in_shape(1)
    if b is not None and not 2 <= len(b) <= 3:
        raise ShapeError(f"b {fmt(b)} must have rank 2 or 3")
    ta, tb = _transposes(ctx)
    rows = a[-1] if ta else a[-2]
    cols = None if b is None else (b[-2] if tb else b[-1])
    if ctx.attr("transpose_output", False):
        rows, cols = cols, rows
    batch = a[:-2] if b is None else unify(a[:-2], b[:-2], "batch dims of a and b")
    if b is not None:
        unify_dim(a[-2] if ta else a[-1], b[-1] if tb else b[-2], "inner dims of a and b differ")
    return [tuple(batch) + (rows, cols)]


@shape_fn("SparseMatrixSparseMatMul", memo=False)
def sparse_matmul(ctx):
    """CSR times CSR: the product's shape in a new CSR handle (batch dims broadcast)."""
    a, b = _csr(ctx, 0, "a"), _csr(ctx, 1, "b")
    ta, tb = _transposes(ctx)
    unify_dim(a[-2] if ta else a[-1], b[-1] if tb else b[-2], "inner dims of a and b differ")
    batch = broadcast(a[:-2], b[:-2])
    return _out(ctx, tuple(batch) + (a[-1] if ta else a[-2], b[-2] if tb else b[-1]))


@shape_fn("SparseMatrixSparseCholesky", memo=False)
def sparse_cholesky(ctx):
    s = _csr(ctx, 0, "input")
    n = unify_dim(s[-2], s[-1], f"input {fmt(s)} is not square")
    perm = ctx.in_shape(1)
    if perm is None or not 1 <= len(perm) <= 2:
        raise ShapeError(f"permutation {fmt(perm)} must have a known rank of 1 or 2")
    unify_dim(n, perm[-1], "permutation length and matrix size differ")
    return _out(ctx, s)
