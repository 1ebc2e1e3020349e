"""MetaGraphDef (``.meta``): its GraphDef with the function library inlined, its trainable
variables from the ``trainable_variables`` collection, and optionally one signature's subgraph.

Without ``--signature`` every node of the graph is kept (as TF's profiler visits them all:
initializers count). With it, only what the signature's outputs depend on is kept.
"""

from __future__ import annotations

from google.protobuf import message as _pb_message

from ..errors import FormatError, UsageError
from ..graph import parse_input
from ..inline import has_calls, inline_library
from ..inline.branches import choose_branches
from ..inline.live import keep_live, needed
from ..proto import graph_pb2, variable_pb2

VARIABLE_OPS = frozenset({"VariableV2", "Variable", "VarHandleOp", "TemporaryVariable"})


def trainable_from_collection(meta_graph, path: str) -> set[str] | None:
    """Node names of the ``trainable_variables`` collection; None when there is no collection."""
    coll = meta_graph.collection_def.get("trainable_variables")
    if coll is None:
        return None
    names = set()
    for raw in coll.bytes_list.value:
        vd = variable_pb2.VariableDef()
        try:
            vd.ParseFromString(raw)
        except _pb_message.DecodeError:
            raise FormatError("has a 'trainable_variables' collection entry that is not a "
                              "VariableDef", path=path) from None
        names.add(parse_input(vd.variable_name)[0])
    for name in coll.node_list.value:
        names.add(parse_input(name)[0])
    return names


def signature_outputs(meta_graph, name: str, path: str, *, default: bool) -> tuple[str, list[str]]:
    """(the signature's name, the node names of its outputs)."""
    sigs = meta_graph.signature_def
    usable = sorted(k for k in sigs if not k.startswith("__"))
    if name not in sigs:
        if default and len(usable) == 1:
            name = usable[0]
        else:
            listed = ", ".join(usable) or "none"
            raise UsageError(f"{path}: no signature '{name}' (signatures: {listed}; choose one "
                             "with --signature NAME)")
    sig = sigs[name]
    outs = [parse_input(t.name)[0] for t in sig.outputs.values() if t.name]
    if not outs:
        raise FormatError(f"signature '{name}' has no named outputs", path=path)
    return name, outs


def prune(graph_def, roots: list[str], *, keep_ops=frozenset()):
    """The nodes ``roots`` depend on (data and control inputs), plus nodes of ``keep_ops``."""
    keep = needed(graph_def, roots)
    out = graph_pb2.GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.library.CopyFrom(graph_def.library)
    out.node.extend(nd for nd in graph_def.node if nd.name in keep or nd.op in keep_ops)
    return out


def flatten(graph_def, path: str, *, inputs=None, batch: int | None = None, roots=None,
            keep_ops=frozenset(), body_shapes: bool = True
            ) -> tuple[object, list[str], list[str]]:
    """Inline the library (if any node calls into it); the flat GraphDef, warnings, and the
    inlined While loops (:class:`macc.inline.LoopWiring`: counted once; the report gives their
    cost per iteration and, where the cond bounds a counter, their trip count).
    ``inputs``/``batch``: the input shapes an If/Case's branches are costed under.
    ``roots``: a signature's output nodes; the inlined graph then keeps only what they need
    (and the nodes of ``keep_ops``), as freezing does (:mod:`macc.inline.live`).
    ``body_shapes=False``: drop the bodies' ``_output_shapes`` (TF's frozen graph has none)."""
    if not has_calls(graph_def):
        return graph_def, [], []
    inlined = inline_library(graph_def, source=path, keep_noinline=True, body_shapes=body_shapes)
    if roots is not None:
        keep_live(inlined, roots, keep_ops=keep_ops)
    flat, notes = choose_branches(inlined, source=path, inputs=inputs, batch=batch)
    kept = inlined.kept_calls
    kept_note = (f"; kept {kept} call{'' if kept == 1 else 's'} of _noinline functions as "
                 "calls, as TF's freezing does" if kept else "")
    notes.insert(0, f"inlined {inlined.calls} function calls{kept_note} (TF's profiler counts "
                    "nothing inside functions; its number for this model is that of the frozen "
                    "graph)")
    return flat, notes, list(inlined.wirings)


def load_metagraph(meta_graph, path: str, fmt: str, *, signature: str | None = None,
                   tag: str | None = None, inputs=None, batch: int | None = None,
                   whole_graph: bool = False):
    from . import Loaded
    if whole_graph and signature is not None:
        raise UsageError("--whole-graph counts every node, --signature one signature's: give "
                         "one of them")
    if tag is not None:
        from .savedmodel import tag_set
        tags = list(meta_graph.meta_info_def.tags)
        if not tag_set(tag) <= set(tags):
            raise UsageError(f"{path}: the MetaGraphDef has tags {tags or 'none'}, not '{tag}'")
    gd = meta_graph.graph_def
    from . import legacy_placeholders
    legacy_placeholders(gd)
    notes = []
    outs = None  # no signature: every node (as TF's profiler visits them all)
    if signature is not None:
        name, outs = signature_outputs(meta_graph, signature, path, default=False)
        gd = prune(gd, outs, keep_ops=VARIABLE_OPS)
        notes.append(f"signature '{name}': only the nodes its outputs depend on are counted")
    flat, more, loops = flatten(gd, path, inputs=inputs, batch=batch,
                                roots=outs,
                                keep_ops=VARIABLE_OPS)
    return Loaded(flat, fmt, path, trainable_from_collection(meta_graph, path), notes + more,
                  loops=loops)
