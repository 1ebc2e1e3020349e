"""Reading a TensorProto: its shape and dtype cheaply, its values only when asked and small.

Values are never decoded just to know a shape, and never for tensors over :data:`MAX_DECODE`
elements (weights are never copied).
"""

from __future__ import annotations

import math

import numpy as np

from . import dtypes
from .errors import GraphError

MAX_DECODE = 1 << 16  # elements; shape subgraphs are far smaller than this

Shape = tuple  # tuple[int | None, ...]


def shape_from_proto(shape_proto) -> Shape | None:
    """TensorShapeProto -> tuple of dims (None = unknown dim), or None for an unknown rank."""
    if shape_proto.unknown_rank:
        return None
    dims = tuple(int(d.size) for d in shape_proto.dim)
    if any(d < -1 for d in dims):
        raise GraphError(f"shape {list(dims)} has a negative dim other than -1 (unknown)")
    return tuple(None if d == -1 else d for d in dims)


def tensor_shape(tensor) -> Shape:
    """A TensorProto's shape, checked against what it holds (cheaply: no value is decoded).

    Negative dims, a ``tensor_content`` whose length disagrees with the shape, and more values
    than elements raise :class:`GraphError`. Huge shapes are fine: nothing is allocated.
    """
    shape = tuple(int(d.size) for d in tensor.tensor_shape.dim)
    if any(d < 0 for d in shape):
        raise GraphError(f"tensor has a negative dim in shape {list(shape)}")
    n = math.prod(shape)
    dt = dtypes.base(tensor.dtype)
    content = len(tensor.tensor_content)
    np_type = dtypes.numpy_type(dt)
    if content and np_type is not None and np_type is not object:
        need = n * np.dtype(np_type).itemsize
        if content != need:
            raise GraphError(f"tensor_content has {content} bytes, shape {list(shape)} of "
                             f"{dtypes.name(dt)} needs {need}")
    field = _VAL_FIELD.get(dt)
    if field and not content:
        count = len(getattr(tensor, field))
        if dt in (8, 18):  # complex values come as (real, imag) pairs
            count //= 2
        if count > n:
            raise GraphError(f"tensor has {count} values, shape {list(shape)} holds {n}")
    return shape


def num_elements(shape) -> int | None:
    if shape is None or any(d is None for d in shape):
        return None
    return math.prod(shape)


_VAL_FIELD = {
    1: "float_val", 2: "double_val", 3: "int_val", 4: "int_val", 5: "int_val", 6: "int_val",
    9: "int64_val", 10: "bool_val", 11: "int_val", 12: "int_val", 13: "int_val", 15: "int_val",
    16: "int_val", 17: "int_val", 19: "half_val", 22: "uint32_val", 23: "uint64_val",
    8: "scomplex_val", 18: "dcomplex_val", 7: "string_val",
}


def tensor_value(tensor, *, limit: int = MAX_DECODE) -> np.ndarray | None:
    """Decode a TensorProto into a numpy array, or None when too big or not representable."""
    shape = tensor_shape(tensor)
    n = math.prod(shape)
    if n > limit:
        return None
    dt = dtypes.base(tensor.dtype)
    np_type = dtypes.numpy_type(dt)
    if np_type is None:
        return None
    if dt == 7:  # strings
        vals = list(tensor.string_val)
        if not vals and n:
            vals = [b""]
        arr = np.empty(n, dtype=object)
        for i in range(n):
            arr[i] = vals[min(i, len(vals) - 1)] if vals else b""
        return arr.reshape(shape)
    if tensor.tensor_content:
        itemsize = np.dtype(np_type).itemsize
        if len(tensor.tensor_content) != n * itemsize:
            raise GraphError(
                f"tensor_content has {len(tensor.tensor_content)} bytes, shape {list(shape)} "
                f"of {dtypes.name(dt)} needs {n * itemsize}")
        return np.frombuffer(tensor.tensor_content, dtype=np_type).reshape(shape).copy()
    field = _VAL_FIELD.get(dt)
    vals = list(getattr(tensor, field)) if field else []
    if dt == 19:  # half_val holds the bit patterns
        vals = np.array(vals, dtype=np.uint16).view(np.float16).tolist()
    if dt in (8, 18):
        vals = [complex(a, b) for a, b in zip(vals[0::2], vals[1::2])]
    out = np.zeros(n, dtype=np_type)
    if vals:
        if len(vals) > n:
            raise GraphError(f"tensor has {len(vals)} values, shape {list(shape)} holds {n}")
        out[:len(vals)] = vals
        out[len(vals):] = vals[-1]  # TF repeats the last value
    return out.reshape(shape)
