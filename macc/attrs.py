"""AttrValue -> plain Python values, decoded lazily on first access.

ints, floats, bools, dtypes (their enum number), shapes (tuples, None for an unknown rank),
strings (str when UTF-8, else bytes), lists of any of these; tensors stay TensorProto (decode them
with :func:`macc.tensors.tensor_value` only when needed); functions become their name.
"""

from __future__ import annotations

from collections.abc import Mapping

from .tensors import shape_from_proto


def _text(b: bytes):
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b


def decode_attr(v):
    kind = v.WhichOneof("value")
    if kind is None:
        return None
    if kind == "s":
        return _text(v.s)
    if kind in ("i", "f", "b", "type"):
        return getattr(v, kind)
    if kind == "tensor":
        return v.tensor
    if kind == "func":
        return v.func.name
    if kind == "placeholder":
        return v.placeholder
    if kind == "list" and len(v.list.tensor):
        return _decode_list(v.list)  # TensorProtos: neither hashable nor cheap to serialize
    if kind == "shape" or kind == "list":
        # strides, ksize, _output_shapes...: a handful of distinct values repeated over the graph,
        # and reading them element by element builds a wrapper per element (upb)
        key = v.SerializeToString()
        hit = _DECODED.get(key, _MISS)
        if hit is _MISS:
            hit = shape_from_proto(v.shape) if kind == "shape" else _decode_list(v.list)
            if len(_DECODED) >= _DECODED_MAX:
                _DECODED.clear()
            _DECODED[key] = hit
        return list(hit) if kind == "list" else hit  # lists are the caller's to keep
    return None


_DECODED: dict = {}  # serialized AttrValue -> decoded shape or list (immutable elements)
_DECODED_MAX = 1 << 14
_MISS = object()


def _decode_list(lst):
    for field in ("s", "i", "f", "b", "type", "shape", "tensor", "func"):
        items = getattr(lst, field)
        if len(items):
            if field == "s":
                return [_text(x) for x in items]
            if field == "shape":
                return [shape_from_proto(x) for x in items]
            if field == "func":
                return [x.name for x in items]
            return list(items)
    return []


class Attrs(Mapping):
    """Read-only view of a NodeDef's attr map; each value decoded once, on first access.

    ``Attrs.of_node(nd)`` does not even touch the NodeDef's attr map until an attr is asked for
    (upb builds a wrapper object for it, and repeated-block nodes answered from the shape and
    count memos never read an attr)."""

    __slots__ = ("_map", "_cache", "_nd")

    def __init__(self, proto_map=None, values: dict | None = None):
        self._map = proto_map
        self._cache = dict(values) if values else {}
        self._nd = None

    @classmethod
    def of_node(cls, nd) -> Attrs:
        a = _new(cls)
        a._map = None
        a._cache = {}
        a._nd = nd
        return a

    @property
    def _proto(self):
        """The AttrValue map (None for attrs given as plain values)."""
        m = self._map
        if m is None and self._nd is not None:
            m = self._map = self._nd.attr
            self._nd = None
        return m

    def __getitem__(self, key):
        try:
            return self._cache[key]
        except KeyError:
            pass
        proto = self._proto
        if proto is None or key not in proto:
            raise KeyError(key)
        val = self._cache[key] = decode_attr(proto[key])
        return val

    def get(self, key, default=None):
        """Like ``self[key]`` with a default, without raising (called per node on hot paths)."""
        cache = self._cache
        if key in cache:
            return cache[key]
        proto = self._map
        if proto is None:
            nd = self._nd
            if nd is None:
                return default
            proto = self._map = nd.attr
            self._nd = None
        raw = proto.get(key)
        if raw is None:
            return default
        val = cache[key] = decode_attr(raw)
        return val

    def __contains__(self, key):
        if key in self._cache:
            return True
        proto = self._proto
        return proto is not None and key in proto

    def __iter__(self):
        keys = set(self._cache)
        proto = self._proto
        if proto is not None:
            keys.update(proto.keys())
        return iter(sorted(keys))

    def __len__(self):
        return sum(1 for _ in self)

    def raw(self, key):
        """The undecoded AttrValue (None when absent or built from plain values)."""
        proto = self._proto
        if proto is not None and key in proto:
            return proto[key]
        return None


_new = object.__new__


def op_default(op: str, key: str, default=None):
    """The default TF's OpDef gives attr ``key`` of ``op`` (what TF fills in when a NodeDef leaves
    it out, as SavedModels do), else ``default``. Read only for attrs a node lacks."""
    from .op_defaults import DEFAULTS  # 1,034 ops: loaded on the first attr a node lacks

    table = DEFAULTS.get(op)
    if table is None or key not in table:
        return default
    value = table[key]
    return list(value) if isinstance(value, list) else value  # lists are the caller's to keep
