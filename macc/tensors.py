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


def tensor_shape(tensor, node_size: int | None = None) -> Shape:
    """A TensorProto's shape, checked against what it holds (cheaply: no value is decoded).

    Negative dims, a ``tensor_content`` whose length disagrees with the shape, and more values
    than elements raise :class:`GraphError`. Huge shapes are fine: nothing is allocated.
    ``node_size``: the serialized size of the NodeDef holding the tensor, when the file told it.
    """
    shape, n = _shape_and_elements(tensor.tensor_shape)
    dt = tensor.dtype
    if dt > dtypes.REF_OFFSET:
        dt -= dtypes.REF_OFFSET
    itemsize = _ITEMSIZE.get(dt)
    if itemsize is not None and n * itemsize > _CHECKED_CONTENT:
        # a big weight. Both ways to learn the length of its tensor_content copy it (upb hands
        # bytes fields out as copies, and ByteSize encodes the whole message): hundreds of MB for
        # one tensor, more than the memory budget allows. The node's size from the file bounds
        # it: a node smaller than the declared bytes holds no content or a truncated one (small:
        # read and checked), one far bigger a corrupt oversized one (read, to say so); in
        # between, and when the size is not known, the weight is taken at its declared shape
        need = n * itemsize
        content = 0
        if node_size is not None and (node_size < need or node_size > need + _CHECKED_CONTENT):
            content = len(tensor.tensor_content)
    elif itemsize is not None and n * itemsize > _BIG_CONTENT:
        # a middling weight: compare lengths without reading tensor_content
        need = n * itemsize
        content = need if _content_len_is(tensor, need) else len(tensor.tensor_content)
    else:
        content = len(tensor.tensor_content)
    if content and itemsize is not None:
        need = n * itemsize
        if content != need:
            raise GraphError(f"tensor_content has {content} bytes, shape {list(shape)} of "
                             f"{dtypes.name(dt)} needs {need}")
    field = _VAL_FIELD.get(dt)
    if field and not content and n * (itemsize or 1) <= _CHECKED_CONTENT:
        count = len(getattr(tensor, field))
        if dt in (8, 18):  # complex values come as (real, imag) pairs
            count //= 2
        if count > n:
            raise GraphError(f"tensor has {count} values, shape {list(shape)} holds {n}")
    return shape


_BIG_CONTENT = 1 << 12  # bytes
_CHECKED_CONTENT = 1 << 16  # bytes: bigger tensors' content lengths are not checked (see above)
# serialized TensorShapeProto -> (dims, element count): graphs repeat a few shapes many times,
# and reading dims one by one builds a wrapper object per dim (upb); checked dims only
_SHAPES: dict[bytes, tuple] = {}
_SHAPES_MAX = 1 << 14


def _varint_len(v: int) -> int:
    if v < 0:
        return 10
    n = 1
    while v >= 0x80:
        v >>= 7
        n += 1
    return n


def _content_len_is(tensor, need: int) -> bool:
    """Whether the TensorProto's serialized size is exactly that of its dtype, shape, version
    and a ``tensor_content`` of ``need`` bytes (and nothing else). Reads no bytes field."""
    rest = 0
    if tensor.dtype:
        rest += 1 + _varint_len(tensor.dtype)
    if tensor.HasField("tensor_shape"):
        size = tensor.tensor_shape.ByteSize()
        rest += 1 + _varint_len(size) + size
    if tensor.version_number:
        rest += 1 + _varint_len(tensor.version_number)
    return tensor.ByteSize() == rest + 1 + _varint_len(need) + need


def declared_bytes(tensor) -> int | None:
    """The bytes a numeric TensorProto's dtype and shape declare, read without touching its
    values (None for strings and other dtypes without a fixed size, or a negative dim)."""
    dt = tensor.dtype
    if dt > dtypes.REF_OFFSET:
        dt -= dtypes.REF_OFFSET
    itemsize = _ITEMSIZE.get(dt)
    if itemsize is None:
        return None
    try:
        return itemsize * _shape_and_elements(tensor.tensor_shape)[1]
    except GraphError:
        return None


def _shape_and_elements(shape_proto) -> tuple:
    """(dims, element count) of a TensorShapeProto, looked up by its few serialized bytes (far
    cheaper than reading each dim through upb); a negative dim raises GraphError."""
    key = shape_proto.SerializeToString()
    hit = _SHAPES.get(key)
    if hit is None:
        shape = tuple([d.size for d in shape_proto.dim])  # int64 fields: already ints
        n = 1
        for d in shape:
            if d < 0:
                raise GraphError(f"tensor has a negative dim in shape {list(shape)}")
            n *= d
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        hit = _SHAPES[key] = (shape, n)
    return hit


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
_ITEMSIZE = {dt: n for dt in range(1, 64) if (n := dtypes.itemsize(dt)) is not None}  # bytes per element


def tensor_value(tensor, *, limit: int = MAX_DECODE, shape: Shape | None = None) -> np.ndarray | None:
    """Decode a TensorProto into a numpy array, or None when too big or not representable.
    ``shape``: what :func:`tensor_shape` just returned for this tensor (saves checking twice)."""
    if shape is None:
        shape = tensor_shape(tensor)
    n = math.prod(shape)
    if n > limit:
        return None
    if n <= _SMALL:  # small constants repeat (shape plumbing, scalars): decode each once
        key = tensor.SerializeToString()
        arr = _SMALL_VALUES.get(key)
        if arr is None:
            arr = _decode(tensor, shape, n)
            if len(_SMALL_VALUES) >= _SHAPES_MAX:
                _SMALL_VALUES.clear()
            _SMALL_VALUES[key] = arr
        return None if arr is None else arr.copy()  # callers own what they get
    return _decode(tensor, shape, n)


_SMALL = 64  # elements
_SMALL_VALUES: dict[bytes, np.ndarray | None] = {}  # serialized TensorProto -> its value


def _decode(tensor, shape: Shape, n: int) -> np.ndarray | None:
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
    if len(vals) == n and dt not in (8, 18, 19):  # every value given: the common small case
        return np.array(vals, dtype=np_type).reshape(shape)
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
