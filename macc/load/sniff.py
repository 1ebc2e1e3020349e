"""Telling what a file is by its content, and saying clearly what it is not."""

from __future__ import annotations

# magic bytes of files people give macc by mistake
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file (a Keras .h5 model? export a SavedModel or frozen GraphDef)"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"\x7fELF", "an executable"),
    (b"TFL3", "a TensorFlow Lite flatbuffer"),
    (b"\x93NUMPY", "a numpy array file"),
    (b"ONNX", "an ONNX model"),
]


# the last 8 bytes of a LevelDB-format table: TF's checkpoint index (model.ckpt.index)
_TABLE_MAGIC = (0xDB4775248B80FB57).to_bytes(8, "little")


def known_non_graph(data: bytes) -> str | None:
    """A description of ``data`` when it is a well-known non-graph file type."""
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[4:8] == b"TFL3":
        return "a TensorFlow Lite flatbuffer"
    if len(data) >= 48 and data.endswith(_TABLE_MAGIC):
        return ("a TensorFlow checkpoint index (variable values, no graph: give the checkpoint's "
                ".meta file or a SavedModel)")
    return None


def _zip_kind(data: bytes) -> str:
    """What a zip archive holds, by its member names: a Keras 3 ``.keras`` model, a PyTorch
    checkpoint, or something else."""
    import io
    import zipfile
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        names = []
    if "config.json" in names and any(n.endswith(".weights.h5") for n in names):
        return ("a Keras .keras model (export it with model.export(DIR) and give macc that "
                "SavedModel directory)")
    if any(n.endswith("data.pkl") for n in names):
        return "a PyTorch checkpoint (a zip holding data.pkl)"
    return "a zip archive (unpack it; a .keras model? export a SavedModel or frozen GraphDef)"


# ONNX's ModelProto: ir_version (1, varint), producer_name (2), producer_version (3), domain (4),
# model_version (5), doc_string (6), graph (7), opset_import (8), metadata_props (14),
# training_info (20), functions (25), configuration (26)
_ONNX_FIELDS = {1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2, 26: 2}


def onnx_model(data: bytes) -> str | None:
    """"an ONNX model (exported by PRODUCER VERSION)" when ``data`` reads as an ONNX ModelProto:
    its first field an IR version, a graph, an opset import, and no field ONNX does not have;
    else None. Asked only
    once the bytes parsed as none of TensorFlow's messages."""
    pos, end, fields = 0, len(data), {}
    try:
        while pos < end:
            key, pos = read_varint(data, pos)
            field, wt = key >> 3, key & 7
            if _ONNX_FIELDS.get(field) != wt:
                return None
            if wt == 0:
                value, pos = read_varint(data, pos)
            else:
                n, pos = read_varint(data, pos)
                value, pos = data[pos:pos + n], pos + n
                if pos > end:
                    return None
            fields.setdefault(field, value)
    except ValueError:
        return None
    graph = fields.get(7)
    # every ONNX model since IR version 3 imports an opset; a GraphProto starts with a node, its
    # name or an initializer (length-delimited): a TensorProto of ints (1, 2, 7) fails here
    if not 1 <= fields.get(1, 0) <= 64 or 8 not in fields or not graph or graph[0] & 7 != 2:
        return None
    producer = " ".join(v.decode("utf-8", "replace") for v in (fields.get(2), fields.get(3)) if v)
    return "an ONNX model" + (f" (exported by {producer})" if producer else "")


def looks_like_text(data: bytes) -> bool:
    """Text (the text format) rather than binary wire format: no control bytes in the head.
    Binary GraphDefs have them at once (tags and lengths such as 0x12, a node's op); a stray
    byte that is not UTF-8 leaves a text file text (its loader then says where it is)."""
    head = data[:4096]
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
