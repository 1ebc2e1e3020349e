"""Shape inference one node at a time: :class:`ShapeState` holds what is known so far.

``infer_node(node)`` runs the node's shape function against the shapes and values of the nodes
added before it (producers first) and records the constant and partial values it produces. Both
the graph pass (:func:`macc.shapes.infer_shapes`) and the layer-spec builder use it.

Repeated blocks: most shape functions are pure functions of the op, the node's attrs and its
inputs' shapes and values, and big graphs repeat the same few blocks thousands of times. Their
results are memoised per process by (op, the NodeDef's serialized attrs, input shapes, input
value fingerprints); constants by their serialized attrs (the tensor) when the NodeDef is at
most 4 KB (a weight is never serialized: its size alone rules it out).
Ops that read or write resource-handle shapes, control-flow ops (whose result depends on which
producers have run), placeholders and variables always run, and so does any function registered
with ``shape_fn(..., memo=False)`` or marked with :func:`macc.shapes.registry.no_memo` — which
every shape function that reads anything else (another node, a function library) must be.
Errors are never memoised.

Each memo entry has a class number, unique in the process: nodes that got their shapes from the
same entry have the same op, attrs, input shapes and input values, so the cost formulas and the
report (which read nothing else) give them the same numbers. ``ShapeState.classes`` maps a node to
its class; the count and report passes compute each class once.
"""

from __future__ import annotations

from itertools import count as _counter

import numpy as np

from ..tensors import declared_bytes
from .registry import NO_VALUES, SHAPE_FNS, ShapeCtx, lookup
from .signatures import SIGNATURES, check_signature

# modules whose shape functions read more than (op, attrs, input shapes, input values)
_IMPURE_MODULES = frozenset({"macc.shapes.control_flow", "macc.shapes.core",
                             "macc.shapes.training", "macc.shapes.state"})
_IMPURE_OPS = frozenset({"ResourceGather", "ResourceGatherNd"})
_ATTR_TAGS = (b"", b"*", b"2", b":")  # what follows NodeDef's device: attr (5), fields 6 and 7
_MEMO: dict = {}
_MEMO_MAX = 1 << 16
MAX_KEY_BYTES = 1 << 12
_MAX_DECLARED_BYTES = 1 << 16  # a Const declaring more is a weight (sparse ones too: no key)
KEYED_CONST_OPS = frozenset({"Const", "HostConst"})
_PURE: dict = {}  # shape function -> whether its results may be memoised
_NOT_HASHABLE = object()
_CLASS_NUMBERS = _counter(1)  # never reused, even after the memo is cleared


def _call_by_op_name(ctx):
    return ctx.calls.for_node(ctx)


def _pure(op: str, fn) -> bool:
    """Whether ``fn``'s results may be memoised (cached per function in _PURE)."""
    ok = _PURE.get(fn)
    if ok is None:
        ok = _PURE[fn] = (getattr(fn, "__module__", "") not in _IMPURE_MODULES
                          and not getattr(fn, "macc_no_memo", False))
    return ok and op not in _IMPURE_OPS


_HEAD_TAGS = (0x0A, 0x12, 0x1A, 0x22)  # NodeDef's name (1), op (2), input (3), device (4)


def _attrs_key(node) -> bytes | None:
    """The NodeDef's serialized attrs (everything after name, op, inputs and device), or None when
    the node has no NodeDef, or the attrs are too big to keep as a key. The serializer writes
    fields in number order: the head's size is known from ``node.head`` (its strings' lengths)
    when it is all ASCII, else it is skipped field by field (each length-delimited)."""
    nd = node.proto
    if nd is None:
        return None
    data = node.wire
    if data is None:
        data = nd.SerializeToString()
    size = len(data)
    if size > MAX_KEY_BYTES:
        return None
    head = node.head
    # the head's size as Node.from_proto computed it holds when the head is all ASCII: a longer
    # string or a non-ASCII one puts a byte >= 0x80 (a length or the text) before that offset
    if head is not None and head <= size and data[:head].isascii():
        tail = data[head:]
        if tail[:1] == b"\x22":  # a device (field 4): skipped when shorter than 128 bytes
            n = tail[1] if len(tail) > 1 else 0x80
            tail = tail[2 + n:] if n < 0x80 else None
        if tail is not None:
            return tail if tail[:1] in _ATTR_TAGS else None
    pos = 0  # the head field by field
    while pos < size and data[pos] in _HEAD_TAGS:
        n = data[pos + 1] if pos + 1 < size else 0x80
        pos += 2
        if n >= 0x80:  # a length of two or more varint bytes (rare: strings over 127 bytes)
            n &= 0x7F
            shift = 7
            while True:
                if pos >= size or shift > 63:
                    return None
                b = data[pos]
                pos += 1
                n |= (b & 0x7F) << shift
                shift += 7
                if b < 0x80:
                    break
        pos += n
    if pos > size:
        return None
    tail = data[pos:]
    if tail[:1] not in _ATTR_TAGS:  # not the layout expected: no memo (never a wrong hit)
        return None
    return tail


def _fingerprint(arr):
    """A hashable stand-in for an ndarray's dtype, shape and contents."""
    if arr.dtype.kind == "O":
        flat = tuple(arr.reshape(-1).tolist())
        try:
            hash(flat)
        except TypeError:
            return _NOT_HASHABLE
        return ("O", arr.shape, flat)
    return (arr.dtype.str, arr.shape, arr.tobytes())


class ShapeState:
    """Output shapes, constant values, partial values and resource-handle shapes of the nodes
    added so far. ``outputs``: name -> sequence of shapes (tuples from the graph pass);
    ``values``/``partials``/``handles``: (name, port) -> value."""

    __slots__ = ("outputs", "values", "partials", "handles", "last_attrs", "classes", "calls",
                 "_ctx", "_fps")

    def __init__(self, library=None, refine_lists: bool = False):
        self.outputs: dict[str, tuple] = {}
        self.values: dict = {}
        self.partials: dict = {}
        self.handles: dict = {}
        self._fps: dict = {}  # (name, port) -> fingerprint of its value or partial value:
        # ("t", const key) | ("c", contents) | ("v", contents) | ("p", contents); equal
        # fingerprints, equal values; "t" and "c" are a Const node's own value (ShapeCtx.in_const)
        # the serialized attrs of the node last inferred, when its memo key read them
        self.last_attrs: bytes | None = None
        self.classes: dict[str, int] = {}  # name -> class number of its memo entry
        self._ctx = ShapeCtx(None, self.outputs, self.values, self.handles, self.partials,
                             self._fps)
        self._ctx.refine_lists = refine_lists
        self.calls = None
        if library is not None:
            from .calls import CallShapes
            self.calls = self._ctx.calls = CallShapes(library)

    def infer_node(self, node):
        """Run ``node``'s shape function: its output shapes (a sequence, one per output), or
        None when the op has no shape function. Constant and partial values the function
        produces are recorded; the shapes are not (the caller stores them in ``outputs``, after
        merging what else it knows). Errors of the shape function propagate."""
        op = node.op
        fn = SHAPE_FNS.get(op)
        if fn is None and (fn := lookup(op)) is None:  # lookup: its family's first node
            calls = self._ctx.calls  # an op named after a library function is a call
            if calls is None or op not in calls.funcs:
                return None
            fn = _call_by_op_name
        key = self.last_attrs = None
        if node.proto is not None:
            if op in KEYED_CONST_OPS:
                key = self._const_key(node)
            else:
                pure = _PURE.get(fn)
                if pure is None:
                    pure = _pure(op, fn)
                if pure and op not in _IMPURE_OPS:
                    key = self._key(node)
            if key is not None:
                try:
                    hit = _MEMO.get(key)
                except TypeError:  # a shape that is not a tuple: no memo
                    hit = key = None
                if hit is not None:
                    shapes, vals, parts, fps, self.classes[node.name] = hit
                    if parts:
                        self._record(node.name, vals, parts, fps)
                    elif vals:
                        if len(vals) == 1 and 0 in vals:  # _record of one value (constants)
                            ref = (node.name, 0)
                            self.values[ref] = vals[0]
                            self._fps[ref] = fps[0]
                        else:
                            self._record(node.name, vals, parts, fps)
                    return shapes
        sig = SIGNATURES.get(op)  # the memo's miss path only: a hit was checked before
        if sig is not None:
            check_signature(node, sig)
        ctx = self._ctx
        ctx.node = node
        ctx._out_values = ctx._out_partials = NO_VALUES
        with np.errstate(all="ignore"):  # folding constants: inf, nan and x/0 are TF's values, not warnings
            shapes = fn(ctx)
        vals, parts = ctx._out_values, ctx._out_partials
        fps = None
        if vals or parts:
            # a constant's value is told apart by its tensor (the key), others by their contents
            if op in KEYED_CONST_OPS and 0 in vals:
                fps = {0: ("t", key) if key is not None else ("c", _fingerprint(vals[0]))}
            fps = self._record(node.name, vals, parts, fps)
        if key is not None and type(shapes) in (list, tuple) and all(
                s is None or type(s) is tuple for s in shapes):
            if len(_MEMO) >= _MEMO_MAX:
                _MEMO.clear()
            cls = self.classes[node.name] = next(_CLASS_NUMBERS)
            _MEMO[key] = (tuple(shapes), dict(vals), dict(parts), fps, cls)
        return shapes

    def _record(self, name: str, vals, parts, fps: dict | None) -> dict:
        """Store a node's output values and partial values with their fingerprints (given, or
        computed here); the fingerprints by port."""
        fps = {} if fps is None else fps
        all_fps = self._fps
        for port, val in vals.items():
            ref = (name, port)
            self.values[ref] = val
            fp = fps.get(port)
            if fp is None:
                fp = fps[port] = ("v", _fingerprint(val))
            all_fps[ref] = fp
        for port, val in parts.items():
            if port not in vals:
                ref = (name, port)
                self.partials[ref] = val
                fp = fps.get(port)
                if fp is None:
                    fp = fps[port] = ("p", _fingerprint(val))
                all_fps[ref] = fp
        return fps

    def _const_key(self, node):
        """A Const's memo key: its serialized attrs (the value tensor and its dtype), when the
        NodeDef is small. A weight is never serialized, nor measured by protobuf (its ByteSize
        encodes the message): the size the file told (``Node.size``) rules it out, or, for
        graphs not read from a binary GraphDef, the size its dtype and shape declare."""
        size = node.size
        if size is None:
            value = node.proto.attr.get("value")
            declared = 0 if value is None else declared_bytes(value.tensor)
            if declared is None or declared > _MAX_DECLARED_BYTES:
                return None
            size = node.proto.ByteSize()  # at most that much to encode
        if size > MAX_KEY_BYTES:
            return None
        attrs = _attrs_key(node)
        if attrs is None:
            return None
        self.last_attrs = attrs
        return (node.op, attrs)

    def _key(self, node):
        attrs = _attrs_key(node)
        if attrs is None:
            return None
        self.last_attrs = attrs
        outputs, fps = self.outputs, self._fps
        ins = []
        append = ins.append
        for ref in node.inputs:
            outs = outputs.get(ref[0])
            port = ref[1]
            append(outs[port] if outs is not None and port < len(outs) else None)
            fp = fps.get(ref)  # every recorded value and partial value has one
            if fp is not None and fp[1] is _NOT_HASHABLE:
                return None
            append(fp)
        return (node.op, attrs, tuple(ins))
