"""Sparse ops: formulas on the number of stored entries (nnz), no MACCs but the sparse matmul's.

nnz is the length of a values input, known only when the sparse tensor's size is static (a
constant SparseTensor). Some counts also depend on *which* entries are stored: how many segments,
rows or output positions receive at least one entry. Those are read from constant indices and
segment ids when the graph has them; otherwise the flops are unknown (status unknown_shape),
never guessed. TensorFlow's profiler has no formula for any sparse op: tf_flops is 0.

- SparseTensorDenseMatMul (A sparse [m, k] with nnz entries, B [k, n]): the kernel zeroes the
  output, then for each stored a[i, j] adds a[i, j]·B[j, :] into row i: n multiplies and n adds
  per entry: 2·nnz·n flops, nnz·n MACCs (batch dims: nnz counts every batch's entries).
- SparseSegmentSum/Mean/SqrtN (embedding_lookup_sparse's combiners): len(indices) rows of
  r = prod(data[1:]) elements are gathered and summed into S non-empty segments:
  (len(indices) − S)·r adds; Mean divides each non-empty segment's row by its count (S·r);
  SqrtN takes one square root per non-empty segment and divides its row (S + S·r).
- SparseReduceSum/Max(Sparse): nnz values combined into S non-empty output positions: nnz − S.
- SparseSoftmax: per non-empty innermost row of k entries, the dense softmax's 5k − 2:
  5·nnz − 2·R, R = non-empty rows.
- SparseAdd: a position in both inputs costs an add, and every output position is compared with
  ``thresh``: |A∩B| + |A∪B| = nnz(A) + nnz(B).
- SparseSparseMaximum/Minimum: one comparison per position of the union (a missing entry is 0).
- SparseTensorDenseAdd, SparseDenseCwiseAdd/Mul/Div: one operation per stored entry.
"""

from __future__ import annotations

from .registry import Cost, N, add_zero_ops, prod, register

add_zero_ops(
    # reordering, reshaping, slicing, concatenating and padding sparse tensors: index moves
    "SparseReorder", "SparseReshape", "SparseSlice", "SparseConcat", "SparseFillEmptyRows",
    # (de)serialization of sparse tensors to strings
    "SerializeSparse", "SerializeManySparse", "DeserializeManySparse",
)


def _nnz(shape):
    """The entry count of a values (or indices) input: its dim 0, None when unknown."""
    if not shape or shape[0] is None:
        return None
    return shape[0]


def _rows(value, cols=None) -> set | None:
    """The distinct rows of a constant 2-D (or 1-D) integer input, projected to ``cols``."""
    if value is None:
        return None
    v = value.tolist()
    if value.ndim == 1:
        return set(v)
    if cols is None:
        return {tuple(r) for r in v}
    return {tuple(r[c] for c in cols) for r in v}


# --- SparseTensorDenseMatMul -------------------------------------------------------------------

def sparse_matmul_arith(nnz: int | None, n: int | None) -> Cost:
    """2·nnz·n flops and nnz·n MACCs: each stored entry times a row of B, added into the output."""
    if nnz is None or n is None:
        return Cost(None, 0, None)
    return Cost(2 * nnz * n, 0, nnz * n, f"2·{nnz}·{n}")


@register("SparseTensorDenseMatMul", flops="2·nnz·n, nnz = in1[0], n = out[-1]", tf="0",
          maccs="nnz·n")
def sparse_tensor_dense_matmul(ctx):
    out = ctx.out()
    return sparse_matmul_arith(_nnz(ctx.inp(1)), out[-1] if out else None)


# --- sparse segment reductions -----------------------------------------------------------------

def segment_arith(n_idx, segments, row, mean: bool, sqrt: bool) -> tuple[int, str]:
    """(flops, text) of gathering n_idx rows of ``row`` elements into ``segments`` non-empty
    segments: (n_idx − S)·r adds, S·r divides (Mean, SqrtN), S square roots (SqrtN)."""
    flops = (n_idx - segments) * row
    text = f"({n_idx}−{segments})·{row}"
    if mean or sqrt:
        flops += segments * row
        text += f" + {segments}·{row}"
    if sqrt:
        flops += segments
        text += f" + {segments}"
    return flops, text


def _segment_formula(mean: bool, sqrt: bool):
    def formula(ctx):
        data, idx = ctx.inp(0), ctx.inp(1)
        segs = _rows(ctx.value(2))
        n_idx = _nnz(idx)
        if data is None or N(tuple(data[1:])) is None or n_idx is None or segs is None:
            return Cost(None, 0, 0)
        flops, text = segment_arith(n_idx, len(segs), prod(data[1:]), mean, sqrt)
        return Cost(flops, 0, 0, text)
    return formula


_SEG = "S = distinct constant segment_ids (unknown otherwise), r = prod(in0[1:])"
register("SparseSegmentSum", "SparseSegmentSumWithNumSegments", flops=f"(len(in1) − S)·r, {_SEG}",
         tf="0", values=True)(_segment_formula(False, False))
register("SparseSegmentMean", "SparseSegmentMeanWithNumSegments",
         flops=f"(len(in1) − S)·r + S·r, {_SEG}", tf="0", values=True)(_segment_formula(True, False))
register("SparseSegmentSqrtN", "SparseSegmentSqrtNWithNumSegments",
         flops=f"(len(in1) − S)·r + S·r + S, {_SEG}", tf="0",
         values=True)(_segment_formula(False, True))


# --- reductions, softmax, sparse + sparse ------------------------------------------------------

@register("SparseReduceSum", "SparseReduceMax", "SparseReduceSumSparse", "SparseReduceMaxSparse",
          flops="nnz − S, S = distinct kept index columns of constant indices (unknown otherwise)",
          tf="0", values=True)
def sparse_reduce(ctx):
    nnz, ind, shape, axes = _nnz(ctx.inp(1)), ctx.value(0), ctx.value(2), ctx.value(3)
    if nnz is None or ind is None or shape is None or axes is None or ind.ndim != 2:
        return Cost(None, 0, 0)
    nd = shape.size
    red = {(int(a) + nd) % nd for a in axes.reshape(-1).tolist()} if nd else set()
    kept = [c for c in range(nd) if c not in red]
    s = len(_rows(ind, kept)) if nnz else 0
    return Cost(nnz - s, 0, 0, f"{nnz}−{s}")


@register("SparseSoftmax", flops="5·nnz − 2·R, R = distinct rows (all index columns but the "
          "last) of constant indices (unknown otherwise)", tf="0", values=True)
def sparse_softmax(ctx):
    nnz, ind = _nnz(ctx.inp(1)), ctx.value(0)
    if nnz is None or ind is None or ind.ndim != 2:
        return Cost(None, 0, 0)
    r = len(_rows(ind, list(range(ind.shape[1] - 1))))
    return Cost(5 * nnz - 2 * r, 0, 0, f"5·{nnz}−2·{r}")


@register("SparseAdd",
          flops="nnz(A) + nnz(B): an add per position in both, a threshold test per output entry",
          tf="0")
def sparse_add(ctx):
    a, b = _nnz(ctx.inp(1)), _nnz(ctx.inp(4))
    if a is None or b is None:
        return Cost(None, 0, 0)
    return Cost(a + b, 0, 0, f"{a}+{b}")


@register("SparseSparseMaximum", "SparseSparseMinimum",
          flops="one comparison per position of the union, from constant indices (unknown otherwise)", tf="0",
          values=True)
def sparse_sparse_min_max(ctx):
    a, b = _rows(ctx.value(0)), _rows(ctx.value(3))
    if a is None or b is None:
        return Cost(None, 0, 0)
    n = len(a | b)
    return Cost(n, 0, 0, str(n))


# --- one operation per stored entry ------------------------------------------------------------

@register("SparseTensorDenseAdd", flops="nnz = N(in1)", tf="0")
def sparse_tensor_dense_add(ctx):
    n = _nnz(ctx.inp(1))
    return Cost(None, 0, 0) if n is None else Cost(n, 0, 0, str(n))


@register("SparseDenseCwiseMul", "SparseDenseCwiseDiv", "SparseDenseCwiseAdd",
          flops="nnz = N(out)", tf="0")
def sparse_dense_cwise(ctx):
    n = _nnz(ctx.out())
    return Cost(None, 0, 0) if n is None else Cost(n, 0, 0, str(n))
