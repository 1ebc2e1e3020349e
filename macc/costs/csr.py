"""CSR sparse matrices (tf.linalg.sparse): conversions and queries are truly zero; the
arithmetic ops are uncounted (macc/costs/uncounted.py).

A CSR matrix is a scalar variant whose dense shape macc tracks (macc/shapes/csr.py), but not its
number of stored entries: that is a run-time value inside the variant (even a constant dense
input's nonzeros are found by a Where at run time). SparseMatrixMatMul's 2·nnz·n, SparseMatrixAdd's
merge of two sparsity patterns, the sparse softmax's rows, the sparse-sparse product's and the
sparse Cholesky factor's fill-in and AMD's ordering all follow nnz or the pattern, so they are
sized (the ops after them are counted) and reported unsupported, never guessed.
"""

from __future__ import annotations

from .registry import add_zero_ops

add_zero_ops(
    # building a CSR matrix from a dense or sparse tensor, or an empty one; and back again
    "DenseToCSRSparseMatrix", "SparseTensorToCSRSparseMatrix", "SparseMatrixZeros",
    "CSRSparseMatrixToDense", "CSRSparseMatrixToSparseTensor", "CSRSparseMatrixComponents",
    # queries and index reordering (a transpose moves entries; conjugation flips a sign bit)
    "SparseMatrixNNZ", "SparseMatrixTranspose",
)
