"""SavedModel (a directory with ``saved_model.pb``): one MetaGraphDef (by tag), one signature
(``serving_default`` unless ``--signature``), its subgraph with the function library inlined.

Variable values (``variables/``) are never read: shapes come from the VarHandleOps' ``shape``
attrs, or from the object graph's SavedVariable entries where a handle lacks one. Parameters are
the elements of the trainable variables the signature captures (object graph: SavedVariable with
``trainable``, matched to the graph's VarHandleOps through the concrete function's
``bound_inputs``); with no object graph (TF1), the ``trainable_variables`` collection, else every
variable the signature reaches.
"""

from __future__ import annotations

import os

from google.protobuf import message as _pb_message
from google.protobuf import text_format

from ..errors import FormatError, UsageError
from ..graph import parse_input
from ..proto import saved_model_pb2
from .metagraph import VARIABLE_OPS, flatten, prune, signature_outputs, trainable_from_collection
from .readfile import read_bytes

DEFAULT_TAG = "serve"
DEFAULT_SIGNATURE = "serving_default"


def read_savedmodel(path: str):
    """The parsed SavedModel of a directory (or of its ``saved_model.pb`` itself)."""
    if os.path.isdir(path):
        found = [(os.path.join(path, name), text) for name, text in
                 (("saved_model.pb", False), ("saved_model.pbtxt", True))
                 if os.path.lexists(os.path.join(path, name))]
        if not found:
            raise FormatError("is a directory without saved_model.pb (not a SavedModel)",
                              path=path)
        file, text = found[0]
    else:
        file, text = path, False
    data = read_bytes(file, what="a SavedModel's saved_model.pb")
    base = os.path.basename(file)
    if not data:
        raise FormatError("empty file (not a SavedModel)", path=file)
    sm = saved_model_pb2.SavedModel()
    try:
        if text:
            text_format.Parse(data.decode("utf-8", errors="replace"), sm)
        else:
            sm.ParseFromString(data)
    except text_format.ParseError as e:
        first = str(e).splitlines()[0] if str(e) else "syntax error"
        raise FormatError(f"is not a valid SavedModel ({base} does not parse: {first})",
                          path=file) from None
    except (_pb_message.DecodeError, RuntimeError, ValueError, RecursionError):
        raise FormatError(f"is not a valid SavedModel ({base} does not parse)",
                          path=file) from None
    if not text and not any(mg.HasField("graph_def") for mg in sm.meta_graphs):
        other = _other_message(data)  # a GraphDef's library parses as an empty MetaGraphDef
        if other:
            raise FormatError(f"is {other}, not a SavedModel (give this file's own path to count "
                              "it)", path=file)
    if not sm.meta_graphs:
        raise FormatError("is a SavedModel without any MetaGraphDef", path=file)
    return sm


def _other_message(data: bytes) -> str | None:
    """"a GraphDef" or "a MetaGraphDef" when a SavedModel's file is one of those instead."""
    from ..proto import graph_pb2
    from . import _is_metagraph, _plausible_graph
    gd = graph_pb2.GraphDef()
    try:
        gd.ParseFromString(data)
        if len(gd.node) and _plausible_graph(gd):
            return "a GraphDef"
    except (_pb_message.DecodeError, RuntimeError, ValueError):
        pass
    return "a MetaGraphDef" if _is_metagraph(data) else None


def load_savedmodel(path: str, *, signature: str | None = None, tag: str | None = None,
                    sm=None, inputs=None, batch: int | None = None, whole_graph: bool = False):
    from . import Loaded
    if whole_graph and signature is not None:
        raise UsageError("--whole-graph counts every node, --signature one signature's: give "
                         "one of them")
    sm = sm if sm is not None else read_savedmodel(path)
    mg = _choose_metagraph(sm, tag, path)
    outs = None  # --whole-graph: every node, none pruned
    aliases: dict[str, str] = {}
    if whole_graph:
        gd = mg.graph_def
    else:
        name, outs = signature_outputs(mg, signature or DEFAULT_SIGNATURE, path,
                                       default=signature is None)
        gd = prune(mg.graph_def, outs)
        # --input may name the signature's input keys (saved_model_cli's names): image ->
        # serving_default_image, the placeholder the key's tensor is
        nodes = {nd.name for nd in gd.node}
        keys = {key: parse_input(t.name)[0] for key, t in mg.signature_def[name].inputs.items()
                if t.name}
        for key, node in keys.items():  # a key that is another node's name: say which is meant
            if key in nodes and node != key and inputs and key in inputs:
                raise UsageError(f"--input {key}: '{key}' is both a node and the signature's "
                                 f"input key for node '{node}': give the node's name instead")
        aliases = {key: node for key, node in keys.items() if key not in nodes}
        inputs = with_aliases(inputs, aliases)
    trainable, var_shapes = _variables(mg, gd)
    if trainable is None:  # a TF1 SavedModel: its trainable_variables collection, if any
        trainable = trainable_from_collection(mg, path)
    _fill_handle_shapes(gd, var_shapes)
    # what TF's number is: the signature's function frozen (inlined, pruned to its outputs, no
    # _output_shapes anywhere: docs/savedmodel.md)
    flat, notes, loops = flatten(gd, path, inputs=inputs, batch=batch, roots=outs,
                                 keep_ops=VARIABLE_OPS, body_shapes=False)
    if whole_graph and len(mg.graph_def.library.function):
        notes.append("--whole-graph on a SavedModel with functions (TF2): TF's profiler on the "
                     "loaded graph counts nothing inside its calls, while macc counts the inlined "
                     "bodies; TF's number for such a model is a signature's frozen graph")
    what = "every node" if whole_graph else f"signature '{name}'"
    notes.insert(0, f"{what} of the MetaGraphDef tagged "
                    f"{','.join(mg.meta_info_def.tags) or '(none)'}")
    return Loaded(flat, "savedmodel", path, trainable, notes, loops=loops, input_aliases=aliases)


def with_aliases(inputs, aliases: dict[str, str]):
    """``inputs`` with a signature's input keys replaced by their placeholders' names."""
    if not inputs or not aliases:
        return inputs
    out: dict = {}
    for key, shape in inputs.items():
        node = aliases.get(key, key)
        if node in out:
            raise UsageError(f"--input names node '{node}' twice (as '{key}' and by another "
                             f"name: a signature key and its placeholder are one input)")
        out[node] = shape
    return out


def tag_set(tag: str) -> frozenset[str]:
    """``--tag serve,gpu`` -> {serve, gpu}: a MetaGraphDef's tags are a set."""
    return frozenset(t.strip() for t in tag.split(",") if t.strip())


def _choose_metagraph(sm, tag: str | None, path: str):
    want = tag_set(DEFAULT_TAG if tag is None else tag)  # --tag "": the empty tag set (TF1 hub)
    # the MetaGraphDef tagged exactly so (as TF's loader picks), else the first that has them all
    for exact in (True, False):
        for mg in sm.meta_graphs:
            tags = set(mg.meta_info_def.tags)
            if (tags == want) if exact else want <= tags:
                return mg
    if tag is None and len(sm.meta_graphs) == 1:
        return sm.meta_graphs[0]
    listed = "; ".join(",".join(mg.meta_info_def.tags) or "(none)" for mg in sm.meta_graphs)
    raise UsageError(f"{path}: no MetaGraphDef tagged '{DEFAULT_TAG if tag is None else tag}' "
                     f"(tag sets: {listed}; choose one with --tag TAG[,TAG...], --tag '' for "
                     "the empty set)")


def _variables(mg, gd) -> tuple[set[str] | None, dict[str, object]]:
    """(trainable VarHandleOp names, or None with no object graph; name -> SavedVariable)."""
    og = mg.object_graph_def
    if not og.nodes:
        return None, {}
    by_name = {nd.name: nd for nd in gd.node}
    trainable: set[str] = set()
    shapes: dict[str, object] = {}
    counted: set[int] = set()  # object ids already matched to a handle (no double counting)
    for nd in gd.node:
        if nd.op not in ("StatefulPartitionedCall", "PartitionedCall"):
            continue
        fn = og.concrete_functions.get(nd.attr["f"].func.name)
        if fn is None or not fn.bound_inputs:
            continue
        data = [parse_input(t)[0] for t in nd.input if not t.startswith("^")]
        captured = data[len(data) - len(fn.bound_inputs):]
        for obj_id, src in zip(fn.bound_inputs, captured):
            if not 0 <= obj_id < len(og.nodes) or src not in by_name:
                continue
            obj = og.nodes[obj_id]
            if obj.WhichOneof("kind") != "variable" or by_name[src].op not in VARIABLE_OPS:
                continue
            shapes[src] = obj.variable
            if obj.variable.trainable and obj_id not in counted:
                counted.add(obj_id)
                trainable.add(src)
    return trainable, shapes


def _fill_handle_shapes(gd, var_shapes) -> None:
    """A VarHandleOp without a known ``shape`` attr takes its SavedVariable's shape."""
    for nd in gd.node:
        sv = var_shapes.get(nd.name)
        if sv is None or nd.op != "VarHandleOp":
            continue
        cur = nd.attr["shape"].shape if "shape" in nd.attr else None
        if cur is None or cur.unknown_rank or any(d.size < 0 for d in cur.dim):
            nd.attr["shape"].shape.CopyFrom(sv.shape)
