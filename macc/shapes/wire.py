"""Serialized protos in string attrs (xla's DotDimensionNumbers, ConvolutionDimensionNumbers,
OpSharding, UniformQuantizedConvolutionDimensionNumbersAttr...), read from the wire format: macc
has no schema for them and needs only a few int fields.
"""

from __future__ import annotations

from ..errors import ShapeError
from ..load.sniff import read_varint


def attr_bytes(value) -> bytes:
    """A string attr's bytes: macc.attrs decodes one as text when it is valid UTF-8 (undone here
    exactly), else leaves it bytes; a missing attr is empty."""
    return value.encode("utf-8") if isinstance(value, str) else (value or b"")


_MASK64 = (1 << 64) - 1


def _int64(v: int) -> int:
    """A varint as protobuf reads an int64: the low 64 bits (a ten-byte varint can carry up to
    70), two's complement."""
    v &= _MASK64
    return v - (1 << 64) if v >= 1 << 63 else v


class Fixed(bytes):
    """A fixed-width value (wire type 1 or 5): never an int64 field's, which is a varint."""

    __slots__ = ()


def proto_fields(data, what: str) -> dict[int, list]:
    """A serialized proto's top-level fields: number -> values in order (varints as signed ints,
    length-delimited ones as bytes); a ShapeError naming ``what`` when the bytes are malformed."""
    if isinstance(data, int):  # a varint where a message (length-delimited) belongs
        raise ShapeError(f"cannot parse {what}: it is an integer (wire type 0), not a message")
    data = attr_bytes(data)
    out: dict[int, list] = {}
    pos = 0
    try:
        while pos < len(data):
            key, pos = read_varint(data, pos)
            field, wire = key >> 3, key & 7
            if field == 0:
                raise ValueError("field number 0")
            if wire == 0:
                v, pos = read_varint(data, pos)
                v = _int64(v)
            elif wire == 2:
                size, pos = read_varint(data, pos)
                if pos + size > len(data):
                    raise ValueError("truncated field")
                v, pos = data[pos:pos + size], pos + size
            elif wire in (1, 5):
                n = 8 if wire == 1 else 4
                if pos + n > len(data):
                    raise ValueError("truncated field")
                v, pos = Fixed(data[pos:pos + n]), pos + n
            else:
                raise ValueError(f"unexpected wire type {wire}")
            out.setdefault(field, []).append(v)
    except ValueError as e:
        raise ShapeError(f"cannot parse {what}: {e}") from None
    return out


def ints(values: list, what: str) -> list[int]:
    """A repeated int64 field's values (packed or not); a ShapeError naming ``what`` for a
    fixed-width value, which no int64 field holds."""
    out = []
    for v in values:
        if isinstance(v, int):
            out.append(v)
            continue
        if isinstance(v, Fixed):
            raise ShapeError(f"cannot parse {what}: a {8 * len(v)}-bit fixed-width value (wire "
                             f"type {1 if len(v) == 8 else 5}) where an integer belongs")
        pos = 0
        try:
            while pos < len(v):
                x, pos = read_varint(v, pos)
                out.append(_int64(x))
        except ValueError as e:
            raise ShapeError(f"cannot parse {what}: {e}") from None
    return out


def named_ints(data, names: dict[int, str], what: str) -> dict[str, list[int]]:
    """The int fields ``names`` of a serialized proto, by name (missing ones empty)."""
    got = proto_fields(data, what)
    return {name: ints(got.get(num, []), what) for num, name in names.items()}
