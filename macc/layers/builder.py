"""The GraphDef builder behind lowering: NodeDefs with typed attrs, each node's output shapes
inferred with the shape registry as soon as it is added."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import MaccError, SpecError
from ..graph import Node, parse_input
from ..proto import attr_value_pb2, graph_pb2, tensor_pb2
from ..shapes import ShapeState
from ..shapes.registry import lookup

DT_FLOAT, DT_INT32, DT_INT64 = 1, 3, 9
INT32_MAX = 2**31 - 1
PRODUCER = 2474  # the GraphDef version TF 2.21 writes


@dataclass
class LayerInfo:
    """One row of the paper table: the nodes a layer lowered to and its output node."""
    path: str
    type: str
    kind: str
    nodes: list[str] = field(default_factory=list)
    output: str = ""


def attr_value(v) -> attr_value_pb2.AttrValue:
    """Python value -> AttrValue. Tags: ('type', n), ('shape', dims), ('ints', [..]), a TensorProto,
    bool, int, float, str."""
    a = attr_value_pb2.AttrValue()
    if isinstance(v, tuple) and v and v[0] == "type":
        a.type = v[1]
    elif isinstance(v, tuple) and v and v[0] == "shape":
        for d in v[1]:
            a.shape.dim.add().size = d
    elif isinstance(v, tuple) and v and v[0] == "ints":
        a.list.i.extend(v[1])
        if not v[1]:
            a.list.SetInParent()
    elif isinstance(v, tensor_pb2.TensorProto):
        a.tensor.CopyFrom(v)
    elif isinstance(v, bool):
        a.b = v
    elif isinstance(v, int):
        a.i = v
    elif isinstance(v, float):
        a.f = v
    elif isinstance(v, str):
        a.s = v.encode()
    else:  # pragma: no cover - a programming error
        raise TypeError(f"no attr encoding for {v!r}")
    return a


F32 = ("type", DT_FLOAT)
I32 = ("type", DT_INT32)


class Builder:
    """Appends NodeDefs and infers each one's output shapes at once with the shape registry."""

    def __init__(self, source: str):
        self.source = source
        self.gd = graph_pb2.GraphDef()
        self.gd.versions.producer = PRODUCER
        self.state = ShapeState()  # shapes inferred node by node, as the graph pass does
        self.outputs = self.state.outputs
        self.layer: LayerInfo | None = None
        self.missing: dict[str, str] = {}  # node -> op without a shape function
        self.int64: set[str] = set()  # integer constants too big for int32, held as int64

    def add(self, name: str, op: str, inputs=(), **attrs) -> str:
        if name in self.outputs:
            raise SpecError(f"{self._where()}two layers lower to the node name '{name}'; "
                            f"give them distinct names")
        nd = self.gd.node.add()
        nd.name, nd.op = name, op
        nd.input.extend(inputs)
        if self.int64 and any(parse_input(i)[0] in self.int64 for i in inputs):
            # the index input is int64 (a shape past int32, as TF makes it): so is its type attr
            attrs = {k: ("type", DT_INT64) if k != "T" and k[0] == "T" and v == I32 else v
                     for k, v in attrs.items()}
        for k, v in attrs.items():
            nd.attr[k].CopyFrom(attr_value(v))
        node = Node.from_proto(nd)
        fn = lookup(op)
        if self.layer is not None:
            self.layer.nodes.append(name)
        if fn is None:  # unknown from here on; a layer that needs this shape says so
            self.outputs[name] = [None]
            self.missing[name] = op
            return name
        try:
            self.outputs[name] = list(self.state.infer_node(node))
        except MaccError as e:
            raise SpecError(f"{self._where()}{e.detail}") from None
        return name

    def _where(self) -> str:
        return f"layer '{self.layer.path}' ({self.layer.type}): " if self.layer else ""

    def shape(self, ref: str):
        name, port, _ = parse_input(ref)
        outs = self.outputs.get(name) or []
        s = outs[port] if port < len(outs) else None
        if s is None or any(d is None for d in s):
            raise SpecError(f"{self._where()}the shape of its input '{ref}' is not known"
                            + (f" (no shape function for op {self.missing[name]})"
                               if name in self.missing else ""))
        return s

    def var(self, name: str, shape) -> str:
        return self.add(name, "VariableV2", shape=("shape", list(shape)), dtype=F32,
                        container="", shared_name="")

    def const(self, name: str, values=None, *, shape=None, dtype=DT_INT32) -> str:
        """An int32 constant holding ``values`` (int64, as TF makes a constant of Python ints, when
        one is past int32), or a float constant of ``shape`` without values."""
        t = tensor_pb2.TensorProto(dtype=dtype)
        if values is not None:
            shape = [len(values)] if isinstance(values, list) else []
            vals = values if isinstance(values, list) else [values]
            if any(abs(v) > INT32_MAX for v in vals):
                if any(abs(v) >= 2**63 for v in vals):
                    raise SpecError(f"{self._where()}a dimension past int64 ({max(vals)})")
                dtype = t.dtype = DT_INT64
                t.int64_val.extend(vals)
                self.int64.add(name)
            else:
                t.int_val.extend(vals)
        for d in shape:
            t.tensor_shape.dim.add().size = d
        return self.add(name, "Const", value=t, dtype=("type", dtype))

    def error(self, fld: str, msg: str) -> SpecError:
        return SpecError(f"{self._where()}field '{fld}': {msg}")
