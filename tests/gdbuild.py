"""Hand-built GraphDefs for the error tests: ``add(gd, name, op, inputs, attr=value, ...)``."""

from __future__ import annotations

from macc.proto import attr_value_pb2, graph_pb2, tensor_pb2

FLOAT, INT32 = 1, 3


def shape(dims, unknown_rank=False):
    a = attr_value_pb2.AttrValue()
    a.shape.unknown_rank = unknown_rank
    for d in dims:
        a.shape.dim.add().size = d
    return a


def dtype(t):
    return attr_value_pb2.AttrValue(type=t)


def tensor(dims, dt=FLOAT, content=b"", **vals):
    t = tensor_pb2.TensorProto(dtype=dt, tensor_content=content)
    for d in dims:
        t.tensor_shape.dim.add().size = d
    for field, v in vals.items():
        getattr(t, field).extend(v)
    return attr_value_pb2.AttrValue(tensor=t)


def _attr(v):
    if isinstance(v, attr_value_pb2.AttrValue):
        return v
    if isinstance(v, bool):
        return attr_value_pb2.AttrValue(b=v)
    if isinstance(v, int):
        return attr_value_pb2.AttrValue(i=v)
    if isinstance(v, float):
        return attr_value_pb2.AttrValue(f=v)
    if isinstance(v, str):
        return attr_value_pb2.AttrValue(s=v.encode())
    a = attr_value_pb2.AttrValue()
    a.list.i.extend(v)
    return a


def add(gd, name, op, inputs=(), **attrs):
    n = gd.node.add(name=name, op=op)
    n.input.extend(inputs)
    for k, v in attrs.items():
        n.attr[k].CopyFrom(_attr(v))
    return n


def placeholder(gd, name, dims, dt=FLOAT):
    return add(gd, name, "Placeholder", dtype=dtype(dt), shape=shape(dims))


def const(gd, name, dims, dt=FLOAT, content=b"", **vals):
    return add(gd, name, "Const", dtype=dtype(dt), value=tensor(dims, dt, content, **vals))


def new():
    gd = graph_pb2.GraphDef()
    gd.versions.producer = 2474  # TF writes one in every GraphDef (2474: TF 2.21)
    return gd


def write(tmp_path, gd, name="model.pb"):
    p = tmp_path / name
    p.write_bytes(gd.SerializeToString())
    return str(p)
