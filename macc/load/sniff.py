"""Telling what a file is by its content, and saying clearly what it is not."""

from __future__ import annotations

# magic bytes of files people give macc by mistake
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file (a Keras .h5 model? export a SavedModel or frozen GraphDef)"),
    (b"PK\x03\x04", "a zip archive (a .keras model? export a SavedModel or frozen GraphDef)"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"\x7fELF", "an executable"),
    (b"TFL3", "a TensorFlow Lite flatbuffer"),
    (b"\x93NUMPY", "a numpy array file"),
    (b"ONNX", "an ONNX model"),
]


def known_non_graph(data: bytes) -> str | None:
    """A description of ``data`` when it is a well-known non-graph file type."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[4:8] == b"TFL3":
        return "a TensorFlow Lite flatbuffer"
    return None


def looks_like_text(data: bytes) -> bool:
    """Printable UTF-8 (the text format) rather than binary wire format."""
    head = data[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # a multi-byte char cut at the window's end is fine
            return False
    return not any(b < 9 or (13 < b < 32) for b in head)


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def first_fields(data: bytes, limit: int = 4) -> list[tuple[int, int]]:
    """(field number, wire type) of the first top-level fields, without parsing the message."""
    out, pos = [], 0
    try:
        while pos < len(data) and len(out) < limit:
            key, pos = read_varint(data, pos)
            field, wt = key >> 3, key & 7
            out.append((field, wt))
            if wt == 0:
                _, pos = read_varint(data, pos)
            elif wt == 1:
                pos += 8
            elif wt == 2:
                n, pos = read_varint(data, pos)
                pos += n
            elif wt == 5:
                pos += 4
            else:
                break
    except ValueError:
        pass
    return out


def node_sizes(data: bytes) -> list[int] | None:
    """The serialized size of each ``node`` (field 1) of a binary GraphDef, in file order, read
    from the wire format without parsing: how big a node is without asking protobuf, whose
    ByteSize encodes the whole message (a weight's transient copy). None when the top level is
    not plain fields (the caller then does without)."""
    sizes: list[int] = []
    append = sizes.append
    pos, end = 0, len(data)
    try:
        while pos < end:
            tag = data[pos]
            if tag >= 0x80:  # a field number over 15: not GraphDef's own, take the slow way
                key, pos = read_varint(data, pos)
            else:
                key, pos = tag, pos + 1
            wt = key & 7
            if wt == 2:
                b = data[pos]
                if b < 0x80:
                    n, pos = b, pos + 1
                else:
                    n, pos = read_varint(data, pos)
                if key == 0x0A:
                    append(n)
                pos += n
            elif wt == 0:
                _, pos = read_varint(data, pos)
            elif wt == 1:
                pos += 8
            elif wt == 5:
                pos += 4
            else:
                return None
    except (ValueError, IndexError):
        return None
    return sizes if pos == end else None
