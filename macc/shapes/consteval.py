"""Helpers for evaluating the small integer tensors that compute shapes.

Values come in two forms: a numeric ndarray (fully known, ``ctx.in_value``) and a *partial* value,
an object ndarray whose elements are Python numbers or None for an unknown element
(``ctx.in_partial``). ``Shape`` of a ``[?,7,7,1024]`` tensor is the partial value
``[None, 7, 7, 1024]``; slicing, packing and concatenating partial values keeps what is known so
that ``Reshape(x, Pack(Shape(x)[0], -1))`` still gets ``[?, 50176]``.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import ShapeError
from .util import fmt

TINY = 1 << 12  # elements: values built from shapes (Fill, Range, ZerosLike...) only when this small


def np_type(ctx, *keys, default=np.int32):
    """The numpy type of the first dtype attr among ``keys`` that is set."""
    for key in keys:
        dt = ctx.attr(key)
        if isinstance(dt, int):
            t = dtypes.numpy_type(dt)
            if t is not None and t is not object:
                return t
            return None
    return default


def small(shape, limit=TINY) -> bool:
    """True when ``shape`` is fully known and holds at most ``limit`` elements."""
    if shape is None:
        return False
    n = 1
    for d in shape:
        if d is None:
            return False
        n *= d
        if n > limit:
            return False
    return True


def unknown_partial(shape):
    """An all-unknown partial value of a fully known tiny ``shape`` (else None)."""
    if not small(shape):
        return None
    arr = np.empty(shape, dtype=object)
    arr.fill(None)
    return arr


def partial_or_unknown(ctx, i):
    """Input ``i`` as a partial value, or all-unknown when only its (tiny) shape is known."""
    part = ctx.in_partial(i)
    if part is not None:
        return plain(part)
    return unknown_partial(ctx.in_shape(i))


def int_value(ctx, i, what):
    """Input ``i`` as a Python int when known (scalar or one-element), else None."""
    val = ctx.in_value(i)
    if val is None:
        return None
    if val.size != 1:
        raise ShapeError(f"{what} must be a scalar, got shape {fmt(val.shape)}")
    return int(val.reshape(-1)[0])


def int_vector(ctx, i, what):
    """Input ``i`` as a list of Python ints when known, else None."""
    val = ctx.in_value(i)
    if val is None:
        return None
    if val.ndim > 1:
        raise ShapeError(f"{what} must be a vector, got shape {fmt(val.shape)}")
    return [int(v) for v in val.reshape(-1)]


MAX_OUTPUTS = 1 << 16  # an op with more outputs than this is a corrupt attr, not a model


def output_count(value, what: str) -> int:
    """An attr giving a number of outputs (num_split, num, num_partitions), checked."""
    n = int(value)
    if not 0 <= n <= MAX_OUTPUTS:
        raise ShapeError(f"attr '{what}' is {n}; expected 0..{MAX_OUTPUTS}")
    return n


def norm_axis(axis: int, rank: int, what: str = "axis") -> int:
    if not -rank <= axis < rank:
        raise ShapeError(f"{what} {axis} is out of range for rank {rank}")
    return axis + rank if axis < 0 else axis


_INT_MAX: dict = {}


def _int_max(dtype) -> int:
    """np.iinfo(dtype).max, looked up once per dtype (np.iinfo is slow and this runs per node)."""
    m = _INT_MAX.get(dtype)
    if m is None:
        m = _INT_MAX[dtype] = int(np.iinfo(dtype).max)
    return m


class ShapeDim(int):
    """A known dim in the partial value of a ``Shape`` op itself. TF 2.21's constant evaluation
    (eval_const_tensor.cc, TryInferFromShapes) folds one element of a partly known shape only
    as ``Shape(x)[i]`` (a StridedSlice with shrink_axis_mask 1 and no other mask) or
    ``Unpack(Shape(x))[i]``, straight off the Shape node; the same element reached through
    ShapeN, Cast, Concat or a slice stays a partial shape. Unequal to a plain int (and hashed
    apart) so that memo keys tell the two apart; ``plain`` drops the mark."""

    __slots__ = ()

    def __eq__(self, other):
        return type(other) is ShapeDim and int(self) == int(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("ShapeDim", int(self)))


def plain(part):
    """A partial value with the ShapeDim marks dropped (what every op but Shape outputs)."""
    if part is None or part.dtype != object:
        return part
    flat = [int(v) if type(v) is ShapeDim else v for v in part.reshape(-1).tolist()]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(part.shape)


def set_shape_value(ctx, port, dims, dtype=np.int32, *, direct=True):
    """A shape vector as an output: a constant when every dim is known, else a partial value
    (its known dims marked ShapeDim when ``direct``: the output of a Shape op)."""
    if all(d is not None for d in dims):
        if dtype is None or max(dims, default=0) > _int_max(dtype):
            dtype = np.int64  # a dim past int32: keep the number rather than wrap it
        ctx.set_value(port, np.array(list(dims), dtype=dtype))
    else:
        arr = np.empty(len(dims), dtype=object)
        arr[:] = [ShapeDim(d) if direct and d is not None else d for d in dims]
        ctx.set_partial(port, arr)


def dims_product(dims):
    """Product of dims, None when any is unknown."""
    n = 1
    for d in dims:
        if d is None:
            return None
        n *= d
    return n
