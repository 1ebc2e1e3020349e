"""What TF's OpDef says about the attrs and inputs of common ops, checked before their shape
function runs (on the memo's miss path only: a node answered from the shape memo has the
serialized attrs and input shapes of one already checked).

For each op: the attrs with no default in TF's OpDef (TF refuses the graph without them; macc
would otherwise read a silent default), the expected kind of each attr when present, and the data
input count (a number, or the attr giving it: ``N`` inputs, ``N+1`` with a trailing axis). Type
attrs (``T``) are checked when present, never required: hand-built graphs often omit them.
"""

from __future__ import annotations

from ..errors import GraphError

# AttrValue's oneof field -> how the kind reads in a message
_KIND = {"i": "an int", "f": "a float", "b": "a bool", "s": "a string", "type": "a type",
         "shape": "a shape", "tensor": "a tensor", "list": "a list", "func": "a function",
         "placeholder": "a placeholder", None: "empty"}
_LIST_KIND = {"i": "ints", "f": "floats", "b": "bools", "s": "strings", "type": "types",
              "shape": "shapes", "tensor": "tensors", "func": "functions"}

_CONV = {"strides": "list(i)", "padding": "s", "data_format": "s", "dilations": "list(i)",
         "explicit_paddings": "list(i)", "T": "type"}
_CONV_REQ = ("strides", "padding")
_POOL = {"ksize": "list(i)", "strides": "list(i)", "padding": "s", "data_format": "s",
         "T": "type"}
_POOL_REQ = ("ksize", "strides", "padding")

# op -> (required attrs, {attr: kind}, data inputs: int, "N", "N+1" or None)
SIGNATURES: dict[str, tuple] = {
    "Conv2D": (_CONV_REQ, {**_CONV, "use_cudnn_on_gpu": "b"}, 2),
    "Conv3D": (_CONV_REQ, _CONV, 2),
    "DepthwiseConv2dNative": (_CONV_REQ, _CONV, 2),
    "Conv2DBackpropInput": (_CONV_REQ, {**_CONV, "use_cudnn_on_gpu": "b"}, 3),
    "MaxPool": (_POOL_REQ, _POOL, 1),
    "AvgPool": (_POOL_REQ, _POOL, 1),
    "MaxPool3D": (_POOL_REQ, _POOL, 1),
    "AvgPool3D": (_POOL_REQ, _POOL, 1),
    "MatMul": ((), {"transpose_a": "b", "transpose_b": "b", "T": "type"}, 2),
    "BatchMatMul": ((), {"adj_x": "b", "adj_y": "b", "T": "type"}, 2),
    "BatchMatMulV2": ((), {"adj_x": "b", "adj_y": "b", "T": "type"}, 2),
    "BatchMatMulV3": ((), {"adj_x": "b", "adj_y": "b", "Ta": "type", "Tb": "type",
                           "Tout": "type"}, 2),
    "BiasAdd": ((), {"data_format": "s", "T": "type"}, 2),
    "ConcatV2": (("N",), {"N": "i", "T": "type", "Tidx": "type"}, "N+1"),
    "Pack": (("N",), {"N": "i", "axis": "i", "T": "type"}, "N"),
    "AddN": (("N",), {"N": "i", "T": "type"}, "N"),
    "Placeholder": ((), {"dtype": "type", "shape": "shape"}, 0),
    "PlaceholderV2": ((), {"dtype": "type", "shape": "shape"}, 0),
}


def _describe(raw) -> str:
    kind = raw.WhichOneof("value")
    if kind == "list":
        for field, word in _LIST_KIND.items():
            if len(getattr(raw.list, field)):
                return f"a list of {word}"
        return "an empty list"
    return _KIND.get(kind, kind)


def _fits(raw, want: str) -> bool:
    kind = raw.WhichOneof("value")
    if want == "list(i)":
        return kind == "list" and not any(
            len(getattr(raw.list, f)) for f in _LIST_KIND if f != "i")
    return kind == want


def check_signature(node, sig) -> None:
    """Raise a GraphError when ``node`` lacks an attr TF requires, has one of the wrong kind, or
    has another number of data inputs than its OpDef takes."""
    required, kinds, arity = sig
    attrs = node.attrs
    for key in required:
        if key not in attrs:
            raise GraphError(f"attr '{key}' is missing (TF requires it)")
    for key, want in kinds.items():
        raw = attrs.raw(key)
        if raw is not None and not _fits(raw, want):
            expected = "a list of ints" if want == "list(i)" else _KIND[want]
            raise GraphError(f"attr '{key}' is {_describe(raw)}, expected {expected}")
    if arity is None:
        return
    if isinstance(arity, str):
        n, least = attrs.get("N"), 2 if node.op == "ConcatV2" else 1
        if n < least:
            raise GraphError(f"attr 'N' is {n}, TF requires at least {least}")
        need, what = n + (arity == "N+1"), f"N = {n}"
    else:
        need, what = arity, "its OpDef"
    got = len(node.inputs)
    if got != need:
        raise GraphError(f"has {got} data input{'' if got == 1 else 's'}, {what} takes {need}")
