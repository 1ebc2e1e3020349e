"""A tiny builder of hand-made graphs for the shape tests: ``G().ph(...).op(...).infer()``."""

from __future__ import annotations

import numpy as np

from macc.graph import Graph, Node
from macc.proto import tensor_pb2
from macc.shapes import infer_shapes

_DT = {np.dtype(np.float32): 1, np.dtype(np.float64): 2, np.dtype(np.int32): 3,
       np.dtype(np.int64): 9, np.dtype(np.bool_): 10}


def tensor(value, dtype=None) -> tensor_pb2.TensorProto:
    arr = np.asarray(value, dtype=dtype)
    if arr.dtype == np.int64 and dtype is None:
        arr = arr.astype(np.int32)
    t = tensor_pb2.TensorProto(dtype=_DT[arr.dtype], tensor_content=arr.tobytes())
    for d in arr.shape:
        t.tensor_shape.dim.add().size = d
    return t


def _ref(text):
    name, _, port = text.partition(":")
    return name, int(port or 0)


class G:
    def __init__(self):
        self.nodes = []

    def ph(self, name, shape, dtype=1):
        self.nodes.append(Node(name, "Placeholder", attrs={"shape": shape, "dtype": dtype}))
        return self

    def const(self, name, value, dtype=None):
        t = tensor(value, dtype)
        self.nodes.append(Node(name, "Const", attrs={"value": t, "dtype": t.dtype}))
        return self

    def op(self, name, op, *inputs, **attrs):
        self.nodes.append(Node(name, op, [_ref(i) for i in inputs], attrs=attrs))
        return self

    def infer(self, **inputs):
        return infer_shapes(Graph(self.nodes), inputs or None)

    def shape(self, name, port=0, **inputs):
        return self.infer(**inputs).of(name, port)
