"""TensorFlow's DataType enum numbers (a fact of the wire format) mapped to names and numpy types."""

from __future__ import annotations

import numpy as np

# number -> (name, numpy dtype or None when numpy has no equivalent)
_DTYPES: dict[int, tuple[str, object]] = {
    0: ("invalid", None),
    1: ("float32", np.float32),
    2: ("float64", np.float64),
    3: ("int32", np.int32),
    4: ("uint8", np.uint8),
    5: ("int16", np.int16),
    6: ("int8", np.int8),
    7: ("string", object),
    8: ("complex64", np.complex64),
    9: ("int64", np.int64),
    10: ("bool", np.bool_),
    11: ("qint8", np.int8),
    12: ("quint8", np.uint8),
    13: ("qint32", np.int32),
    14: ("bfloat16", None),
    15: ("qint16", np.int16),
    16: ("quint16", np.uint16),
    17: ("uint16", np.uint16),
    18: ("complex128", np.complex128),
    19: ("float16", np.float16),
    20: ("resource", None),
    21: ("variant", None),
    22: ("uint32", np.uint32),
    23: ("uint64", np.uint64),
    24: ("float8_e5m2", None),
    25: ("float8_e4m3fn", None),
    26: ("float8_e4m3fnuz", None),
    27: ("float8_e4m3b11fnuz", None),
    28: ("float8_e5m2fnuz", None),
    29: ("int4", None),
    30: ("uint4", None),
    31: ("int2", None),
    32: ("uint2", None),
}

REF_OFFSET = 100  # DT_FLOAT_REF = 101 etc.

FLOAT_TYPES = frozenset({1, 2, 14, 19, 24, 25, 26, 27, 28})
INT_TYPES = frozenset({3, 4, 5, 6, 9, 11, 12, 13, 15, 16, 17, 22, 23, 29, 30, 31, 32})

DT_FLOAT, DT_INT32, DT_INT64, DT_BOOL, DT_RESOURCE = 1, 3, 9, 10, 20


def base(dtype: int) -> int:
    """The dtype without its ``_REF`` flavour."""
    return dtype - REF_OFFSET if dtype > REF_OFFSET else dtype


def name(dtype: int) -> str:
    b = base(dtype)
    n = _DTYPES.get(b, (f"dtype{b}", None))[0]
    return n + "_ref" if dtype > REF_OFFSET else n


def numpy_type(dtype: int):
    """The numpy type for ``dtype``, or None when numpy cannot hold it."""
    return _DTYPES.get(base(dtype), (None, None))[1]


# bytes per element of the fixed-size types numpy cannot hold (bfloat16, the float8 family)
_OTHER_SIZES = {14: 2, 24: 1, 25: 1, 26: 1, 27: 1, 28: 1}


def itemsize(dtype: int) -> int | None:
    """Bytes per element (TF's DataTypeSize), None for strings, resources, variants and the
    sub-byte int4/int2 types."""
    b = base(dtype)
    t = numpy_type(b)
    if t is None or t is object:
        return _OTHER_SIZES.get(b)
    return np.dtype(t).itemsize


def is_float(dtype: int) -> bool:
    return base(dtype) in FLOAT_TYPES


def is_int(dtype: int) -> bool:
    return base(dtype) in INT_TYPES
