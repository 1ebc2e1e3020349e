"""Loading a model file: binary or text GraphDef, MetaGraphDef, SavedModel directory.

The kind is told by content, not by the file's extension.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from google.protobuf import message as _pb_message

from ..errors import FormatError, UsageError
from ..proto import graph_pb2
from .readfile import read_bytes
from .sniff import first_fields, known_non_graph, looks_like_text, node_sizes, onnx_model


@dataclass
class Loaded:
    """A loaded model: its GraphDef and what the container said about it."""

    graph_def: object
    format: str  # graphdef | graphdef-text | metagraph | savedmodel
    source: str
    trainable: set[str] | None = None  # trainable variable node names, when the file says
    notes: list[str] = field(default_factory=list)
    # each node's serialized size, read from a binary GraphDef's bytes (None for other formats)
    node_sizes: list[int] | None = None
    # the While loops whose cond and body were inlined once (macc.inline.LoopWiring)
    loops: list = field(default_factory=list)
    # a SavedModel signature's input keys -> the placeholders they name (--input takes either)
    input_aliases: dict = field(default_factory=dict)


# TensorFlow writes a GraphDef's fields in field-number order, nodes first and `versions` last:
# a binary GraphDef cut short between two nodes still parses, and lacks it
NO_VERSIONS = ("the GraphDef has no 'versions' field: TensorFlow's writers put it after the "
               "nodes, so a file cut short between two nodes (a partial copy or download) lacks "
               "it too, and its missing nodes count nowhere; some tools write none "
               "(optimize_for_inference, remove_training_nodes): such a file is fine")


# TF <= 1.0 (GraphDef producer 21) wrote `shape {}` for a placeholder whose shape was not fully
# known; TF's Placeholder shape function still reads a rank-0 shape at producer <= 21 (0 when a
# file has no versions) as unknown
LEGACY_PRODUCER = 21


def legacy_placeholders(graph_def, sizes: list[int] | None = None) -> None:
    """Give the Placeholders of an old GraphDef (producer <= 21) with a rank-0 ``shape`` attr an
    unknown shape, as TF's import does (their ``_output_shapes``, if any, then apply).
    ``sizes``: the nodes' serialized sizes read from the file, kept true for the edited ones."""
    if graph_def.versions.producer > LEGACY_PRODUCER:
        return
    for i, nd in enumerate(graph_def.node):
        if nd.op == "Placeholder" and "shape" in nd.attr:
            shape = nd.attr["shape"].shape
            if not shape.unknown_rank and not len(shape.dim):
                shape.unknown_rank = True
                if sizes is not None and i < len(sizes):
                    sizes[i] = nd.ByteSize()


def _read(path: str) -> bytes:
    return read_bytes(path, what="a GraphDef, MetaGraphDef or SavedModel")


def _in_memory(model) -> tuple[str, bytes] | None:
    """(a name for messages, the bytes) of a model given in memory: its serialized bytes, or a
    protobuf message with ``SerializeToString`` (TensorFlow's own GraphDef, MetaGraphDef or
    SavedModel message, or macc's); None for anything else."""
    if isinstance(model, (bytes, bytearray, memoryview)):
        return "<bytes>", bytes(model)
    serialize = getattr(model, "SerializeToString", None)
    if callable(serialize):
        return f"<{type(model).__name__}>", serialize()
    return None


def load(path, *, signature: str | None = None, tag: str | None = None, inputs=None,
         batch: int | None = None, whole_graph: bool = False) -> Loaded:
    """``path``: a file or SavedModel directory, or the model in memory (its serialized bytes,
    or a protobuf message such as ``tf.compat.v1.GraphDef``: read by its bytes, never through
    TensorFlow). ``signature``/``tag`` choose a SavedModel's (or MetaGraphDef's) signature and
    tag set. ``inputs``/``batch`` (as for :func:`macc.shapes.infer_shapes`) are the shapes an
    inlined If/Case's branches are costed under when the costlier one is chosen.
    ``whole_graph``: a SavedModel's whole MetaGraphDef instead of one signature (what TF1's
    loader puts in a session's graph); a MetaGraphDef or GraphDef is whole anyway."""
    opts = {"inputs": inputs, "batch": batch, "whole_graph": whole_graph}
    given = _in_memory(path)
    if given is not None:
        path, data = given
    else:
        try:
            path = os.fspath(path)
        except TypeError:
            raise UsageError(f"cannot read a model from {type(path).__name__}: give a path, the "
                             "serialized bytes or a protobuf message") from None
        if not path:
            raise UsageError("the model's path is empty")
        if "\n" in path and not os.path.lexists(path):
            raise UsageError("a str is read as a path, and this one holds line breaks (a graph's "
                             "text? pass it as bytes: text.encode())", path=path)
        if os.path.isdir(path):
            for name in ("saved_model.pb", "saved_model.pbtxt"):
                if os.path.lexists(os.path.join(path, name)):  # a file, or what to say it is
                    from .savedmodel import load_savedmodel
                    return load_savedmodel(path, signature=signature, tag=tag, **opts)
            raise FormatError("is a directory without saved_model.pb (not a SavedModel)",
                              path=path)
        data = _read(path)
    if not data:
        raise FormatError("empty file (not a GraphDef)", path=path)
    what = known_non_graph(data)
    if what:
        raise FormatError(f"is {what}, not a TensorFlow graph", path=path)
    if looks_like_text(data):
        loaded = _load_text(path, data, signature=signature, tag=tag, opts=opts)
    else:
        loaded = _load_binary(path, data, signature=signature, tag=tag, opts=opts)
    if loaded.format.startswith("graphdef") and (signature is not None or tag is not None):
        raise UsageError(f"{path}: --signature and --tag apply to SavedModels and MetaGraphDefs, "
                         "not to a GraphDef")
    return loaded


def _unknown_top_fields(msg) -> int:
    try:
        from google.protobuf import unknown_fields
        return len(unknown_fields.UnknownFieldSet(msg))
    except (ImportError, AttributeError):  # older protobuf
        return len(msg.UnknownFields())


def _plausible_graph(gd, *, lenient: bool = False) -> bool:
    """A parsed GraphDef that is really one: named nodes with ops, no stray top-level fields.
    ``lenient``: some nodes may lack a name or an op (the graph then names them as errors)."""
    if _unknown_top_fields(gd):
        return False
    if lenient:
        return bool(len(gd.node))
    for nd in gd.node[:64]:
        if not nd.name or not nd.op:
            return False
    return bool(len(gd.node)) or gd.HasField("versions") or gd.HasField("library")


def _flawed_graph(gd) -> bool:
    """A binary GraphDef (no stray fields) in which some node lacks a name or an op while others
    among its first 64 have both: a GraphDef with bad nodes, for the graph to name, rather than
    some other message."""
    return (_plausible_graph(gd, lenient=True)
            and any(nd.name and nd.op for nd in gd.node[:64]))


def _load_binary(path: str, data: bytes, *, signature=None, tag=None, opts=None) -> Loaded:
    opts = opts or {}
    fields = first_fields(data)
    if not fields:
        raise FormatError("is not a GraphDef, MetaGraphDef or SavedModel (no protobuf fields "
                          "could be read)", path=path)
    # a SavedModel starts with its varint schema version (field 1); a GraphDef never does
    if fields[0] == (1, 0) and _is_savedmodel(data):
        return _savedmodel_file(path, data, signature, tag, opts)
    gd = graph_pb2.GraphDef()
    parsed = False
    try:
        gd.ParseFromString(data)
        parsed = True
        ok = _plausible_graph(gd)
    except (_pb_message.DecodeError, RuntimeError, ValueError):
        ok = False
    if ok:
        sizes = node_sizes(data)
        legacy_placeholders(gd, sizes)
        return Loaded(gd, "graphdef", path, node_sizes=sizes,
                      notes=[] if gd.HasField("versions") else [NO_VERSIONS])
    if _is_metagraph(data):
        from ..proto import meta_graph_pb2
        from .metagraph import load_metagraph
        return load_metagraph(meta_graph_pb2.MetaGraphDef.FromString(data), path, "metagraph",
                              signature=signature, tag=tag, **opts)
    if _is_savedmodel(data):
        return _savedmodel_file(path, data, signature, tag, opts)
    if parsed and _flawed_graph(gd):  # Graph says which node lacks a name or an op
        return Loaded(gd, "graphdef", path, node_sizes=node_sizes(data))
    onnx = onnx_model(data)
    if onnx:
        raise FormatError(f"is {onnx}, not a TensorFlow graph (macc reads GraphDefs, "
                          "MetaGraphDefs and SavedModels)", path=path)
    if re.search(r"\.data-\d+-of-\d+$", path):
        raise FormatError("is a TensorFlow checkpoint data shard (by its name; variable values, no "
                          "graph: give the checkpoint's .meta file or a SavedModel)", path=path)
    size = len(data)
    raise FormatError(f"is not a GraphDef, MetaGraphDef or SavedModel ({size} bytes that do not "
                      "parse as any of them; truncated, corrupt, or nested deeper than protobuf's "
                      "limit of 100?)", path=path)


def _is_metagraph(data: bytes) -> bool:
    from ..proto import meta_graph_pb2  # the MetaGraphDef and SavedModel schemas: when needed
    mg = meta_graph_pb2.MetaGraphDef()
    try:
        mg.ParseFromString(data)
    except (_pb_message.DecodeError, RuntimeError, ValueError):
        return False
    return not _unknown_top_fields(mg) and mg.HasField("graph_def") and _plausible_graph(mg.graph_def)


def _is_savedmodel(data: bytes) -> bool:
    from ..proto import saved_model_pb2
    sm = saved_model_pb2.SavedModel()
    try:
        sm.ParseFromString(data)
    except (_pb_message.DecodeError, RuntimeError, ValueError):
        return False
    return (not _unknown_top_fields(sm) and len(sm.meta_graphs) > 0
            and all(mg.HasField("graph_def") for mg in sm.meta_graphs))


def _savedmodel_file(path, data, signature, tag, opts) -> Loaded:
    from ..proto import saved_model_pb2
    from .savedmodel import load_savedmodel
    return load_savedmodel(path, signature=signature, tag=tag,
                           sm=saved_model_pb2.SavedModel.FromString(data), **opts)


def _load_text(path: str, data: bytes, *, signature=None, tag=None, opts=None) -> Loaded:
    opts = opts or {}
    from google.protobuf import text_format  # text files only

    from ..proto import meta_graph_pb2, saved_model_pb2
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise FormatError(f"is a text file with a byte that is not UTF-8 (0x{data[e.start]:02x} at "
                          f"line {line}, column {col}); the text format is UTF-8", path=path) from None
    gd = graph_pb2.GraphDef()
    try:
        text_format.Parse(text, gd, allow_unknown_extension=True)
    except RecursionError:
        raise FormatError("is a text GraphDef nested too deeply to parse", path=path) from None
    except text_format.ParseError as e:
        # a text MetaGraphDef or SavedModel?
        for cls, what in ((meta_graph_pb2.MetaGraphDef, "MetaGraphDef"),
                          (saved_model_pb2.SavedModel, "SavedModel")):
            msg = cls()
            try:
                text_format.Parse(text, msg)
            except (text_format.ParseError, RecursionError):
                continue
            if what == "MetaGraphDef":
                from .metagraph import load_metagraph
                return load_metagraph(msg, path, "metagraph", signature=signature, tag=tag,
                                      **opts)
            from .savedmodel import load_savedmodel
            return load_savedmodel(path, signature=signature, tag=tag, sm=msg, **opts)
        msg = str(e).splitlines()[0] if str(e) else "syntax error"
        if _at_end(text, e):  # the parser ran out of text inside a message: a cut-off file?
            msg = f"ends inside an unclosed message (truncated?): {msg}"
        raise FormatError(f"is not a valid text GraphDef: {msg}", path=path) from None
    if not _plausible_graph(gd) and not _plausible_graph(gd, lenient=True):
        raise FormatError("is a text file without GraphDef nodes", path=path)
    legacy_placeholders(gd)
    return Loaded(gd, "graphdef-text", path)


def _at_end(text: str, e) -> bool:
    """Whether a text-format ParseError is on the text's last line while some "{" is still
    open (a rough count: braces inside strings are rare in a GraphDef)."""
    line = getattr(e, "GetLine", lambda: None)()
    if line is None:
        return False
    return line >= text.rstrip().count("\n") + 1 and text.count("{") > text.count("}")


__all__ = ["Loaded", "load"]
