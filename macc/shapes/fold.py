"""Values of ops that TensorFlow's import evaluates on constant inputs (eval_const_tensor.cc runs
any stateless op with a CPU kernel whose inputs are known) and that shape arithmetic meets:
Split/SplitV of a shape vector (tf.signal.frame, tf.split), cumulative sums, GatherNd, TopKV2
(tf.sort is TopKV2 of the negated input), tensor scatters, unsorted segment reductions, MatMul,
Bitcast, OneHot, MatrixDiag (tf.eye), Pad and Where.

Pure functions of numpy values (no ShapeCtx): each returns the output value(s), or None when
TensorFlow's kernel would fail (an index out of range: TF's evaluation then gives up, the import
goes on without the value) or the output would be larger than ``LIMIT`` elements (never build a
big tensor: the inputs themselves are at most MAX_DECODE elements, some outputs grow)."""

from __future__ import annotations

import numpy as np

from .consteval import TINY

LIMIT = TINY  # elements of an output that may grow past its inputs (OneHot, MatrixDiag, Pad...)


def _fits(shape) -> bool:
    n = 1
    for d in shape:
        n *= int(d)
    return n <= LIMIT


def split(value: np.ndarray, axis: int, n: int):
    """Split: ``n`` equal parts along ``axis`` (normalised by the caller)."""
    if n <= 0 or value.shape[axis] % n:
        return None
    return np.split(value, n, axis=axis)


def split_v(value: np.ndarray, sizes: list, axis: int):
    """SplitV: parts of ``sizes`` along ``axis``, one -1 standing for what is left."""
    d = value.shape[axis]
    if sizes.count(-1) == 1:
        rest = d - sum(s for s in sizes if s != -1)
        sizes = [rest if s == -1 else s for s in sizes]
    if any(s < 0 for s in sizes) or sum(sizes) != d:
        return None
    return np.split(value, np.cumsum(sizes)[:-1].tolist(), axis=axis)


def cumulative(value: np.ndarray, axis: int, exclusive: bool, reverse: bool, prod: bool):
    """Cumsum / Cumprod with TF's ``exclusive`` (shifted by one, starting from 0 or 1) and
    ``reverse`` (accumulated from the end); integer results wrap in the input's type."""
    x = np.flip(value, axis) if reverse else value
    with np.errstate(all="ignore"):
        acc = (np.cumprod if prod else np.cumsum)(x, axis=axis)
    if exclusive and x.shape[axis]:
        first = np.full_like(np.take(acc, [0], axis=axis), 1 if prod else 0)
        acc = np.concatenate([first, np.delete(acc, -1, axis=axis)], axis=axis)
    if reverse:
        acc = np.flip(acc, axis)
    return acc.astype(value.dtype, copy=False)


def gather_nd(params: np.ndarray, indices: np.ndarray):
    """GatherNd: the innermost dim of ``indices`` indexes the first dims of ``params``; an
    index out of range makes TF's CPU kernel fail (None)."""
    if indices.ndim == 0 or not np.issubdtype(indices.dtype, np.integer):
        return None
    k = indices.shape[-1]
    if k > params.ndim:
        return None
    out_shape = indices.shape[:-1] + params.shape[k:]
    if not _fits(out_shape) and int(np.prod(out_shape)) > params.size:
        return None
    idx = indices.reshape(-1, k)
    bounds = np.array(params.shape[:k], dtype=np.int64)
    if idx.size and ((idx < 0).any() or (idx >= bounds).any()):
        return None
    rows = [params[tuple(int(i) for i in row)] for row in idx]
    if not rows:
        return np.zeros(out_shape, dtype=params.dtype)
    return np.stack(rows).reshape(out_shape).astype(params.dtype, copy=False)


def top_k(value: np.ndarray, k: int, index_dtype):
    """TopKV2 with sorted=True: the k largest along the last axis, largest first; equal values
    in order of their index (TF's kernel is stable). (values, indices); None for NaN or a k
    past the last dim."""
    if value.ndim == 0 or k < 0 or k > value.shape[-1]:
        return None
    if np.issubdtype(value.dtype, np.floating) and np.isnan(value).any():
        return None
    n = value.shape[-1]
    # stable ascending sort of the reversed row, read backwards: descending, ties by lower index
    order = (n - 1 - np.argsort(np.flip(value, -1), axis=-1, kind="stable"))[..., ::-1]
    idx = order[..., :k]
    return np.take_along_axis(value, idx, axis=-1), idx.astype(index_dtype)


_SCATTER = {"TensorScatterUpdate": None, "TensorScatterAdd": np.add,
            "TensorScatterSub": np.subtract, "TensorScatterMax": np.maximum,
            "TensorScatterMin": np.minimum}


def tensor_scatter(op: str, tensor: np.ndarray, indices: np.ndarray, updates: np.ndarray):
    """TensorScatter{Update,Add,Sub,Max,Min}: a copy of ``tensor`` with ``updates`` applied at
    ``indices`` (innermost dim indexes the first dims), one update after another."""
    if op not in _SCATTER or indices.ndim == 0 or not np.issubdtype(indices.dtype, np.integer):
        return None
    k = indices.shape[-1]
    if k > tensor.ndim or updates.shape != indices.shape[:-1] + tensor.shape[k:]:
        return None
    idx = indices.reshape(-1, k)
    bounds = np.array(tensor.shape[:k], dtype=np.int64)
    if idx.size and ((idx < 0).any() or (idx >= bounds).any()):
        return None
    out = tensor.copy()
    upd = updates.reshape((idx.shape[0],) + tensor.shape[k:])
    fn = _SCATTER[op]
    with np.errstate(all="ignore"):
        for row, u in zip(idx, upd):
            at = tuple(int(i) for i in row)
            out[at] = u if fn is None else fn(out[at], u)
    return out


def unsorted_segment(op: str, data: np.ndarray, ids: np.ndarray, n: int):
    """UnsortedSegment{Sum,Prod,Max,Min}: ``n`` segments; negative ids are dropped (TF's CPU
    kernel), an id past ``n`` fails; empty segments hold the reduction's identity (0, 1, the
    type's lowest / highest value)."""
    kind = op[len("UnsortedSegment"):]
    if kind not in ("Sum", "Prod", "Max", "Min") or not np.issubdtype(ids.dtype, np.integer):
        return None
    if n < 0 or ids.shape != data.shape[:ids.ndim]:
        return None
    out_shape = (n,) + data.shape[ids.ndim:]
    if not _fits(out_shape) or (ids.size and ids.max() >= n):
        return None
    if kind in ("Sum", "Prod"):
        init = 0 if kind == "Sum" else 1
    else:
        info = (np.iinfo if np.issubdtype(data.dtype, np.integer) else np.finfo)(data.dtype)
        init = info.min if kind == "Max" else info.max
    out = np.full(out_shape, init, dtype=data.dtype)
    flat_ids = ids.reshape(-1)
    rows = data.reshape((flat_ids.size,) + data.shape[ids.ndim:])
    keep = flat_ids >= 0
    fn = {"Sum": np.add, "Prod": np.multiply, "Max": np.maximum, "Min": np.minimum}[kind]
    with np.errstate(all="ignore"):
        fn.at(out, flat_ids[keep], rows[keep])
    return out


def matmul(a: np.ndarray, b: np.ndarray, transpose_a: bool, transpose_b: bool):
    """MatMul of two known matrices (ints wrap in their type)."""
    if a.ndim != 2 or b.ndim != 2 or a.dtype != b.dtype:
        return None
    a = a.T if transpose_a else a
    b = b.T if transpose_b else b
    if a.shape[1] != b.shape[0] or not _fits((a.shape[0], b.shape[1])):
        return None
    with np.errstate(all="ignore"):
        return np.matmul(a, b).astype(a.dtype, copy=False)


def bitcast(value: np.ndarray, to) -> np.ndarray | None:
    """Bitcast: the same bytes read as ``to`` (a numpy type); to a smaller type a last dim of the
    size ratio is added, to a larger one the last dim (the ratio) goes."""
    if value.dtype == object or to is None or to is object:
        return None
    src, dst = value.dtype.itemsize, np.dtype(to).itemsize
    raw = np.ascontiguousarray(value)
    if src == dst:
        return raw.view(to)
    if src > dst:
        return raw.reshape(value.shape + (1,)).view(to)  # view splits the last dim
    if not value.ndim or value.shape[-1] != dst // src:
        return None
    return raw.view(to).reshape(value.shape[:-1])


def one_hot(indices: np.ndarray, depth: int, on, off, axis: int):
    """OneHot: ``on`` where the index equals the position along the new ``axis`` (-1: last),
    ``off`` elsewhere (indices out of [0, depth) give a row of ``off``)."""
    if depth < 0 or not np.issubdtype(indices.dtype, np.integer):
        return None
    if not _fits(indices.shape + (depth,)):
        return None
    hot = indices[..., None] == np.arange(depth)
    out = np.where(hot, on, off).astype(np.asarray(on).dtype, copy=False)
    if axis != -1:
        out = np.moveaxis(out, -1, axis)
    return out


def matrix_diag(diag: np.ndarray, k: int, rows: int, cols: int, padding):
    """MatrixDiag / MatrixDiagV2/V3 with one diagonal ``k``: a [..., rows, cols] matrix of
    ``padding`` with ``diag`` on diagonal k (the caller resolved -1 rows/cols); None when the
    diagonal's length does not fit (TF's kernel fails)."""
    if diag.ndim == 0:
        return None
    n = diag.shape[-1]
    if min(rows + min(k, 0), cols - max(k, 0)) != n or not _fits(diag.shape[:-1] + (rows, cols)):
        return None
    out = np.full(diag.shape[:-1] + (rows, cols), padding, dtype=diag.dtype)
    i = np.arange(n)
    r, c = (i, i + k) if k >= 0 else (i - k, i)
    out[..., r, c] = diag
    return out


def pad(value: np.ndarray, paddings: np.ndarray, constant, mode: str | None):
    """Pad / PadV2 (``constant``) / MirrorPad (``mode`` REFLECT or SYMMETRIC)."""
    if paddings.shape != (value.ndim, 2) or (paddings < 0).any():
        return None
    out_shape = tuple(d + int(p.sum()) for d, p in zip(value.shape, paddings))
    if not _fits(out_shape) and int(np.prod(out_shape)) > value.size:
        return None
    widths = [(int(a), int(b)) for a, b in paddings]
    if mode is None:
        return np.pad(value, widths, constant_values=constant)
    mode = mode.upper()
    limit = 0 if mode == "SYMMETRIC" else 1  # REFLECT cannot pad by the whole dim
    if mode not in ("REFLECT", "SYMMETRIC") or any(
            max(w) > d - limit for w, d in zip(widths, value.shape)):
        return None
    return np.pad(value, widths, mode="reflect" if mode == "REFLECT" else "symmetric")


def where(value: np.ndarray) -> np.ndarray:
    """Where (one input): the int64 coordinates of the true (non-zero) elements, row-major."""
    return np.argwhere(value).astype(np.int64)
